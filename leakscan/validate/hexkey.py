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

from dataclasses import replace

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict
from leakscan.validate import crypto, hexkind, knownkeys, ownfiles
from leakscan.validate.context import line_before
from leakscan.validate.hexcontext import bound_name
from leakscan.validate.hexfile import FileFacts
from leakscan.validate.hexindex import HexIndex
from leakscan.validate.hexnames import hash_evidence, judge_name, key_evidence, value_names


def _memo(fragment: Fragment) -> dict[tuple[int, int, bytes], Verdict]:
    return {}


def validate(match: RuleMatch, fragment: Fragment, now: float, scratch: Scratch | None = None) -> Verdict:
    """Two rules (hex-private-key, hex-secret) match the same value: it is judged once per fragment."""
    value_start = match.start - 2 if fragment.data[match.start - 2 : match.start].lower() == b"0x" else match.start
    if match.match_start != value_start:  # hex-secret's own match starts at the kind word before the value
        match = replace(match, match_start=value_start, match_end=match.end)
    if scratch is None:
        return _judge(match, fragment, None)
    memo = scratch.get(_memo)
    key = (match.start, match.end, match.secret)
    if key not in memo:
        memo[key] = _judge(match, fragment, scratch)
    return memo[key]


def _judge(match: RuleMatch, fragment: Fragment, scratch: Scratch | None) -> Verdict:
    hexstr = match.secret.decode("ascii", "replace").lower().removeprefix("0x")
    raw = bytes.fromhex(hexstr)
    if not crypto.is_valid_scalar(raw):
        return Verdict(False, reason="not a secp256k1 scalar")
    own = ownfiles.fingerprint_slot(fragment, match)
    if own:  # leakscan's ignore file or report: reading it back must not create a finding
        return Verdict(False, reason=f"not a key: {own}")
    index = scratch.get(HexIndex) if scratch is not None else HexIndex(fragment)
    hints = scratch.get(hexkind.Hints) if scratch is not None else hexkind.Hints(fragment)
    named = hints.present and hexkind.near(hints, match.match_start)
    kind = _named_kind(fragment.data, match.match_start) if named else None
    file = scratch.get(FileFacts) if scratch is not None else FileFacts(fragment)
    reason = None if kind else hash_evidence(fragment, match, file)
    if reason and not index.may_hold_address():
        # nothing could corroborate it: decided here, before the costlier checks
        # and the curve multiplication (lockfiles hold thousands of these)
        return Verdict(False, reason=f"not a key: {reason}")
    rejected, plain = index.value(hexstr, raw)
    if rejected:
        return Verdict(False, reason=rejected)
    published = knownkeys.published(plain)
    if published:  # everyone has it: listed, never blocking (a fresh dapp template must pass the hook)
        return _key(plain, known_public=True, published=published, corroborated=True,
                    corroboration="a published key")
    if index.contains(plain.encode()):
        return _key(plain, corroborated=True, corroboration="derived address appears in the same file")
    if kind:
        return _secret(kind)
    if reason:
        return Verdict(False, reason=f"not a key: {reason}")
    evidence = key_evidence(fragment.data, match.match_start, file.column(fragment.data, match.match_start))
    kind = hexkind.of_file(hints, evidence)
    if kind:
        return _secret(kind)
    evidence = evidence or index.other_encoding(raw)
    if evidence:
        return _key(plain, corroborated=True, corroboration=evidence)
    return _key(plain, corroborated=False, corroboration="possible key: nothing says key or hash")


def _named_kind(data: bytes, start: int) -> hexkind.Kind | None:
    own = bool(bound_name(line_before(data, start)))
    return hexkind.of_names(value_names(data, start), own, judge_name, lambda: hexkind.first_argument(data, start))


def _key(plain: str, **facts: object) -> Verdict:
    """A secp256k1 / Ethereum key: its derived address is reported (EIP-55 cased)."""
    return Verdict(True, rule_id="hex-private-key", key_type="private-key",
                   facts={"address": crypto.eip55(plain), **facts})


def _secret(kind: hexkind.Kind) -> Verdict:
    """Another kind of secret: no address (it is not an account), its own rule and fix."""
    facts = {"kind": kind.key_type, "corroborated": True, "corroboration": kind.reason}
    return Verdict(True, rule_id="hex-secret", key_type=kind.key_type, facts=facts)
