"""``X-REQUEST-SIGNATURE`` values: base64 of ``<unix seconds>.<address signature>``.

The signer is recovered offline (EIP-191 personal message of the timestamp for
``0x`` signatures, Bitcoin signed message for base64 ones); Gluwa accepts the
header for 10 minutes after the timestamp, so the report says until when it
could be replayed.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime, timezone
from typing import Any

import regex

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict
from leakscan.validate import crypto

VALIDITY_SECONDS = 600
_PLAIN = regex.compile(r"^(?P<ts>[0-9]{9,11})\.(?P<sig>0x[0-9a-fA-F]{130}|[A-Za-z0-9+/]{86}[A-Za-z0-9+/=]{2})$")


def decode_header(value: str) -> tuple[int, str] | None:
    """(timestamp, signature text) from the header value (base64 or already plain)."""
    text = value
    if not _PLAIN.match(value):
        try:
            text = base64.b64decode(value, validate=True).decode("ascii")
        except (binascii.Error, ValueError, UnicodeDecodeError):
            return None
    m = _PLAIN.match(text)
    return (int(m["ts"]), m["sig"]) if m else None


def recover(timestamp: int, signature: str) -> tuple[str, str] | None:
    """(scheme, signer address) or None when no key could have made this signature."""
    message = str(timestamp).encode()
    # "0x" can also begin a base64 signature: only 0x + 130 hex digits is Ethereum's
    if signature.startswith("0x") and len(signature) == 132:
        try:
            raw_eth = bytes.fromhex(signature[2:])
        except ValueError:
            return None
        signer = crypto.recover_eth_personal_signer(message, raw_eth)
        return ("ethereum-eip191", signer) if signer else None
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return None
    signer = crypto.recover_btc_message_signer(message, raw)
    return ("bitcoin-signed-message", signer) if signer else None


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).isoformat().replace("+00:00", "Z")


def validate(match: RuleMatch, fragment: Fragment, now: float, scratch: Scratch | None = None) -> Verdict:
    decoded = decode_header(match.secret.decode("ascii", "replace"))
    if decoded is None:
        return Verdict(False, reason="not base64 of <unix seconds>.<signature>")
    timestamp, signature = decoded
    recovered = recover(timestamp, signature)
    if recovered is None:
        return Verdict(False, reason="no signer can be recovered")
    scheme, signer = recovered
    facts: dict[str, Any] = {
        "scheme": scheme,
        "signer": signer,
        "signed_at": _iso(timestamp),
        "replayable_until": _iso(timestamp + VALIDITY_SECONDS),
        "replayable_now": timestamp <= now < timestamp + VALIDITY_SECONDS,
    }
    return Verdict(True, rule_id=match.rule_id, key_type="request-signature", facts=facts)
