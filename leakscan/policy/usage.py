"""The provider's usage table as data: (rule, key type, environment) x placement -> severity.

Rows are keyed ``rule_id[.key_type[.environment]]`` and the most specific row
wins; each row gives the severity in client-side code and anywhere else.
Unknown environment counts as live, unknown key type as secret (the Glomo
document's safe reading). Configuration may replace any row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from leakscan.model import SEVERITIES, Placement, Verdict


@dataclass(frozen=True)
class Row:
    client: str
    elsewhere: str
    note: str = ""


DEFAULT_TABLE: dict[str, Row] = {
    "glomo-api-key.secret.live": Row("critical", "critical", "secret live key: must never leave the server"),
    "glomo-api-key.secret.test": Row("high", "medium", "secret test key: server-side only"),
    "glomo-api-key.public.live": Row("medium", "info", "live public key shipped to clients"),
    "glomo-api-key.public.test": Row("info", "info", "allowed by the usage table"),
    "gluwa-basic-token": Row("critical", "high", "API key and secret"),
    "gluwa-api-credential": Row("critical", "high", "API key or secret"),
    "gluwa-basic-credential": Row("critical", "high", "API key and secret, written raw"),
    "hex-private-key": Row("critical", "critical", "signs requests and moves funds"),
    "bitcoin-wif-private-key": Row("critical", "critical", "signs requests and moves funds"),
    "hex-secret": Row("high", "high", "HMAC/JWT, cipher, Engine API or non-secp256k1 signing secret"),
    "gluwa-request-signature": Row("low", "low", "replayable for 10 minutes after signing"),
    "generic-jwt": Row("low", "low", "a JWT with no Glomo traits"),
    "url-credentials": Row("low", "low", "credentials inside a URL"),
}


def remediation(table: Mapping[str, Row], row_key: str, default: str) -> str:
    """The rule's fix, unless the table's row allows the key where it sits (its note begins "allowed"):
    then there is nothing to rotate, and saying "rotate the key" would teach people to ignore fixes."""
    row = table.get(row_key)
    if row is None or not row.note.lower().startswith("allowed"):
        return default
    return (f"Nothing to rotate: {row.note} ({row_key}). Check that this is the public test key you meant "
            "to ship; secret and live keys stay server-side.")


MODIFIERS = (
    "unknown environment counts as live; unknown key type counts as secret",
    "an expired key drops one level",
    "a hex or WIF key that nothing corroborates (no derived address, key name, key-consuming call or"
    " other encoding of the key) is a possible key: info, wherever it sits",
    "a published key (dev-chain default accounts, test-suite and document examples) is info, known_public",
    "a JWT whose role claim grants admin (Supabase service_role) is at least high; an anon role is info",
    "a request signature in client code is high while still inside its 10 minutes",
)


def key_problem(key: str, rule_ids: set[str]) -> str | None:
    """Why a row key cannot match anything, or None: a typo must not silently change nothing."""
    parts = key.split(".")
    if parts[0] not in rule_ids:
        return f"no such rule: {parts[0]}"
    if len(parts) > 3:
        return "a row is rule[.key_type[.environment]]"
    if len(parts) > 1 and parts[1] == "unknown":
        return "unknown key types count as secret: use the .secret row"
    if len(parts) == 3 and parts[2] not in ("test", "live"):
        return "environment is test or live (unknown counts as live)"
    return None


def with_overrides(table: Mapping[str, Row], overrides: Mapping[str, Row]) -> dict[str, Row]:
    """Overrides replace rows; a general override also replaces the more specific rows beneath it,
    so ``glomo-api-key.secret`` set in configuration is not shadowed by ``glomo-api-key.secret.live``."""
    out = {k: v for k, v in table.items() if not any(k.startswith(o + ".") for o in overrides)}
    out.update(overrides)
    return out


def normalise(verdict: Verdict) -> tuple[str, str]:
    """The table's reading of unknowns: unknown key type is secret, unknown environment live."""
    key_type = "secret" if verdict.key_type == "unknown" else verdict.key_type
    environment = "live" if verdict.environment == "unknown" else verdict.environment
    return key_type, environment


def lookup(table: Mapping[str, Row], rule_id: str, key_type: str, environment: str) -> tuple[str, Row] | None:
    for key in (f"{rule_id}.{key_type}.{environment}", f"{rule_id}.{key_type}", rule_id):
        if key in table:
            return key, table[key]
    return None


def lower(severity: str, steps: int = 1) -> str:
    return SEVERITIES[max(0, SEVERITIES.index(severity) - steps)]


def severity_for(
    table: Mapping[str, Row], rule_id: str, default: str, verdict: Verdict, placement: Placement
) -> tuple[str, str]:
    """(severity, the table row that decided it); modifiers are the document's own."""
    key_type, environment = normalise(verdict)
    found = lookup(table, rule_id, key_type, environment)
    row_key, row = found if found else ("rule default", Row(default, default))
    severity = row.client if placement.client_side else row.elsewhere
    facts = verdict.facts
    if facts.get("expired") is True:
        severity = lower(severity)
    if facts.get("corroborated") is False or facts.get("known_public"):
        severity = "info"
    if facts.get("grants") == "admin":  # a service_role token bypasses every access rule
        severity = max(severity, "high", key=SEVERITIES.index)
    elif facts.get("grants") == "anonymous":  # an anon key is meant to ship to browsers
        severity = "info"  # positive evidence or nothing: a hook that blocks on hashes is switched off
    if rule_id == "gluwa-request-signature" and placement.client_side and facts.get("replayable_now"):
        severity = "high"
    if rule_id == "gluwa-request-signature" and facts.get("replayable_when_logged"):
        severity = max(severity, "high", key=SEVERITIES.index)  # logged while replayable: readers could replay it
    return severity, row_key
