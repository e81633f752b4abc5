"""The archive formats: bytes -> (entry name, entry bytes), every bound checked before and while reading.

Kept apart from :mod:`leakscan.sources.archives` (which decides what an entry is
and how deep to go) so each reads in one sitting.  The compression modules are
imported on first use: most scans meet no archive.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Protocol

from leakscan.model import ArchiveLimits, Skipped

if TYPE_CHECKING:
    import zipfile

MiB = 1 << 20
_READ = MiB  # decompress in steps this big, checking the bounds between steps


def corrupt() -> tuple[type[BaseException], ...]:
    """What a damaged archive raises (imported on first use: most scans meet no archive, and the
    compression modules cost a hook's start-up ~15 ms)."""
    import lzma
    import tarfile
    import zipfile
    import zlib

    return zipfile.BadZipFile, tarfile.TarError, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError


class Reader(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class Bound(Exception):
    """A limit was reached: the reason becomes a Skipped."""


@dataclass
class Budget:
    """What is left of one top-level archive's bounds, shared by its nested archives."""

    limits: ArchiveLimits
    bytes_left: int
    entries_left: int
    binary: list[str] = field(default_factory=list)

    def take(self, size: int) -> None:
        if size > self.bytes_left:
            raise Bound(f"archive budget reached ({size} bytes with {self.bytes_left} of "
                        f"{self.limits.max_bytes} left; the rest not read)")
        self.bytes_left -= size


def _zstd_reader(raw: IO[bytes]) -> Reader:
    try:
        import zstandard
    except ImportError:
        raise Bound("archive not opened (zstd: the zstandard package is not installed)") from None
    reader: Reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
    return reader


def _opener(kind: str, raw: IO[bytes]) -> Reader:
    if kind == "gzip":
        import gzip

        return gzip.GzipFile(fileobj=raw)
    if kind == "bzip2":
        import bz2

        return bz2.BZ2File(raw)
    import lzma

    return lzma.LZMAFile(raw)  # noqa: SIM115 (closed with the BytesIO it reads)


def inflate(kind: str, data: bytes, budget: Budget) -> bytes:
    """The whole decompressed stream, stopping at the budget or at a bomb's ratio."""
    if kind != "zstd":
        return read_bounded(_opener(kind, io.BytesIO(data)), len(data), budget)
    reader = _zstd_reader(io.BytesIO(data))  # a Bound when the library is missing
    import zstandard

    try:
        return read_bounded(reader, len(data), budget)
    except zstandard.ZstdError as exc:  # not an OSError: said as the others are
        raise ValueError(str(exc)) from None


def read_bounded(stream: Reader, packed: int, budget: Budget, declared: int | None = None) -> bytes:
    limits = budget.limits
    out = bytearray()
    want = budget.bytes_left + 1 if declared is None else min(declared, budget.bytes_left) + 1
    while len(out) < want and (chunk := stream.read(min(_READ, want - len(out)))):
        out += chunk
        if len(out) > limits.ratio_floor and len(out) > limits.max_ratio * max(packed, 1):
            raise Bound(f"compression ratio over the limit ({limits.max_ratio}:1 after {len(out)} bytes from "
                        f"{packed}: a decompression bomb? not read further)")
    budget.take(len(out))
    return bytes(out)


def text(name: str) -> str:
    """A name as printable text: control characters (a newline, an escape sequence) shown as \\xNN."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name)


def unsafe_name(name: str) -> bool:
    """Absolute, drive-letter or ``..`` names: what an extractor would write outside its folder."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts


def _admit(name: str, chain: tuple[str, ...], budget: Budget) -> Skipped | None:
    """The checks every entry passes before any byte of it is read."""
    if budget.entries_left <= 0:
        raise Bound(f"too many archive entries (more than {budget.limits.max_entries}; the rest not read)")
    budget.entries_left -= 1
    if unsafe_name(name):
        return Skipped("!".join((*chain, text(name))),
                       "unsafe entry name (absolute or ../ path; not read, never used as a path)")
    return None


def zip_entries(data: bytes, chain: tuple[str, ...], budget: Budget) -> Iterator[tuple[str, bytes] | Skipped]:
    """Each file entry's name and bytes, or why it was not read."""
    import zipfile

    # an entry compressed with a method zipfile lacks (deflate64), or encrypted without saying so
    entry_errors: tuple[type[BaseException], ...] = (*corrupt(), NotImplementedError, RuntimeError)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            if (refused := _admit(info.filename, chain, budget) or _zip_refusal(info, chain, budget)) is not None:
                yield refused
                continue
            where = "!".join((*chain, text(info.filename)))
            try:
                with archive.open(info) as stream:
                    payload = read_bounded(stream, info.compress_size, budget, info.file_size)
            except Bound as exc:
                yield Skipped(where, str(exc))
                continue
            except entry_errors as exc:
                yield Skipped(where, f"unreadable archive entry ({type(exc).__name__}: {text(str(exc))})")
                continue
            yield text(info.filename), payload


def _zip_refusal(info: zipfile.ZipInfo, chain: tuple[str, ...], budget: Budget) -> Skipped | None:
    where = "!".join((*chain, text(info.filename)))
    limits = budget.limits
    if info.flag_bits & 0x1:
        return Skipped(where, "encrypted archive entry (not read)")
    if info.file_size > budget.bytes_left:
        return _oversize(where, info.file_size, budget)
    if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        return Skipped(where, f"compression ratio over the limit ({limits.max_ratio}:1: {info.file_size} bytes "
                              f"declared from {info.compress_size}, a decompression bomb? not read)")
    return None


def _oversize(where: str, size: int, budget: Budget) -> Skipped:
    return Skipped(where, f"declared size over the archive budget ({size} bytes, {budget.bytes_left} of "
                          f"{budget.limits.max_bytes} left; not read)")


_TAR_KINDS = (("issym", "symlink"), ("islnk", "hard link"), ("ischr", "character device"),
              ("isblk", "block device"), ("isfifo", "fifo"))


def tar_entries(data: bytes, chain: tuple[str, ...], budget: Budget) -> Iterator[tuple[str, bytes] | Skipped]:
    """Each regular member's name and bytes, or why it was not read."""
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
        for member in archive:
            if member.isdir():
                continue
            if (refused := _admit(member.name, chain, budget)) is not None:
                yield refused
                continue
            where = "!".join((*chain, text(member.name)))
            kind = next((what for test, what in _TAR_KINDS if getattr(member, test)()), None)
            if kind is not None or not member.isfile():
                yield Skipped(where, f"link or device inside tar ({kind or 'special entry'}; not followed)")
                continue
            if member.size > budget.bytes_left:
                yield _oversize(where, member.size, budget)
                continue
            stream = archive.extractfile(member)
            payload = stream.read() if stream is not None else b""
            if len(payload) < member.size:
                yield Skipped(where, f"corrupt or truncated archive (tar entry: {len(payload)} of {member.size} bytes)")
                continue
            budget.take(len(payload))
            yield text(member.name), payload
