"""Logs -> overlapping windows of bytes, in bounded memory, with exact line numbers.

A window owns ``data[own_start:own_end]`` and carries up to ``overlap`` bytes
of its neighbours on each side, so a match that starts in the owned part is
complete and sees its context; a scanner keeps only matches that start in the
owned part, which makes a secret across a boundary count exactly once.  Owned
parts end after a newline where one is near, so lines are rarely cut; a line
of hundreds of MB is cut anyway (and reported).  ``.gz`` is read through
(detected by its magic, whatever the name); a damaged gzip is scanned up to the
damage and reported.  From a pipe, a window is cut at the last complete line
as soon as the writer pauses, so ``app | leakscan redact - | shipper`` stays live.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import stat
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from leakscan.sources import textenc

CHUNK = 4 * 1024 * 1024
OVERLAP = 16 * 1024  # longer than any rule's match, context included
LONG_LINE = 8 * 1024 * 1024
BINARY_RATIO = 0.3
_CONTINUATION = bytes(range(0x80, 0xC0))
_HIGH = bytes(range(0x80, 0x100))
_TEXT = bytes([9, 10, 11, 12, 13, 27, *range(0x20, 0x7F), *range(0x80, 0x100)])  # ESC: colour codes are text


@dataclass(frozen=True)
class Window:
    data: bytes
    path: str
    offset: int  # stream offset of data[0] (decompressed stream for .gz)
    own_start: int
    own_end: int
    first_line: int  # line number of data[0]
    column_base: int  # characters before data[0] on its line, when the window starts mid-line
    scan: bytes | None = None  # ``data`` with its binary lines blanked (same offsets), when it has any

    @property
    def text(self) -> bytes:
        """What the rules should see: binary lines are skipped, everything else is scanned."""
        return self.data if self.scan is None else self.scan


def chars(data: bytes) -> int:
    """Characters in UTF-8 bytes: every byte but continuation bytes starts one."""
    return len(data.translate(None, _CONTINUATION))


def looks_binary(data: bytes, ratio: float = BINARY_RATIO) -> bool:
    return len(data.translate(None, _TEXT)) > len(data) * ratio


def _binary_line(line: bytes) -> bool:
    """NUL (git's test), many control bytes, or many high bytes that are not UTF-8."""
    if b"\0" in line or looks_binary(line):
        return True
    if len(line) - len(line.translate(None, _HIGH)) <= len(line) * BINARY_RATIO:
        return False
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def blank_binary_lines(data: bytes, start: int, end: int) -> tuple[bytes | None, int]:
    """``data`` with the binary lines of ``[start, end)`` turned to spaces, and how many bytes that was.

    Only called when the piece holds some binary data (a cheap C-speed test), so
    the loop over lines runs on garbage, not on every log.
    """
    if data.find(b"\0", start, end) == -1 and not looks_binary(data[start:end], 0.01):
        return None, 0
    out, blanked, pos = bytearray(data), 0, start
    for line in data[start:end].split(b"\n"):
        if line and _binary_line(line):
            out[pos : pos + len(line)] = b" " * len(line)
            blanked += len(line)
        pos += len(line) + 1
    return (bytes(out), blanked) if blanked else (None, 0)


class LogReader:
    """Iterates the windows of one log; ``warnings`` and ``damaged`` say what went wrong on the way."""

    def __init__(self, fh: BinaryIO, path: str, chunk: int = CHUNK, overlap: int = OVERLAP, closer: bool = True):
        self.path, self.chunk, self.overlap = path, chunk, overlap
        self.warnings: list[str] = []
        self.damaged = False  # the stream ended early: what came before it was scanned
        self.damage = ""  # what happened, as a skip reason
        self.total = self.lines = self.binary_bytes = 0
        self.binary_line: int | None = None  # where binary data first showed up
        self._raw, self._closer = fh, closer
        self.gzip = _peek(fh, 2) == b"\x1f\x8b"
        self.live = not self.gzip and _is_live(fh)
        self.size = _size(fh)  # on disk (compressed for .gz); 0 for a pipe
        self._fh: BinaryIO = gzip.GzipFile(fileobj=fh, mode="rb") if self.gzip else fh  # type: ignore[assignment]
        # UTF-16/UTF-32 logs (Windows services, PowerShell transcripts) are read as UTF-8: line and
        # column count characters; offsets are of the UTF-8 stream
        self.encoding: textenc.Wide | None = None
        if hasattr(self._fh, "peek"):
            with contextlib.suppress(EOFError, gzip.BadGzipFile, zlib.error, OSError):  # reported by the first read
                self._fh, self.encoding = textenc.utf8_stream(self._fh, self._fh.peek(textenc.SNIFF)[: textenc.SNIFF])

    def close(self) -> None:
        if self._closer:
            self._raw.close()

    def __enter__(self) -> LogReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read(self, n: int) -> bytes:
        try:
            if self.live or self.gzip:  # gzip: what was inflated before a bad checksum still arrives
                return self._fh.read1(n)  # type: ignore[attr-defined,no-any-return]
            return self._fh.read(n)
        except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
            self.damaged = True
            detail = "truncated" if isinstance(exc, EOFError) else str(exc) or type(exc).__name__
            self.damage = f"{'damaged gzip' if self.gzip else 'read error'} ({detail}; everything before it was scanned)"
            return b""

    def __iter__(self) -> Iterator[Window]:
        buf, buf_off, s, line, col, line_len, eof = bytearray(), 0, 0, 1, 0, 0, False
        while True:
            while not eof and buf_off + len(buf) < s + self.chunk + self.overlap:
                block = self._read(min(1 << 20, s + self.chunk + self.overlap - buf_off - len(buf)))
                if not block:
                    eof = True
                buf += block
                if self.live and b"\n" in block:
                    break  # the writer may pause here: scan the lines we have
            end = buf_off + len(buf)
            if s >= end:
                self._long_line(line, line_len)
                return
            e = self._cut(buf, buf_off, s, end, eof)
            if e is None:
                continue
            window = self._window(buf, buf_off, s, e, end, line, col)
            yield window
            data, a, b = window.data, window.own_start, window.own_end
            newlines = data.count(b"\n", a, b)
            if newlines:
                self._long_line(line, line_len + data.find(b"\n", a, b) - a)
                last = data.rfind(b"\n", a, b) + 1
                col, line_len = chars(data[last:b]), b - last
            else:
                col, line_len = col + chars(data[a:b]), line_len + b - a
            line, s = line + newlines, e
            self.lines = line - 1
            drop = s - self.overlap - buf_off
            if drop > 0:
                del buf[:drop]
                buf_off += drop

    def _cut(self, buf: bytearray, buf_off: int, s: int, end: int, eof: bool) -> int | None:
        """End of the owned part: after a newline when one is near; None: read more first."""
        full = eof or end >= s + self.chunk + self.overlap
        if eof and end <= s + self.chunk:
            return end
        limit = min(s + self.chunk, end)
        lo = s + self.chunk // 2 if full else s
        nl = buf.rfind(b"\n", lo - buf_off, limit - buf_off)
        if nl != -1:
            return buf_off + nl + 1
        return limit if full else None

    def _window(self, buf: bytearray, buf_off: int, s: int, e: int, end: int, line: int, col: int) -> Window:
        start = max(buf_off, s - self.overlap)
        while start < s and 0x80 <= buf[start - buf_off] < 0xC0:
            start += 1  # never begin inside a UTF-8 character: its tail would count as columns of its own
        data = bytes(memoryview(buf)[start - buf_off : min(end, e + self.overlap) - buf_off])  # one copy
        pre = s - start
        before = data.count(b"\n", 0, pre)
        scan, blanked = blank_binary_lines(data, pre, pre + e - s)
        self.total += e - s
        if blanked:
            self.binary_bytes += blanked
            self.binary_line = self.binary_line or line
        return Window(data, self.path, start, pre, pre + e - s, line - before,
                      col - chars(data[:pre]) if not before else 0, scan)

    @property
    def mostly_binary(self) -> bool:
        """Binary lines, with at most 1% of text among them: most likely not a log at all."""
        return self.binary_bytes > 0 and self.total - self.binary_bytes - self.lines <= self.total // 100

    def _long_line(self, line: int, length: int) -> None:
        if length > LONG_LINE:
            self.warnings.append(f"{self.path}:{line}: a {length / 2**20:.0f} MiB line, scanned in overlapping pieces")


def _peek(fh: BinaryIO, n: int) -> bytes:
    peek = getattr(fh, "peek", None)
    return peek(n)[:n] if peek else b""


def _is_live(fh: BinaryIO) -> bool:
    """A pipe, terminal or socket: data arrives over time, so don't wait for a full chunk."""
    try:
        return not stat.S_ISREG(os.fstat(fh.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


def _size(fh: BinaryIO) -> int:
    try:
        st = os.fstat(fh.fileno())
    except (OSError, ValueError, AttributeError):
        return 0
    return st.st_size if stat.S_ISREG(st.st_mode) else 0


def open_log(path: str, chunk: int = CHUNK, overlap: int = OVERLAP) -> LogReader:
    """A reader for a file, or stdin for ``-``; raises OSError when the file cannot be opened."""
    if path == "-":
        return LogReader(sys.stdin.buffer, "<stdin>", chunk, overlap, closer=False)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    st = os.fstat(fd)
    if stat.S_ISDIR(st.st_mode):
        os.close(fd)
        raise IsADirectoryError(21, "is a folder", path)
    if stat.S_ISFIFO(st.st_mode):  # opened without a writer, a FIFO reads as empty: wait for one, as cat does
        os.close(fd)
        fd = os.open(path, os.O_RDONLY)
    os.set_blocking(fd, True)
    fh = os.fdopen(fd, "rb")
    display = os.fsencode(path).decode("utf-8", "backslashreplace").replace(os.sep, "/")
    return LogReader(fh, display, chunk, overlap)
