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
