"""``Basic <base64>`` tokens that decode to ``key:secret`` (Gluwa API key and secret).

Prose ("Basic usage"), challenges (``WWW-Authenticate: Basic realm=…``),
template placeholders and base64 that is not ``key:secret`` are rejected here.
"""

from __future__ import annotations

import base64
import binascii

from leakscan.model import Fragment, RuleMatch, Scratch, Secret, Verdict
from leakscan.redaction import redact
from leakscan.validate.context import is_placeholder, line_before, mentions

KNOWN_PUBLIC = {("abcd", "1234"): "the Gluwa documentation's example key and secret (YWJjZDoxMjM0)"}
PLACEHOLDER_PAIRS = {("username", "password"), ("user", "pass"), ("user", "password"),
                      ("key", "secret"), ("api_key", "api_secret"), ("apikey", "apisecret"),
                      ("client_id", "client_secret"), ("login", "password"), ("foo", "bar")}


def decode_pair(token: str) -> tuple[str, str] | None:
    """``key:secret`` from a canonical base64 token, or None."""
    try:
        raw = base64.b64decode(token, validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    key, sep, secret = text.partition(":")
    if not sep or not key or not secret:
        return None
    if not text.isprintable() or any(c.isspace() for c in text):
        return None
    return key, secret


def validate(match: RuleMatch, fragment: Fragment, now: float, scratch: Scratch | None = None) -> Verdict:
    token = match.secret.decode("ascii", "replace")
    if b"www-authenticate" in line_before(fragment.data, match.start).lower():
        return Verdict(False, reason="an authentication challenge, not a credential")
    pair = decode_pair(token)
    if pair is None:
        return Verdict(False, reason="does not decode to key:secret")
    key, secret = pair
    if is_placeholder(key) or is_placeholder(secret) or (key.lower(), secret.lower()) in PLACEHOLDER_PAIRS:
        return Verdict(False, reason="placeholder credentials")
    gluwa = mentions(fragment, match.start, match.end, (b"gluwa",), radius=600)
    facts: dict[str, object] = {"api_key": redact(key), "api_secret": redact(secret), "gluwa_context": gluwa}
    if (key, secret) in KNOWN_PUBLIC:
        facts["known_public"] = KNOWN_PUBLIC[(key, secret)]
    return Verdict(True, rule_id=match.rule_id, key_type="api-key-and-secret", environment="unknown", facts=facts,
                   identity=pair_identity(key, secret))


def pair_identity(key: str, secret: str) -> tuple[str, Secret]:
    """One fingerprint for a key and secret however written: that of its canonical ``Basic`` token
    (unchanged for the tokens baselines already hold), so ``curl -u k:s`` is the same secret."""
    token = base64.b64encode(f"{key}:{secret}".encode()).decode("ascii")
    return "gluwa-basic-token", Secret(token)
