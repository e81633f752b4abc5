"""64-hex-digit secp256k1 / Ethereum private keys, told apart from hashes.

Every SHA-256 digest is also a valid scalar, so the value alone decides
nothing.  Hashes are excluded only on positive evidence that they are hashes
(a ``sha256:`` prefix, a ``digest`` or ``txHash`` name, a lockfile, sha256sum
output, a git object line); keys are corroborated when their derived address
appears in the same fragment or their name says key/private/secret/wallet.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Iterator
from functools import cached_property

import regex

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict
from leakscan.validate import crypto, hexevidence, knownkeys, ownfiles
from leakscan.validate.context import line_after, line_before, words
from leakscan.validate.hexcontext import bound_name, container_name, lines_before, starts_line
from leakscan.validate.hexwords import (
    HASH_FILE_WORDS,
    HASH_WORDS,
    KEY_NAMES,
    KEY_WORDS,
    KNOWN_CONSTANTS,
    LOCKFILES,
    NOT_KEY_PHRASES,
    PUBLIC_MODIFIERS,
    PUBLIC_WORDS,
    SECRET_WORDS,
)

# Code that holds public data, never a key: Solidity constants (they ship in the
# deployed bytecode), EVM assembly memory words, Bitcoin scripts.
_CONTRACT_SOURCES = (".sol", ".vy", ".yul")
_CONSTANT = regex.compile(rb"\b(?:constant|immutable)\b")
_EVM_ASM = regex.compile(rb"\bmstore8?\s*\(")
_SCRIPT = regex.compile(rb"\b(?:OP_[A-Z0-9_]+|CHECKSIG(?:VERIFY)?|CHECKMULTISIG(?:VERIFY)?|EQUALVERIFY|HASH160)\b")
# A declaration or comment on the lines above a value that starts its own line.
_ABOVE = regex.compile(rb"(?i)\bbytes32\b|keccak|\bsha-?(?:256|3)\b|\bhash(?:es)?\b|storage slot|\btopics?\b")
_HASH_PREFIX = regex.compile(rb"(?i)(sha(?:2|3)?-?(?:224|256|384|512)?|keccak(?:256)?|blake2b?|digest)\s*[:=-]\s*[\"']?$")
_HASH_LINE = regex.compile(rb"(?i)\bbytes32\b|\bsha-?(?:1|224|256|384|512|3)\b|keccak|\bsha256sum\b")
_GIT_LINE = regex.compile(rb"^\s*(commit|tree|parent|object|index|from|merge)\s+$")


def _entropy_terms(n: int) -> list[float]:
    """``c/n * log2(c/n)`` for every count c: the same floats as computing them in place."""
    return [0.0] + [c / n * math.log2(c / n) for c in range(1, n + 1)]


_TERMS_64 = _entropy_terms(64)


def low_entropy(hexstr: str) -> bool:
    """Made-up values: few distinct digits, low Shannon entropy, or a short repeated unit."""
    s = hexstr.lower()
    if len(set(s)) < 8:
        return True
    counts = map(s.count, dict.fromkeys(s))  # Counter(s).values(), in the same (first-seen) order
    terms = _TERMS_64 if len(s) == 64 else _entropy_terms(len(s))
    entropy = -sum(map(terms.__getitem__, counts))  # same terms, same order: same value
    if entropy < 3.0:
        return True
    # 8+ distinct digits (checked above) rule out repeated units of 1, 2 or 4 digits
    return any(s == s[:k] * (len(s) // k) for k in (8, 16, 32))


def structured(hexstr: str) -> str | None:
    """A stretch that repeats a short unit: padding or a table, not a random scalar.

    ABI words (an address left-padded with 24 zeros), lookup tables and curve
    constants (``ffffffff00000000ffff…``, ``8e38e38e…``) have one: ten digits in a
    row each equal to the one ``p`` before (p <= 16).  A random key has one with
    odds under 1e-9.
    """
    found = _first_repeat(hexstr.lower().encode())
    if found is None:
        return None
    period = found[1]
    return f"a {period}-digit unit repeats" if period > 1 else "a run of one digit (padding)"


_TEN_ZEROS = bytes(10)


def _first_repeat(digits: bytes) -> tuple[int, int] | None:
    """(position, period) of the leftmost stretch where 10 digits equal those ``period`` later.

    The same answer as the regex ``(?=([0-9a-f]{10}))[0-9a-f]{1,16}?\\1`` (leftmost
    position, then the shortest period; tests/validate/test_hexkey_repeat.py
    holds it as the oracle), found with one XOR of the digits against
    themselves shifted per period: ten zero bytes in a row are a repeat.  It
    runs for every 64-hex candidate, so it must cost microseconds, not 80.
    """
    n = len(digits)
    whole = int.from_bytes(digits, "big")  # digits[:n-p] is whole >> 8p, digits[p:] its low n-p bytes
    best: tuple[int, int] | None = None
    for period in range(1, 17):
        m = n - period
        if m < 10:
            break
        x = (whole >> (8 * period)) ^ (whole & ((1 << (8 * m)) - 1))
        at = x.to_bytes(m, "big").find(_TEN_ZEROS)
        if at != -1 and (best is None or at < best[0]):
            best = (at, period)
    return best


def hash_evidence(fragment: Fragment, match: RuleMatch) -> str | None:
    """Why this value is a hash, or None when nothing says so."""
    base = posixpath.basename(fragment.path).lower()
    if base in LOCKFILES or base.endswith((".sha256", ".sha256sum", ".lock")):
        return f"in {base}"
    before = line_before(fragment.data, match.match_start)
    if _HASH_PREFIX.search(before):
        return "hash prefix"
    if _GIT_LINE.match(before):
        return "git object line"
    after = line_after(fragment.data, match.end)
    if not before.strip() and regex.match(rb"^ [ *]\S", after):
        return "checksum listing"
    for name in value_names(fragment.data, match.match_start):
        verdict = judge_name(name)
        if verdict is None or isinstance(verdict, str):
            return verdict
    if starts_line(fragment.data, match.match_start):  # ``bytes32 private constant X =`` on the line above
        before = hexevidence.line_above(fragment.data, match.match_start) + b" " + before
    code = code_evidence(fragment.path, before, after[:160])
    if code:
        return code
    stem_words = set(words(posixpath.basename(fragment.path).split(".")[0]))
    if stem_words & HASH_FILE_WORDS:
        return f"in a file of hashes ({base})"
    if starts_line(fragment.data, match.match_start) and _ABOVE.search(lines_before(fragment.data, match.match_start)):
        return "declared as a hash on the line above"
    # the rest of the line counts too: assert_equal 'ab…', attachment.digest
    tail = after[:160]
    if _HASH_LINE.search(before) or _HASH_LINE.search(tail):
        return "line mentions a hash type"
    line_words = set(words(before.decode("ascii", "replace"))) | set(words(tail.decode("ascii", "replace")))
    hits = line_words & HASH_WORDS
    return f"line mentions {sorted(hits)[0]}" if hits else None


def code_evidence(path: str, before: bytes, tail: bytes) -> str | None:
    """Public data by the code around it: contract constants, assembly words, scripts."""
    if path.lower().endswith(_CONTRACT_SOURCES) and _CONSTANT.search(before):
        return "a contract constant (public in the deployed bytecode)"
    if _EVM_ASM.search(before):
        return "an EVM assembly memory word"
    if _SCRIPT.search(before) or _SCRIPT.search(tail):
        return "Bitcoin script data"
    return None


def value_names(data: bytes, start: int) -> Iterator[str]:
    """The name on the value's line, then (looked up only if asked) the name of the
    list, object or call it sits in, then the names on a line above that leads into it."""
    name = bound_name(line_before(data, start))
    if name:
        yield name
    container = container_name(data, start)
    if container:
        yield container
    if not name:
        yield from hexevidence.names_above(data, start)
        column = hexevidence.parametrize_column(data, start)
        if column:
            yield column


def key_evidence(data: bytes, start: int) -> str | None:
    """What says key among the names: the value's own name when it has one (``data: '0x…'``
    is data, whatever list it sits in), else the list, call or line above it."""
    own = bound_name(line_before(data, start))
    for name in value_names(data, start):
        call = hexevidence.key_call(name)
        if call:
            return f"passed to {call}()"
        # a call's name says what it does: only a secret word in it (signWithPrivateKey) names a key
        said = SECRET_WORDS if name.endswith("(") else KEY_WORDS
        if name in KEY_NAMES or (set(words(name)) & said and judge_name(name) is None):
            return f"bound to {name.rstrip('(')}"
        if own:
            return None
    return None


def judge_name(name: str) -> str | None | bool:
    """A reason when the name says hash or public value; None when it says key; False: silent.

    A call (``name(``) is public only when it says so of its argument (``fromPublicKey(``):
    ``signMessage(`` takes a key as readily as a message."""
    name_words = words(name)
    if name_words and name_words[-1] in HASH_WORDS:
        return f"named {name}"
    joined = " ".join(name_words)
    for phrase, what in NOT_KEY_PHRASES.items():  # "key" in them names something else
        if phrase in joined:
            return f"named {name}: {what}"
    public = PUBLIC_MODIFIERS if name.endswith("(") else PUBLIC_WORDS
    if set(name_words) & public and not set(name_words) & SECRET_WORDS:
        return f"named {name}: a public value"
    if set(name_words) & KEY_WORDS:
        return None
    return False


_HEX_DIGITS = b"0123456789abcdef"
_HEX_TO_H = bytes(0x68 if c in _HEX_DIGITS else 0x2E for c in range(256))  # hex digit -> "h", else "."
_H40 = b"h" * 40


class _HexIndex:
    """Answers "does this 40-hex address occur in the fragment?" for many candidates.

    Lockfiles and logs hold thousands of 64-hex hashes, each one a candidate;
    lower-casing and searching the whole file per candidate made a hash-heavy
    file quadratic.  The lowered bytes are made once; past a few lookups, the
    20-hex blocks at every 20th digit of each hex run go in a set.  Any 40-hex
    window of a run holds one whole block, so an address none of whose 21
    20-digit pieces is in the set is absent: a no costs 21 set lookups, and only
    a rare maybe reads the file.  (Every window in a set cost 20 times more to
    build, a third of a hash-heavy tree's scan.)
    """

    LINEAR_LOOKUPS = 8
    BLOCK = 20  # block length and stride: BLOCK + stride - 1 <= 40 keeps one whole block in every window

    def __init__(self, fragment: Fragment):
        self.fragment = fragment
        self.lowered = fragment.data.lower()
        self.lookups = 0
        self.blocks: set[bytes] | None = None
        self._values: dict[str, tuple[str | None, str]] = {}
        self._found: dict[bytes, bool] = {}
        self._may_hold: bool | None = None

    @cached_property
    def runs(self) -> list[tuple[int, int]]:
        """The fragment's runs of 40+ hex digits, found once for both questions below."""
        return _hex_runs(self.lowered)

    def may_hold_address(self) -> bool:
        """Whether a 40-hex address stands anywhere in the file: alone, or left-padded to an ABI word."""
        if self._may_hold is None:
            low = self.lowered
            self._may_hold = any(
                end - start == 40 or (end - start == 64 and low.startswith(b"0" * 24, start))
                for start, end in self.runs
            )
        return self._may_hold

    @cached_property
    def wif_secrets(self) -> frozenset[bytes]:
        return hexevidence.wif_secrets(self.fragment.data)

    def other_encoding(self, raw: bytes) -> str | None:
        """The same key written another way in the file: its public key, or its WIF form."""
        compressed, uncompressed = hexevidence.public_key_hexes(raw)
        # the whole compressed key (02/03 and x: x alone is also a nonce's signature r); x and y
        # of the uncompressed one, with or without its 04
        for public in (compressed, uncompressed[2:]):
            if self._maybe(public[:40]) and public in self.lowered:
                return "its public key appears in the same file"
        if raw in self.wif_secrets:
            return "its WIF form appears in the same file"
        return None

    def value(self, hexstr: str, raw: bytes) -> tuple[str | None, str]:
        """What the value alone says (a reason it is no key, or None) and its address; once per
        distinct value in the fragment (a JSON fixture repeats the same hash hundreds of times)."""
        known = self._values.get(hexstr)
        if known is None:
            reason = _rejected(hexstr)  # EIP-55 casing of the address only for what is reported
            known = self._values[hexstr] = (reason, "" if reason else crypto.eth_address_hex(raw))
        return known

    def contains(self, address_hex: bytes) -> bool:
        known = self._found.get(address_hex)
        if known is None:
            known = self._found[address_hex] = self._contains(address_hex)
        return known

    def _contains(self, address_hex: bytes) -> bool:
        self.lookups += 1
        if self.lookups == self.LINEAR_LOOKUPS + 1:
            low, size = self.lowered, self.BLOCK
            self.blocks = {low[i : i + size] for start, end in self.runs for i in range(start, end - size + 1, size)}
        return self._maybe(address_hex) and address_hex in self.lowered

    def _maybe(self, hex40: bytes) -> bool:
        """False only when ``hex40`` is certainly not in a hex run (True before the blocks are made)."""
        blocks, size = self.blocks, self.BLOCK
        if blocks is None:
            return True
        return not blocks.isdisjoint([hex40[i : i + size] for i in range(len(hex40) - size + 1)])


def _rejected(hexstr: str) -> str | None:
    """Why the value alone cannot be a key, or None."""
    if low_entropy(hexstr):
        return "low entropy"
    pattern = structured(hexstr)
    if pattern:
        return f"structured value: {pattern}"
    if hexstr in KNOWN_CONSTANTS:
        return f"a published constant: {KNOWN_CONSTANTS[hexstr]}"
    return None


def _hex_runs(low: bytes) -> list[tuple[int, int]]:
    """Spans of the runs of 40 or more hex digits, found with C-speed searches only."""
    marks = low.translate(_HEX_TO_H)
    runs = []
    pos = marks.find(_H40)
    while pos != -1:
        end = marks.find(b".", pos + 40)
        end = len(marks) if end == -1 else end
        runs.append((pos, end))
        pos = marks.find(_H40, end)
    return runs


def validate(match: RuleMatch, fragment: Fragment, now: float, scratch: Scratch | None = None) -> Verdict:
    hexstr = match.secret.decode("ascii", "replace").lower().removeprefix("0x")
    raw = bytes.fromhex(hexstr)
    if not crypto.is_valid_scalar(raw):
        return Verdict(False, reason="not a secp256k1 scalar")
    own = ownfiles.fingerprint_slot(fragment, match)
    if own:  # leakscan's ignore file or report: reading it back must not create a finding
        return Verdict(False, reason=f"not a key: {own}")
    index = scratch.get(_HexIndex) if scratch is not None else _HexIndex(fragment)
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
