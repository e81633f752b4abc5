"""JWTs: Glomo API keys (``env`` claim, used as Bearer) versus generic JWTs.

The key type is read in the order the evidence is strongest: claims, then the
name the key is bound to, then usage (a key sent as ``Authorization: Bearer``
to the API is a secret key, per the Glomo document).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from datetime import datetime, timezone
from typing import Any

import regex

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict
from leakscan.validate.context import line_before, mentions, nearest_name, words
from leakscan.validate.hexcontext import container_name, starts_line
from leakscan.validate.hexevidence import names_above

GLOMO, GENERIC = "glomo-api-key", "generic-jwt"
_ENVIRONMENTS = {"test": "test", "sandbox": "test", "testing": "test", "live": "live",
                 "production": "live", "prod": "live"}
_PUBLIC = {"public", "publishable", "pk", "pub"}
_SECRET = {"secret", "private", "sk", "priv"}
_TYPE_CLAIMS = ("key_type", "keyType", "type", "kind", "typ", "scope", "key")
# Calls that set up a client SDK in the browser or app: they are given the public key.
_INIT_CALLS = {"init", "initialize", "configure", "setup"}
# After "Bearer": an interpolation or concatenation, not a literal token.
_BEARER_USE = regex.compile(rb"""\s*(?:\$\{|\{|["'`]\s*\+|["'`]\s*%|["'`]\s*,|\s*\#\{)""")


def _finite(text: str) -> float | str:
    value = float(text)
    return value if math.isfinite(value) else text


def decode_segment(segment: str) -> Any:
    """base64url JSON, or None: bad input is 'not a JWT', never an exception."""
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        # NaN, Infinity and 1e999 stay text: a report must not carry a float no strict JSON parser reads
        return json.loads(raw.decode("utf-8"), parse_constant=str, parse_float=_finite)
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
    if str(header.get("alg", "")).lower() == "none":
        return Verdict(False, reason="alg: none: an unsigned token anyone can forge, not a credential")
    env_claim = str(claims.get("env", claims.get("environment", ""))).lower()
    # decoded claims outrank nearby words: a token whose issuer is someone else is not a Glomo key,
    # whatever the surrounding text says
    glomo = env_claim in ("test", "live") or _mentions_glomo(claims) or (
        not _foreign_issuer(claims) and mentions(fragment, match.start, match.end, (b"glomo",), radius=300))
    facts: dict[str, Any] = {"header": header, "claims": _short(claims)}
    facts.update(_role(claims))
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
    """An ``iss`` claim that names an issuer other than Glomo (Supabase, Auth0, Firebase, …)."""
    issuer = claims.get("iss")
    return isinstance(issuer, str) and bool(issuer.strip()) and "glomo" not in issuer.lower()


# Roles that grant administrative access (Supabase's service_role bypasses row-level security).
_ADMIN_ROLES = {"service_role", "supabase_admin", "admin", "administrator", "superuser", "root"}
_ANON_ROLES = {"anon", "anonymous", "public"}


def _role(claims: dict[str, Any]) -> dict[str, Any]:
    """What the token's own role claim grants: admin tokens are high anywhere, anon keys public."""
    role = str(claims.get("role", "")).lower()
    if role in _ADMIN_ROLES:
        return {"role": role, "grants": "admin"}
    if role in _ANON_ROLES:
        return {"role": role, "grants": "anonymous"}
    return {}


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
    name = _bound_name(fragment.data, match.start)
    found = set(words(name))
    if found & _SECRET:
        return "secret", f"bound to {name}"
    if found & _PUBLIC:
        return "public", f"bound to {name}"
    if line_before(fragment.data, match.start).rstrip(b" \t'\"").lower().endswith(b"bearer"):
        return "secret", "used as Authorization: Bearer"
    if name and _sent_as_bearer(fragment.data, name):
        return "secret", f"bound to {name}, which the file sends as Authorization: Bearer"
    init = container_name(fragment.data, match.start)
    if init.endswith("(") and words(init) and words(init)[-1] in _INIT_CALLS:
        return "public", f"passed to {init.rstrip('(')}() (a client SDK's init call takes the public key)"
    return "unknown", "no claim, name or usage says"


def _bound_name(data: bytes, start: int) -> str:
    """The name on the value's line, else the one on the line above that leads into it
    (formatters wrap ``const GLOMO_SECRET_KEY =`` onto its own line)."""
    name = nearest_name(data, start)
    if name or not starts_line(data, start):
        return name
    above = [n for n in names_above(data, start) if not n.endswith("(")]
    return above[0] if above else ""


def _sent_as_bearer(data: bytes, name: str) -> bool:
    """The name reappears as a Bearer token in the file (``Bearer ${GLOMO_KEY}``, ``"Bearer " + apiKey``,
    ``f"Bearer {api_key}"``): read from each ``Bearer`` to the end of its line, at most 64 of them."""
    short = name.rsplit(".", 1)[-1].encode()
    at, seen = data.find(b"Bearer"), 0
    while at != -1 and seen < 64:
        end = data.find(b"\n", at, at + 200)
        if _BEARER_USE.match(data[at + 6 : end if end != -1 else at + 200]) and short in data[at : at + 200]:
            tail = data[at + 6 : end if end != -1 else at + 200]
            if regex.search(rb"(?<![A-Za-z0-9_$])" + regex.escape(short) + rb"(?![A-Za-z0-9_$])", tail):
                return True
        at, seen = data.find(b"Bearer", at + 6), seen + 1
    return False


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
