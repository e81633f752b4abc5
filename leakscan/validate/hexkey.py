"""64-hex-digit secp256k1 / Ethereum private keys, told apart from hashes.

Every SHA-256 digest is also a valid scalar, so the value alone decides
nothing.  Hashes are excluded only on positive evidence that they are hashes
(a ``sha256:`` prefix, a ``digest`` or ``txHash`` name, a lockfile, sha256sum
output, a git object line); keys are corroborated when their derived address
appears in the same fragment or their name says key/private/secret/wallet.
What the value alone says is in :mod:`hexvalue`, the fragment's hex index in
:mod:`hexindex`, the names around it in :mod:`hexnames`.
"""

from __future__ import annotations

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict
from leakscan.validate import crypto, knownkeys, ownfiles
from leakscan.validate.hexindex import HexIndex
from leakscan.validate.hexnames import hash_evidence, key_evidence


def validate(match: RuleMatch, fragment: Fragment, now: float, scratch: Scratch | None = None) -> Verdict:
    hexstr = match.secret.decode("ascii", "replace").lower().removeprefix("0x")
    raw = bytes.fromhex(hexstr)
    if not crypto.is_valid_scalar(raw):
        return Verdict(False, reason="not a secp256k1 scalar")
    own = ownfiles.fingerprint_slot(fragment, match)
    if own:  # leakscan's ignore file or report: reading it back must not create a finding
        return Verdict(False, reason=f"not a key: {own}")
    index = scratch.get(HexIndex) if scratch is not None else HexIndex(fragment)
    reason = hash_evidence(fragment, match)
    if reason and not index.may_hold_address():
        # nothing could corroborate it: decided here, before the costlier checks
        # and the curve multiplication (lockfiles hold thousands of these)
        return Verdict(False, reason=f"not a key: {reason}")
    rejected, plain = index.value(hexstr, raw)
    if rejected:
        return Verdict(False, reason=rejected)
    facts: dict[str, object]
    published = knownkeys.published(plain)
    if published:  # everyone has it: listed, never blocking (a fresh dapp template must pass the hook)
        facts = {"address": crypto.eip55(plain), "known_public": True, "published": published,
                 "corroborated": True, "corroboration": "a published key"}
        return Verdict(True, rule_id=match.rule_id, key_type="private-key", facts=facts)
    if index.contains(plain.encode()):
        facts = {"address": crypto.eip55(plain)}
        facts.update(corroborated=True, corroboration="derived address appears in the same file")
        return Verdict(True, rule_id=match.rule_id, key_type="private-key", facts=facts)
    if reason:
        return Verdict(False, reason=f"not a key: {reason}")
    facts = {"address": crypto.eip55(plain)}
    evidence = key_evidence(fragment.data, match.match_start) or index.other_encoding(raw)
    if evidence:
        facts.update(corroborated=True, corroboration=evidence)
    else:
        facts.update(corroborated=False, corroboration="possible key: nothing says key or hash")
    return Verdict(True, rule_id=match.rule_id, key_type="private-key", facts=facts)
