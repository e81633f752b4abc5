"""Config allowlists (paths, regexes, stop words, rules; any/all), each with its reason."""

from __future__ import annotations

import re

import pytest

from leakscan.config import build_config
from leakscan.errors import ConfigError
from leakscan.model import Fragment
from leakscan.scans.files import scan_fragments
from testing import secrets

HEX = secrets.hex_key(71)
KEY = secrets.glomo_key("live", "secret", seed=72)


def _scan(allowlists, fragments):
    return scan_fragments(fragments, build_config({"allowlist": allowlists}, "test.toml"))


def _fragments():
    return [
        Fragment(f"private_key = '{HEX}'\n".encode(), "tests/fixtures/keys.py"),
        Fragment(f"GLOMO_SECRET_KEY={KEY}\n".encode(), "deploy/.env"),
    ]


def test_paths_allowlist_suppresses_with_its_reason():
    result = _scan([{"reason": "generated fixtures", "paths": ["tests/fixtures/**"]}], _fragments())
    assert [f.path for f in result.findings] == ["deploy/.env"]
    [s] = result.suppressed
    assert (s.kind, s.reason) == ("allowlist", "allowlist: generated fixtures")


def test_regex_on_the_secret():
    result = _scan([{"reason": "known test key", "regexes": [f"^{HEX[:10]}"]}], _fragments())
    assert [s.finding.rule_id for s in result.suppressed] == ["hex-private-key"]


def test_stopwords_match_inside_the_secret_case_insensitively():
    marker = secrets.basic_token("gk_live_5d2e91", "Zq8vLm2xWt9pRk4s")
    frag = Fragment(f'auth = "Basic {marker}"  # gluwa\n'.encode(), "docs.py")
    assert len(_scan([], [frag]).findings) == 1
    # the stop word is looked for in the secret as written (base64 here)
    word = marker[4:12].lower()
    assert _scan([{"reason": "docs sample", "stopwords": [word]}], [frag]).findings == []


def test_rules_limit_an_allowlist():
    allow = [{"reason": "fixtures", "paths": ["**"], "rules": ["glomo-api-key"]}]
    result = _scan(allow, _fragments())
    assert [f.rule_id for f in result.findings] == ["hex-private-key"]


def test_condition_all_needs_every_field():
    allow = [{"reason": "both", "paths": ["deploy/**"], "regexes": ["^nomatch"], "condition": "all"}]
    assert len(_scan(allow, _fragments()).findings) == 2
    allow[0]["regexes"] = ["^eyJ"]
    assert [f.path for f in _scan(allow, _fragments()).findings] == ["tests/fixtures/keys.py"]


@pytest.mark.parametrize(
    ("allowlist", "field"),
    [({"paths": ["x"]}, "allowlist[0].reason"), ({"reason": " "}, "allowlist[0].reason"),
     ({"reason": "r", "regexes": ["("]}, "allowlist[0].regexes"),
     ({"reason": "r", "condition": "most"}, "allowlist[0].condition")],
    ids=["no-reason", "blank-reason", "bad-regex", "bad-condition"],
)
def test_every_allowlist_needs_a_reason_and_valid_fields(allowlist, field):
    with pytest.raises(ConfigError, match=re.escape(f"field '{field}'")):
        build_config({"allowlist": [allowlist]}, "test.toml")
