"""Bitcoin WIF private keys: base58check with version 0x80/0xef, a valid scalar."""

from __future__ import annotations

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict
from leakscan.validate import crypto


def validate(match: RuleMatch, fragment: Fragment, now: float, scratch: Scratch | None = None) -> Verdict:
    key = crypto.decode_wif(match.secret.decode("ascii", "replace"))
    if key is None:
        return Verdict(False, reason="not base58check WIF of a valid key")
    return Verdict(
        True,
        rule_id=match.rule_id,
        key_type="private-key",
        environment="test" if key.testnet else "live",
        facts={
            "address": key.address(),
            "compressed": key.compressed,
            "network": "testnet" if key.testnet else "mainnet",
        },
    )
