""".leakscan.toml and [tool.leakscan] take the same schema: user rules, disabled rules, allowlists."""

from __future__ import annotations

from pathlib import Path

import pytest

from leakscan.config import find_config, load_config
from leakscan.errors import ConfigError
from leakscan.scans.files import scan_paths
from testing import secrets

KEY = secrets.hex_key(81)
USER_RULE = '''
[[rules]]
id = "acme-token"
title = "ACME token"
severity = "medium"
keywords = ["acme_"]
regex = \'\'\'acme_(?P<secret>[a-z0-9]{16})\'\'\'
'''
BODY = USER_RULE + '''
[scan]
disabled_rules = ["generic-jwt"]
exclude = ["vendor/"]

[[allowlist]]
reason = "fixture keys for the test suite"
paths = ["fixtures/**"]

[[allowlist]]
reason = "documented dummy token"
regexes = ["^0000"]
rules = ["acme-token"]
'''


def _files(root: Path) -> None:
    (root / "fixtures").mkdir()
    (root / "fixtures" / "k.env").write_text(f"PRIVATE_KEY={KEY}\n")
    (root / "vendor").mkdir()
    (root / "vendor" / "k.env").write_text(f"PRIVATE_KEY={KEY}\n")
    (root / "app.cfg").write_text(f"token = acme_q1w2e3r4t5y6u7i8\ndummy = acme_0000aaaabbbbcccc\n"
                                  f"jwt = {secrets.generic_jwt(seed=82)}\n")


def _as_pyproject(body: str) -> str:
    """The same document under [tool.leakscan]: every table name gains the prefix."""
    out = ['[project]\nname = "demo"\n']
    for line in body.splitlines():
        if line.startswith("[["):
            line = "[[tool.leakscan." + line[2:]
        elif line.startswith("["):
            line = "[tool.leakscan." + line[1:]
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("where", [".leakscan.toml", "pyproject.toml"])
def test_same_schema_in_both_places(tmp_path: Path, where: str) -> None:
    _files(tmp_path)
    (tmp_path / where).write_text(BODY if where == ".leakscan.toml" else _as_pyproject(BODY))
    assert find_config(tmp_path) == tmp_path / where
    result = scan_paths([str(tmp_path)])
    assert [(f.path, f.rule_id, f.line) for f in result.findings] == [("app.cfg", "acme-token", 1)]
    assert result.findings[0].severity == "medium"
    reasons = sorted((s.finding.path, s.reason) for s in result.suppressed)
    assert reasons == [("app.cfg", "allowlist: documented dummy token"),
                       ("fixtures/k.env", "allowlist: fixture keys for the test suite")]


def test_leakscan_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / ".leakscan.toml").write_text("")
    (tmp_path / "pyproject.toml").write_text(_as_pyproject(BODY))
    assert find_config(tmp_path) == tmp_path / ".leakscan.toml"


def test_pyproject_without_section_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) is None
    assert load_config(None).source == "built-in defaults"


def test_disabled_rules_are_gone(tmp_path: Path) -> None:
    (tmp_path / ".leakscan.toml").write_text('[scan]\ndisabled_rules = ["hex-private-key"]\n')
    cfg = load_config(tmp_path / ".leakscan.toml")
    assert cfg.rule("hex-private-key") is None and cfg.rule("glomo-api-key") is not None
    (tmp_path / "a.env").write_text(f"PRIVATE_KEY={KEY}\n")
    assert scan_paths([str(tmp_path)]).findings == []


def test_allowlist_needs_a_reason(tmp_path: Path) -> None:
    (tmp_path / ".leakscan.toml").write_text('[[allowlist]]\nreason = "  "\npaths = ["x"]\n')
    with pytest.raises(ConfigError, match=r"allowlist\[0\]\.reason"):
        load_config(tmp_path / ".leakscan.toml")


def test_allowlist_condition_all(tmp_path: Path) -> None:
    (tmp_path / ".leakscan.toml").write_text(
        f'[[allowlist]]\nreason = "only the docs copy"\npaths = ["docs/**"]\nstopwords = ["{KEY[:10]}"]\n'
        'condition = "all"\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(f"PRIVATE_KEY={KEY}\n")
    (tmp_path / "docs" / "b.md").write_text(f"PRIVATE_KEY={secrets.hex_key(83)}\n")
    result = scan_paths([str(tmp_path)])
    assert [f.path for f in result.findings] == ["docs/b.md"]
    assert [s.finding.path for s in result.suppressed] == ["docs/a.md"]


def test_inline_allow_is_per_rule(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        f"A = '{KEY}'  # leakscan:allow hex-private-key published test vector\n"
        f"B = '{secrets.hex_key(84)}'  # leakscan:allow glomo-api-key\n")
    result = scan_paths([str(tmp_path)])
    assert [f.line for f in result.findings] == [2]
    assert [s.reason for s in result.suppressed] == ["inline leakscan:allow (published test vector)"]


def test_policy_override(tmp_path: Path) -> None:
    (tmp_path / ".leakscan.toml").write_text('[policy]\n"hex-private-key" = {elsewhere = "medium"}\n')
    (tmp_path / "a.env").write_text(f"PRIVATE_KEY={KEY}\n")
    [f] = scan_paths([str(tmp_path)]).findings
    assert f.severity == "medium"


def test_user_rule_with_duplicate_id_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".leakscan.toml").write_text(USER_RULE + USER_RULE)
    with pytest.raises(ConfigError, match="acme-token.*field 'id'"):
        load_config(tmp_path / ".leakscan.toml")


def test_project_config_allowlists_its_fixtures() -> None:
    """The repository's own config must keep its own scan clean (CI runs `leakscan scan .`)."""
    root = Path(__file__).parents[1]
    result = scan_paths([str(root)], jobs=1)
    assert result.findings == []
    assert all(s.reason.startswith(("allowlist:", "inline")) for s in result.suppressed)


def _repo(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / ".leakscan.toml").write_text('[[allowlist]]\nreason = "fixture keys"\npaths = ["fixtures/**"]\n')
    (root / "fixtures").mkdir()
    (root / "fixtures" / "k.env").write_text(f"PRIVATE_KEY={KEY}\n")
    (root / "app").mkdir()
    (root / "app" / "k.env").write_text(f"PRIVATE_KEY={secrets.hex_key(85)}\n")
    return root


@pytest.mark.parametrize(("cwd", "target"), [
    ("repo", "."), ("repo/app", ".."), ("", "repo"), ("repo/app", "../fixtures"), ("repo", "fixtures"),
    ("elsewhere", "../repo"), ("elsewhere", "ABS")])
def test_config_and_allowlist_paths_wherever_the_scan_starts(tmp_path: Path, run_cli, cwd: str,
                                                             target: str) -> None:
    """The repository's config applies to a scan of it or of a folder in it, from any working folder."""
    repo = _repo(tmp_path / "repo")
    (tmp_path / "elsewhere").mkdir()
    target = str(repo) if target == "ABS" else target
    run = run_cli("scan", target, "--format", "json", cwd=str(tmp_path / cwd))
    doc = run.json()
    assert not [f for f in doc["findings"] if f["path"].endswith("fixtures/k.env")]
    assert doc["summary"]["suppressed"] == 1
    if "fixtures" not in target:
        assert [f["path"].rsplit("/", 2)[-2:] for f in doc["findings"]] == [["app", "k.env"]]


def test_config_is_not_looked_for_above_a_non_repository(tmp_path: Path) -> None:
    (tmp_path / ".leakscan.toml").write_text('[scan]\ndisabled_rules = ["hex-private-key"]\n')
    (tmp_path / "sub").mkdir()
    assert find_config(tmp_path / "sub") is None
    assert find_config(tmp_path) == tmp_path / ".leakscan.toml"
