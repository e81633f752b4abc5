"""UTF-16 and UTF-32 text, read as the UTF-8 the rules are written for.

Windows tools write UTF-16 (PowerShell 5.1's ``>`` and ``Out-File``, Notepad's
"Unicode", regedit exports), and such a file is full of NUL bytes, so the
binary test alone would skip a ``.env`` with a live key in it.  A byte order
mark names the encoding; without one, UTF-16 shows as NUL in every other byte
(Latin text), which is checked against the decoded text being printable.  The
text is transcoded to UTF-8 once, so the engine and the line index work
unchanged, and line and column count characters of the text as written.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from typing import BinaryIO

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),  # before UTF-16: FF FE 00 00
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
WIDE_MARKS = (b"\xff\xfe", b"\xfe\xff", b"\0\0\xfe\xff")  # what a wide text can start with and UTF-8 cannot
SNIFF = 8000  # bytes looked at, as for the binary test
_MIN_UNITS = 4  # BOM-less guesses need a few characters to go on
_CONTROL = {chr(c) for c in range(32)} - set("\t\n\v\f\r\x1b")


def _lenient(exc: UnicodeError) -> tuple[str, int]:
    """Lone surrogates kept (so a copy written back is byte for byte the original), anything else
    malformed (a cut-off last unit, a UTF-32 value past U+10FFFF) as U+FFFD."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    try:
        return codecs.lookup_error("surrogatepass")(exc)  # type: ignore[return-value]
    except UnicodeDecodeError:
        return "\ufffd", exc.end


ERRORS = "leakscan-wide"
codecs.register_error(ERRORS, _lenient)  # the codec registry is global; registering the same handler again is harmless


@dataclass(frozen=True)
class Wide:
    """A UTF-16/UTF-32 encoding and the length of the byte order mark that announced it (0: none)."""

    encoding: str
    bom: int


def sniff(head: bytes | bytearray | memoryview) -> Wide | None:
    """The wide encoding ``head`` (a file's first bytes) is in, or None for UTF-8, ASCII and binary."""
    head = bytes(head[:SNIFF])
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return Wide(encoding, len(bom))
    if head.find(b"\0") == -1:
        return None  # UTF-8 or ASCII, as before
    return _bomless_utf16(head)


def _bomless_utf16(head: bytes) -> Wide | None:
    """UTF-16 without a BOM: NUL is the high byte of (nearly) every unit on one side and of none on the
    other, and the text it decodes to is printable; a binary format rarely passes all three."""
    units = len(head) // 2
    if units < _MIN_UNITS:
        return None
    even, odd = head[0 : units * 2 : 2], head[1 : units * 2 : 2]
    for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= units * 0.6 and others.count(0) <= units // 100:
            text = head[: units * 2].decode(encoding, "replace")
            if sum(c in _CONTROL for c in text) <= len(text) // 100 and text.count("\ufffd") <= 1:
                return Wide(encoding, 0)
    return None


def to_utf8(data: bytes | bytearray | memoryview, wide: Wide) -> bytes:
    """The whole text as UTF-8 (byte order mark dropped, lone surrogates kept, other malformed units
    as U+FFFD)."""
    return bytes(data[wide.bom :]).decode(wide.encoding, ERRORS).encode("utf-8", "surrogatepass")


def utf8_of(data: bytes | bytearray | memoryview) -> tuple[bytes, Wide | None]:
    """``data`` as UTF-8 when it is wide text (and the encoding), else ``data`` itself."""
    wide = sniff(data)
    return (to_utf8(data, wide), wide) if wide else (bytes(data), None)


class _Transcoder(io.RawIOBase):
    """A wide-text byte stream read as UTF-8, incrementally (bounded memory, live pipes stay live)."""

    def __init__(self, raw: BinaryIO, wide: Wide):
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(wide.encoding)(ERRORS)
        self._pending = b""
        self._eof = False
        self._skip = wide.bom

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._eof:
            read1 = getattr(self._raw, "read1", None)
            chunk = read1(1 << 16) if read1 else self._raw.read(1 << 16)
            if self._skip and chunk:  # the byte order mark, however the reads cut it
                cut = min(self._skip, len(chunk))
                chunk, self._skip = chunk[cut:], self._skip - cut
                if not chunk:
                    continue
            self._eof = not chunk
            self._pending = self._decoder.decode(chunk, final=self._eof).encode("utf-8", "surrogatepass")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def utf8_stream(fh: BinaryIO, head: bytes) -> tuple[BinaryIO, Wide | None]:
    """``fh`` read as UTF-8 when ``head`` (its first bytes, not consumed) says it is wide text."""
    wide = sniff(head)
    if wide is None:
        return fh, None
    return io.BufferedReader(_Transcoder(fh, wide), 1 << 16), wide


def reading_utf8(fh: BinaryIO) -> BinaryIO:
    """``fh`` as UTF-8, judged by what it has buffered (``peek``: nothing is consumed, a pipe is not
    waited on); a stream that cannot peek is read as it is."""
    peek = getattr(fh, "peek", None)
    return utf8_stream(fh, peek(SNIFF)[:SNIFF])[0] if peek else fh


class WideWriter:
    """Writes the UTF-8 a :func:`utf8_stream` gave back in the stream's own encoding, byte order
    mark first: a redacted copy of a UTF-16 log is a UTF-16 log."""

    def __init__(self, out: BinaryIO, wide: Wide):
        self._out = out
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
        self._encoding = wide.encoding
        self._bom = next(bom for bom, name in _BOMS if name == wide.encoding)[: wide.bom]

    def write(self, data: bytes) -> int:
        text = self._decoder.decode(data)
        if self._bom:
            self._out.write(self._bom)
            self._bom = b""
        self._out.write(text.encode(self._encoding, "surrogatepass"))
        return len(data)

    def flush(self) -> None:
        self._out.flush()
