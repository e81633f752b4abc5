"""Where the built-in rules come from, and what happens when they are missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from leakscan.errors import ConfigError
from leakscan.rules import loader


def test_builtin_rules_found_in_checkout() -> None:
    names = [p.name for p in loader.builtin_rule_files()]
    assert names == sorted(names) and {"crypto.toml", "glomo.toml", "gluwa.toml"} <= set(names)


def test_missing_rule_files_are_an_error_not_zero_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        run_cli) -> None:
    def no_package(name: str):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(loader.resources, "files", no_package)
    monkeypatch.setattr(loader, "__file__", str(tmp_path / "site" / "leakscan" / "rules" / "loader.py"))
    with pytest.raises(ConfigError, match="no rule files found"):
        loader.builtin_rule_files()
    for args in (["rules", "list"], ["scan", str(tmp_path)]):
        run = run_cli(*args)
        assert run.exit_code == 2 and run.stderr.count("\n") == 1 and "no rule files" in run.stderr
