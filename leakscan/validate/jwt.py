"""JWTs: Glomo API keys (``env`` claim, used as Bearer) versus generic JWTs.

The key type is read in the order the evidence is strongest: claims, then the
name the key is bound to, then usage (a key sent as ``Authorization: Bearer``
to the API is a secret key, per the Glomo document).
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime, timezone
from typing import Any

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict
from leakscan.validate.context import line_before, mentions, nearest_name, words

GLOMO, GENERIC = "glomo-api-key", "generic-jwt"
_ENVIRONMENTS = {"test": "test", "sandbox": "test", "testing": "test", "live": "live",
                 "production": "live", "prod": "live"}
_PUBLIC = {"public", "publishable", "pk", "pub"}
_SECRET = {"secret", "private", "sk", "priv"}
_TYPE_CLAIMS = ("key_type", "keyType", "type", "kind", "typ", "scope", "key")


def decode_segment(segment: str) -> Any:
    """base64url JSON, or None: bad input is 'not a JWT', never an exception."""
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        return json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        return None


def validate(match: RuleMatch, fragment: Fragment, now: float, scratch: Scratch | None = None) -> Verdict:
    token = match.secret.decode("ascii", "replace")
    parts = token.split(".")
    if len(parts) != 3:
        return Verdict(False, reason="not three segments")
    header, claims = decode_segment(parts[0]), decode_segment(parts[1])
    if not isinstance(header, dict) or "alg" not in header:
        return Verdict(False, reason="header is not a JWT header")
    if not isinstance(claims, dict):
        return Verdict(False, reason="payload is not a JSON object")
    env_claim = str(claims.get("env", claims.get("environment", ""))).lower()
    # decoded claims outrank nearby words: a token whose issuer is someone else is not a Glomo key,
    # whatever the surrounding text says
    glomo = env_claim in ("test", "live") or _mentions_glomo(claims) or (
        not _foreign_issuer(claims) and mentions(fragment, match.start, match.end, (b"glomo",), radius=300))
    facts: dict[str, Any] = {"header": header, "claims": _short(claims)}
    key_type, evidence = _key_type(claims, match, fragment)
    facts["key_type_evidence"] = evidence
    _expiry(claims, now, facts)
    return Verdict(
        True,
        rule_id=GLOMO if glomo else GENERIC,
        key_type=key_type if glomo else "jwt",
        environment=_ENVIRONMENTS.get(env_claim, "unknown"),
        facts=facts,
    )


def _foreign_issuer(claims: dict[str, Any]) -> bool:
    """An ``iss`` claim that names an issuer other than Glomo."""
    issuer = claims.get("iss")
    return isinstance(issuer, str) and bool(issuer.strip()) and "glomo" not in issuer.lower()


def _mentions_glomo(claims: dict[str, Any]) -> bool:
    return any("glomo" in str(claims.get(k, "")).lower() for k in ("iss", "aud", "sub"))


def _key_type(claims: dict[str, Any], match: RuleMatch, fragment: Fragment) -> tuple[str, str]:
    for name in _TYPE_CLAIMS:
        value = str(claims.get(name, "")).lower()
        found = set(words(value)) | ({value[:2]} if value[2:3] == "_" else set())
        if found & _SECRET:
            return "secret", f"claim {name}={value}"
        if found & _PUBLIC:
            return "public", f"claim {name}={value}"
    name = nearest_name(fragment.data, match.start)
    found = set(words(name))
    if found & _SECRET:
        return "secret", f"bound to {name}"
    if found & _PUBLIC:
        return "public", f"bound to {name}"
    if line_before(fragment.data, match.start).rstrip(b" \t'\"").lower().endswith(b"bearer"):
        return "secret", "used as Authorization: Bearer"
    return "unknown", "no claim, name or usage says"


def _expiry(claims: dict[str, Any], now: float, facts: dict[str, Any]) -> None:
    exp = claims.get("exp")
    if isinstance(exp, (int, float)) and not isinstance(exp, bool):
        try:
            facts["expires_at"] = datetime.fromtimestamp(exp, timezone.utc).isoformat()
        except (OverflowError, OSError, ValueError):
            return
        facts["expired"] = exp < now


def _short(claims: dict[str, Any]) -> dict[str, Any]:
    """Claims as reported: long values cut, so a report never carries a blob."""
    return {k: (v[:80] + "…" if isinstance(v, str) and len(v) > 80 else v) for k, v in list(claims.items())[:30]}
