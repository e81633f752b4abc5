"""Encoded secrets: a cheap gate, then a *view* of the bytes with each encoding undone, mapped back.

This is an engine stage, not a source: every source (files, archive entries,
git blobs, diffs, logs) hands its fragments to the one detector, and the
detector asks here whether a fragment holds something encoded.  The gate
(:func:`gate_patterns`) rides the matcher's own pass, compiled into the rules'
Hyperscan database (searched with ``regex`` by the fallback engine): escapes
next to tokens, what a secret's first bytes look like in base64 and hex
(``eyJhbGci`` -> ``ZXlKaGJHY2k``, ``Basic ``, ``GLUWA_``), and the files where
every value is base64 (a Kubernetes Secret, a Docker config).  Only fragments
the gate passes are decoded, and only there does the matcher run a second
time.  Each replaced span maps back to the bytes read: a finding points at
the encoded text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from leakscan.engine import decoders
from leakscan.engine.decoders import Replacement
from leakscan.model import RuleMatch

# what a secret's first bytes are, before encoding: JWT headers ({"alg", {"typ", {"kid"), JSON
# documents holding credentials, auth headers, the providers' variable names, 0x-prefixed keys
PREFIXES = (b"eyJhbGci", b"eyJ0eXAi", b"eyJraWQi", b'{"auths"', b'"auths"', b"Basic ", b"basic ", b"Bearer ",
            b"GLUWA_", b"GLOMO_", b"gluwa", b"glomo", b"PRIVATE_KEY", b"private_key", b"0x")
_EVERY_VALUE = rb"kind: ?[\"']?Secret|\"kind\": ?\"Secret\"|dockerconfigjson|\"auths\" ?:"  # literals: cheap for Hyperscan
# Escapes are everywhere in code (``\"``, ``%2F`` in URLs, ``\/`` in regexes, ``\u00e9`` in translation
# files); they are undone only where one could have hidden a token from the rules: an escaped + / =
# in the token after an auth word (``Basic Z2tf…%2B…``, ``auth=Z2tf…\/…``), an escaped space or quote
# between such a word and its token, a colour code right before a token or after ``Basic``, or an
# escape right before ``eyJ``.  (A looser gate, any escaped + / = inside a 10-character run, opened
# one blob version in 300 of redmine's history, URLs' %2F mostly: +20 % CPU for ``leakscan git``.)
_B64 = rb"[A-Za-z0-9+/_-]"
_STD = rb"[A-Za-z0-9+/]"  # standard base64: its + / = are what percent and JSON escaping rewrite
_ESCAPED_B64 = (rb"(?:%(?:25)?2[BbFf]|%(?:25)?3[Dd]|\\+(?:u002[BbFf]|u003[Dd]|x2[BbFf]|x3[Dd]|/)|"
                rb"&#(?:43|47|61|[xX]2[BbFf]|[xX]3[Dd]);)")  # each JSON level doubles the backslashes
_SPACE = rb"(?:[ \t]|%(?:25)?20|\\u0020|&#32;)"
_ESCAPE_GATE = b"|".join((
    rb"(?i:basic|bearer)" + _SPACE + _STD + rb"{0,200}" + _ESCAPED_B64,
    rb"(?i:_token|auth|basic|secret|signature)[\x22\x27\]]?\s*[:=]\s*[\x22\x27]?" + _STD + rb"{0,200}" + _ESCAPED_B64,
    rb"(?i:basic|bearer|token|auth[a-z]*|key|secret)[\x22\x27:= ]{0,3}"
    rb"(?:%(?:25)?(?:20|3[Aa]|3[Dd]|22)|\\u0020|&#32;|&quot;)",
    decoders._ANSI + _B64 + rb"{16}",
    rb"(?i:basic|bearer)\s*" + decoders._ANSI,
    rb"(?:%[0-9A-Fa-f]{2}|\\u00[0-9a-fA-F]{2}|&#[0-9]{2};)eyJ",
))


def _needles() -> tuple[list[bytes], list[bytes]]:
    b64: set[bytes] = set()
    for prefix in PREFIXES:
        if len(prefix) >= 4:
            b64 |= decoders.base64_needles(prefix)
    hexes = {p.hex().encode() for p in PREFIXES if len(p) >= 5}
    return sorted(b64), sorted(hexes | {h.upper() for h in hexes})


def gate_patterns() -> list[bytes]:
    """The gate's expressions: escapes, base64/hex needles, files where every value is base64."""
    b64, hexes = _needles()
    return [_ESCAPE_GATE, b"|".join(regex.escape(n) for n in (*b64, *hexes)), _EVERY_VALUE]


@dataclass(frozen=True)
class View:
    """``data`` with replacements made; offsets in it map back to the bytes it was made from."""

    data: bytes
    src: list[tuple[int, int]]  # each replacement's span in the input, in order …
    dst: list[tuple[int, int]]  # … and in ``data``
    kinds: list[str]

    def source(self, start: int, end: int) -> tuple[int, int]:
        """The input span of ``data[start:end]``; a bound inside a replacement widens to all of it."""
        return self._map(start, left=True), self._map(end, left=False)

    def _map(self, offset: int, left: bool) -> int:
        i = bisect_right(self.dst, (offset, 1 << 62)) - 1  # the last replacement starting at or before it
        if i < 0:
            return offset
        (d0, d1), (s0, s1) = self.dst[i], self.src[i]
        if d0 < offset < d1:
            return s0 if left else s1
        if offset == d0:  # a start before a removed colour code skips it; an end stops before it
            return s1 if left and d0 == d1 else s0
        return s1 + offset - d1

    def kinds_in(self, start: int, end: int) -> list[str]:
        """Kinds of the replacements a span of ``data`` overlaps or touches: ``%20`` or a removed colour
        code right before a token is what kept the plain pass from finding it."""
        lo = bisect_left(self.dst, (start, -1)) - 1
        out: list[str] = []
        for i in range(max(lo, 0), len(self.dst)):
            d0, d1 = self.dst[i]
            if d0 > end:
                break
            if d1 >= start and self.kinds[i] not in out:
                out.append(self.kinds[i])
        return out

    def changed(self) -> list[tuple[int, int]]:
        return self.dst


def build_view(data: bytes, replacements: Iterable[Replacement]) -> View | None:
    """The view for non-overlapping replacements (overlaps: the first wins); None when there are none."""
    parts: list[bytes] = []
    src: list[tuple[int, int]] = []
    dst: list[tuple[int, int]] = []
    kinds: list[str] = []
    pos = size = 0
    for start, end, decoded, kind in sorted(replacements, key=lambda r: (r[0], -r[1])):
        if start < pos:
            continue
        parts.append(data[pos:start])
        size += start - pos
        parts.append(decoded)
        src.append((start, end))
        dst.append((size, size + len(decoded)))
        kinds.append(kind)
        size += len(decoded)
        pos = end
    if not src:
        return None
    parts.append(data[pos:])
    return View(b"".join(parts), src, dst, kinds)


class Decoder:
    """The decoders the gate points at; the gate itself rides the matcher's pass (:func:`gate_patterns`)."""

    def __init__(self) -> None:
        self.b64, self.hex = _needles()

    def view(self, data: bytes, families: set[int], within: list[tuple[int, int]] | None = None) -> View | None:
        """``data`` with the encodings of the gate's ``families`` undone (only those touching ``within``).

        Families are :func:`gate_patterns` indexes: 0 escapes, 1 base64/hex needles, 2 every-value files.
        """
        found: list[Replacement] = []
        if 0 in families:
            found.extend(decoders.escapes(data))
        if 1 in families:
            found.extend(self._needle_runs(data))
        if 2 in families:
            found.extend(decoders.base64_runs(data))
        if within is not None:
            found = [r for r in found if _touches(r, within)]
        return build_view(data, found)

    def _needle_runs(self, data: bytes) -> Iterable[Replacement]:
        for needles, decode in ((self.b64, decoders.base64_at), (self.hex, decoders.hex_at)):
            for needle in needles:
                at = data.find(needle)
                while at != -1:
                    if (found := decode(data, at)) is not None:
                        yield found
                        at = data.find(needle, found[1])
                    else:
                        at = data.find(needle, at + 1)


def trace(views: list[View], match: RuleMatch) -> tuple[tuple[str, ...], RuleMatch] | None:
    """The match in the bytes read, and the decodings it went through (outermost first).

    None when the innermost view replaced nothing it touches: the plain pass found that one.
    """
    chain: list[str] = []
    start, end, match_start, match_end = match.start, match.end, match.match_start, match.match_end
    for depth, view in enumerate(reversed(views)):
        kinds = view.kinds_in(match_start, match_end)
        if not kinds and depth == 0:
            return None
        chain[:0] = kinds
        start, end = view.source(start, end)
        match_start, match_end = view.source(match_start, match_end)
    return tuple(chain), RuleMatch(match.rule_id, start, end, match_start, match_end, match.secret)


def _touches(replacement: Replacement, within: list[tuple[int, int]]) -> bool:
    """Whether a replacement overlaps (or, for ``%25`` become ``%``, starts in) a span decoded before."""
    start, end = replacement[0], replacement[1]
    i = bisect_right(within, (start, 1 << 62)) - 1
    if i >= 0 and start < within[i][1]:
        return True
    return i + 1 < len(within) and within[i + 1][0] < end
