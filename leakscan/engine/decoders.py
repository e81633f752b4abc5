"""Each encoding a secret hides in, as replacements: (start, end, decoded bytes, kind) in the bytes read.

Escapes (percent, ``\\uXXXX`` / ``\\xNN`` / JSON string escapes, HTML entities,
ANSI colour codes) are undone one escape at a time, so offsets map back to the
exact column.  Base64 and hex runs are decoded whole, and only when their
decoding is text: a finding inside one points at the encoded run.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

Replacement = tuple[int, int, bytes, str]  # start, end (in the input), decoded bytes, kind

MIN_BASE64 = 16  # 12 bytes: the shortest key:secret or key worth decoding
MIN_HEX = 24
# percent escapes of the characters that split a token or glue it to its name: space " % + , / : = @ { }
_PERCENT = rb"%(?:2[02-5BCFbcf]|3[ADad]|40|7[BDbd])"
_ANSI = rb"(?:\x1b|\\u001[bB]|\\x1[bB]|\\033|\\e)\[[0-9;?]*[A-Za-z]"
_ESCAPES = re.compile(
    rb"(?P<ansi>" + _ANSI + rb")"
    rb"|(?P<percent>" + _PERCENT + rb")"
    rb"|\\u(?P<u>[0-9a-fA-F]{4})|\\x(?P<x>[0-9a-fA-F]{2})|\\(?P<c>[\"\\/])"
    rb"|(?P<html>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|quot|amp|apos|lt|gt);)"
)
_B64_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_"
_HEX_CHARS = b"0123456789abcdefABCDEF"
_BASE64_RUN = re.compile(rb"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{%d,}={0,2}" % MIN_BASE64)
_TEXT = bytes(range(32, 127)) + b"\t\n\r"


def escapes(data: bytes, lo: int = 0, hi: int | None = None) -> Iterator[Replacement]:
    """Every escape in ``data[lo:hi]``, undone (ANSI sequences removed)."""
    for m in _ESCAPES.finditer(data, lo, len(data) if hi is None else hi):
        kind = m.lastgroup
        if kind == "ansi":
            yield m.start(), m.end(), b"", "ansi"
        elif kind == "percent":
            yield m.start(), m.end(), bytes([int(m.group()[1:], 16)]), "percent"
        elif kind == "html":
            import html  # its entity table costs start-up ~1.5 ms; few fragments have an entity

            yield m.start(), m.end(), html.unescape(m.group().decode()).encode("utf-8", "replace"), "html-entity"
        elif kind == "c":
            yield m.start(), m.end(), m.group("c"), "json-escape"
        else:
            code = int(m.group(kind or "u"), 16)
            char = chr(code).encode("utf-8", "replace") if code >= 0x20 and not 0xD800 <= code < 0xE000 else b" "
            yield m.start(), m.end(), char, "unicode-escape"


def is_text(data: bytes) -> bool:
    """Mostly printable ASCII (UTF-8 text passes, a few bytes of noise allowed): worth matching again."""
    if not data or b"\0" in data:
        return False
    if data.isascii():
        return len(data.translate(None, _TEXT)) * 20 <= len(data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _run(data: bytes, at: int, chars: bytes) -> tuple[int, int]:
    """The run of ``chars`` around offset ``at``."""
    start, end = at, at
    while start > 0 and data[start - 1] in chars:
        start -= 1
    while end < len(data) and data[end] in chars:
        end += 1
    return start, end


def base64_at(data: bytes, at: int) -> Replacement | None:
    start, end = _run(data, at, _B64_CHARS)
    while end < len(data) and data[end] == 0x3D and end - start < 4096:  # '=' padding
        end += 1
    return base64_run(data, start, end)


def base64_run(data: bytes, start: int, end: int) -> Replacement | None:
    token = data[start:end].rstrip(b"=")
    if len(token) < MIN_BASE64 or len(token) % 4 == 1:
        return None
    urlsafe = b"-" in token or b"_" in token
    if urlsafe and (b"+" in token or b"/" in token):
        return None
    try:
        decoded = base64.b64decode(token + b"=" * (-len(token) % 4), altchars=b"-_" if urlsafe else None,
                                   validate=True)
    except (binascii.Error, ValueError):
        return None
    return (start, end, decoded, "base64") if is_text(decoded) else None


def base64_runs(data: bytes) -> Iterator[Replacement]:
    """Every base64 run of text (a Kubernetes Secret or Docker config: every value is one)."""
    for m in _BASE64_RUN.finditer(data):
        if (found := base64_run(data, m.start(), m.end())) is not None:
            yield found


def hex_at(data: bytes, at: int) -> Replacement | None:
    start, end = _run(data, at, _HEX_CHARS)
    if end - start < MIN_HEX:
        return None
    if (end - start) % 2:
        start += 1  # the needle is byte-aligned from its own start; an odd leading digit belongs to a word
    try:
        decoded = binascii.unhexlify(data[start:end])
    except (binascii.Error, ValueError):
        return None
    return (start, end, decoded, "hex") if is_text(decoded) else None


def base64_needles(plain: bytes) -> set[bytes]:
    """What ``plain`` looks like inside base64 at each of the three alignments (both alphabets).

    Only characters made wholly of ``plain``'s bits are kept, so the needle is
    found whatever comes before or after it.
    """
    out = set()
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + plain + b"\0\0")
        first = -(-8 * pad // 6)  # the first character with no bit of the padding
        last = 8 * (pad + len(plain)) // 6  # one past the last character wholly of ``plain``
        needle = encoded[first:last]
        out.add(needle)
        out.add(needle.replace(b"+", b"-").replace(b"/", b"_"))
    return out
