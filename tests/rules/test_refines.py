"""A validator refines a match only to the rules the rule's data names in ``refines``, when enabled."""

from __future__ import annotations

from pathlib import Path

import pytest

from leakscan import scan_paths
from leakscan.config import load_config
from leakscan.errors import ConfigError
from testing import secrets

ACME = '''
[[rules]]
id = "acme-session-jwt"
title = "ACME session token"
severity = "high"
keywords = ["acme_session"]
regex = \'\'\'acme_session\\s*=\\s*"(?P<secret>eyJ[A-Za-z0-9_.-]+)"\'\'\'
validator = "jwt"
{refines}
[scan]
disabled_rules = [{disabled}]
'''


def _scan(tmp_path: Path, refines: str = "", disabled: str = "") -> list[tuple[str, str]]:
    (tmp_path / ".leakscan.toml").write_text(ACME.format(refines=refines, disabled=disabled))
    (tmp_path / "app.py").write_text(f'acme_session = "{secrets.generic_jwt(seed=91)}"\n')
    result = scan_paths([str(tmp_path)])
    return [(f.rule_id, f.severity) for f in result.findings]


def test_a_user_rule_with_the_jwt_validator_keeps_its_id_and_severity(tmp_path: Path) -> None:
    found = _scan(tmp_path)
    assert ("acme-session-jwt", "high") in found


def test_it_still_finds_with_generic_jwt_disabled(tmp_path: Path) -> None:
    assert _scan(tmp_path, disabled='"generic-jwt"') == [("acme-session-jwt", "high")]


def test_refines_named_in_the_data_hand_the_match_over(tmp_path: Path) -> None:
    found = _scan(tmp_path, refines='refines = ["generic-jwt"]')
    assert found == [("generic-jwt", "low")]


def test_a_refined_rule_that_is_disabled_drops_the_match(tmp_path: Path) -> None:
    assert _scan(tmp_path, refines='refines = ["generic-jwt"]', disabled='"generic-jwt"') == []


def test_refines_must_name_another_rule(tmp_path: Path) -> None:
    (tmp_path / ".leakscan.toml").write_text(ACME.format(refines='refines = ["no-such-rule"]', disabled=""))
    with pytest.raises(ConfigError, match="refines"):
        load_config(tmp_path / ".leakscan.toml")


def test_builtin_jwt_rules_name_each_other() -> None:
    rules = {r.id: r for r in load_config(None).rules}
    assert rules["glomo-api-key"].refines == ("generic-jwt",)
    assert rules["generic-jwt"].refines == ("glomo-api-key",)
