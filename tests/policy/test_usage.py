"""DESIGN.md's table, row by row, and its modifiers."""

from __future__ import annotations

import pytest

import leakscan
from leakscan.model import Placement, Verdict
from leakscan.policy.usage import DEFAULT_TABLE, Row, key_problem, severity_for, with_overrides
from testing import secrets

CLIENT, ELSEWHERE = Placement(client_side=True, reason="t"), Placement(client_side=False, reason="t")

# (rule, key type, environment, in client code, elsewhere) as DESIGN.md writes it
DESIGN = [
    ("glomo-api-key", "secret", "live", "critical", "critical"),
    ("glomo-api-key", "secret", "test", "high", "medium"),
    ("glomo-api-key", "public", "live", "medium", "info"),
    ("glomo-api-key", "public", "test", "info", "info"),
    ("gluwa-basic-token", "api-key-and-secret", "unknown", "critical", "high"),
    ("hex-private-key", "private-key", "unknown", "critical", "critical"),
    ("gluwa-request-signature", "request-signature", "unknown", "low", "low"),
]


def sev(rule: str, key_type: str, env: str, placement: Placement, table: dict[str, Row] | None = None,
        **facts: object) -> str:
    verdict = Verdict(True, rule, key_type, env, dict(facts))
    return severity_for(table or DEFAULT_TABLE, rule, "low", verdict, placement)[0]


@pytest.mark.parametrize(("rule", "kt", "env", "client", "elsewhere"), DESIGN, ids=lambda v: str(v))
def test_design_table(rule: str, kt: str, env: str, client: str, elsewhere: str) -> None:
    assert (sev(rule, kt, env, CLIENT), sev(rule, kt, env, ELSEWHERE)) == (client, elsewhere)


def test_unknowns_read_safely() -> None:
    assert sev("glomo-api-key", "secret", "unknown", ELSEWHERE) == "critical"  # unknown env = live
    assert sev("glomo-api-key", "unknown", "test", CLIENT) == "high"  # unknown type = secret
    assert sev("glomo-api-key", "unknown", "unknown", CLIENT) == "critical"


def test_expired_drops_one_level() -> None:
    assert sev("glomo-api-key", "secret", "live", CLIENT, expired=True) == "high"
    assert sev("glomo-api-key", "public", "live", CLIENT, expired=True) == "low"
    assert sev("glomo-api-key", "public", "test", CLIENT, expired=True) == "info"
    assert sev("glomo-api-key", "secret", "live", CLIENT, expired=False) == "critical"


def test_modifiers_of_hex_keys_and_signatures() -> None:
    # a possible key (nothing says key) is info wherever it sits; client-side raises nothing
    assert sev("hex-private-key", "private-key", "unknown", ELSEWHERE, corroborated=False) == "info"
    assert sev("hex-private-key", "private-key", "unknown", CLIENT, corroborated=False) == "info"
    assert sev("hex-private-key", "private-key", "unknown", CLIENT, corroborated=True) == "critical"
    assert sev("bitcoin-wif-private-key", "private-key", "live", ELSEWHERE, corroborated=False) == "info"
    assert sev("gluwa-request-signature", "request-signature", "unknown", CLIENT, replayable_now=True) == "high"
    assert sev("gluwa-request-signature", "request-signature", "unknown", ELSEWHERE, replayable_now=True) == "low"


def test_general_override_replaces_the_rows_beneath_it() -> None:
    table = with_overrides(DEFAULT_TABLE, {"glomo-api-key.secret": Row("critical", "high")})
    assert "glomo-api-key.secret.live" not in table and "glomo-api-key.public.live" in table
    assert sev("glomo-api-key", "secret", "test", ELSEWHERE, table) == "high"
    assert sev("glomo-api-key", "secret", "live", ELSEWHERE, table) == "high"


@pytest.mark.parametrize(("key", "problem"), [
    ("glomo-api-kee.secret", "no such rule"),
    ("glomo-api-key.unknown", "count as secret"),
    ("glomo-api-key.secret.staging", "test or live"),
    ("glomo-api-key.secret.live.x", "rule[.key_type[.environment]]"),
])
def test_row_keys_that_can_match_nothing_are_refused(key: str, problem: str) -> None:
    assert problem in (key_problem(key, {"glomo-api-key"}) or "")
    assert key_problem("glomo-api-key.public.test", {"glomo-api-key"}) is None


def test_an_allowed_key_is_not_told_to_rotate():
    """The usage table allows a public test key anywhere: its fix must not say "rotate the key"."""
    allowed = leakscan.scan_text(f'const publishableKey = "{secrets.glomo_key("test", "public", seed=141)}";\n',
                                 "web/checkout.tsx").findings[0]
    assert allowed.severity == "info" and allowed.remediation.startswith("Nothing to rotate: allowed by the usage")
    secret = leakscan.scan_text(f'const key = "{secrets.glomo_key("live", "secret", seed=142)}";\n',
                                "web/checkout.tsx").findings[0]
    assert secret.remediation.startswith("Rotate the key in the Glomo dashboard")
