"""JSON string escapes undone for matching, with a map back to the original bytes.

JSON loggers write ``/`` as ``\\/`` and non-ASCII (sometimes everything) as
``\\uXXXX``; a base64 secret written that way matches no rule.  Matching runs on
the unescaped bytes, so the secret (and its fingerprint) is the plain form's;
offsets map back so lines, columns and redaction use the bytes on disk.
Escaped line breaks become spaces, never newlines: line numbers stay exact,
and ``\\n`` before a secret no longer glues an ``n`` to it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_ESCAPE = re.compile(rb'\\(?:u([0-9a-fA-F]{4})(?:\\u([dD][c-fC-F][0-9a-fA-F]{2}))?|(["\\/bfnrt]))')
_SIMPLE = {b'"': b'"', b"\\": b"\\", b"/": b"/", b"b": b"  ", b"f": b"  ", b"n": b"  ", b"r": b"  ", b"t": b"  "}


@dataclass(frozen=True)
class Unescaped:
    data: bytes
    src_ends: list[int]  # where each length-changing escape ends in the original …
    dst_ends: list[int]  # … and in ``data``

    def to_source(self, offset: int) -> int:
        """The original offset of ``offset`` in ``data``."""
        i = bisect_right(self.dst_ends, offset) - 1
        return offset if i < 0 else self.src_ends[i] + offset - self.dst_ends[i]


def _code_point(m: re.Match[bytes]) -> bytes:
    cp = int(m.group(1), 16)
    if m.group(2) and 0xD800 <= cp < 0xDC00:
        cp = 0x10000 + ((cp - 0xD800) << 10) + (int(m.group(2), 16) - 0xDC00)
    if cp < 0x20 or cp == 0x7F:
        return b" "  # a control character, \u000a included: never a new line
    if 0xD800 <= cp < 0xE000:
        return "\ufffd".encode()
    return chr(cp).encode("utf-8")


def unescape(data: bytes) -> Unescaped | None:
    """None when nothing would change what the rules see (the common, fast case)."""
    if b"\\" not in data:
        return None
    parts: list[bytes] = []
    src_ends: list[int] = []
    dst_ends: list[int] = []
    pos = size = 0
    for m in _ESCAPE.finditer(data):
        start, end = m.span()
        parts.append(data[pos:start])
        rep = _SIMPLE[m.group(3)] if m.group(3) else _code_point(m)
        parts.append(rep)
        size += start - pos + len(rep)
        pos = end
        if len(rep) != end - start:
            src_ends.append(end)
            dst_ends.append(size)
    parts.append(data[pos:])
    return Unescaped(b"".join(parts), src_ends, dst_ends)


_PAIRS = ((b'\\"', b'"'), (b"\\/", b"/"), (b"\\b", b"  "), (b"\\f", b"  "), (b"\\n", b"  "), (b"\\r", b"  "),
          (b"\\t", b"  "))


_OTHER = re.compile(rb'\\(?:[^"/]|\Z)')  # an escape other than \/ and \"


def unescaped(data: bytes) -> bytes:
    """``unescape(data).data``, at C speed unless a ``\\uXXXX`` escape is present.

    A log window of megabytes holds tens of thousands of ``\\/`` and ``\\"``: when they are the
    only escapes, deleting every backslash is the exact answer (one memchr-driven pass).
    Otherwise one ``bytes.replace`` per escape kind: ``\\\\`` pairs first become a byte absent
    from the window, so every backslash left is a lone one and each pair is replaced
    independently, as the left-to-right scan would.
    """
    if b"\\" not in data:
        return data
    if not _OTHER.search(data):
        return data.replace(b"\\", b"")
    hold = next((bytes([c]) for c in (0, 1, 2, 3, 4, 5, 6, 7, 8, 14, 15) if bytes([c]) not in data), None)
    work = data.replace(b"\\\\", hold) if hold is not None else None
    if work is None or hold is None or b"\\u" in work:
        exact = unescape(data)
        return exact.data if exact else data
    for escape, replacement in _PAIRS:
        if escape in work:
            work = work.replace(escape, replacement)
    return work.replace(hold, b"\\")


class LineMap:
    """Offsets in ``unescaped(source)`` -> offsets in ``source``, cheapest when asked in ascending order.

    Unescaping never adds or removes a newline, so line *k* of one is line *k* of the other;
    within a line the exact :func:`unescape` (with its offset map) runs on that line only,
    once.  Asked in order, the cost is linear in the window whatever the number of offsets.
    """

    def __init__(self, source: bytes, data: bytes):
        self.source, self.data = source, data
        self._reset()

    def _reset(self) -> None:
        self._pos = self._line = self._start = 0  # in ``data``: last offset, its line, that line's start
        self._raw_start = self._raw_line = self._raw_at = 0  # a line's start in ``source``, its index, its start in ``data``
        self._exact: tuple[int, Unescaped | None] = (-1, None)  # the last line's exact unescaping

    def to_source(self, offset: int) -> int:
        if offset < self._pos:
            self._reset()  # out of order: count from the start again
        newlines = self.data.count(b"\n", self._pos, offset)
        if newlines:
            self._line += newlines
            self._start = self.data.rfind(b"\n", self._pos, offset) + 1
        self._pos = offset
        raw_start = self._raw_line_start()
        if self._exact[0] != self._line:
            end = self.source.find(b"\n", raw_start)
            self._exact = (self._line, unescape(self.source[raw_start : end if end != -1 else len(self.source)]))
        exact, inside = self._exact[1], offset - self._start
        return raw_start + (exact.to_source(inside) if exact else inside)

    def _raw_line_start(self) -> int:
        """Where line ``_line`` starts in ``source``: unescaping only shrinks, so at or after its start in
        ``data`` plus the shrink seen at the last line; only the newlines past that are walked one by one."""
        if self._raw_line == self._line:
            return self._raw_start
        guess = self._start + self._raw_start - self._raw_at
        line = self._raw_line + self.source.count(b"\n", self._raw_start, guess)
        start = self.source.rfind(b"\n", self._raw_start, guess) + 1 if line != self._raw_line else self._raw_start
        while line < self._line:
            start = self.source.index(b"\n", start) + 1
            line += 1
        self._raw_start, self._raw_line, self._raw_at = start, line, self._start
        return start
