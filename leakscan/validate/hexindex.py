"""Where hex runs and addresses lie in one fragment, found once for all its 64-hex candidates."""

from __future__ import annotations

from functools import cached_property

from leakscan.model import Fragment
from leakscan.validate import crypto, hexevidence
from leakscan.validate.hexvalue import rejected

_HEX_DIGITS = b"0123456789abcdef"
_HEX_TO_H = bytes(0x68 if c in _HEX_DIGITS else 0x2E for c in range(256))  # hex digit -> "h", else "."
_H40 = b"h" * 40


class HexIndex:
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
            reason = rejected(hexstr)  # EIP-55 casing of the address only for what is reported
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
