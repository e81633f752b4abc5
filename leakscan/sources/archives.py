"""Archive bytes -> inner fragments (``dist/app.zip!static/js/main.js``), in memory, never on disk.

Releases, APKs, wheels and npm tarballs ship secrets as often as source trees do.
Every archive is opened from the bytes already read; entry names are only ever
text (a ``../`` or absolute name is reported, never joined to a path).  Every
bound is a counted :class:`Skipped` with its reason, never a crash or a hang:
the bytes decompressed per top-level archive (nested archives share it), the
compression ratio, the entry count, the nesting depth, encrypted, corrupt or
truncated entries, and tar links and devices.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import zipfile

from leakscan.model import Fragment, Skipped

MiB = 1 << 20
ZIP_FAMILY = (".zip", ".jar", ".war", ".ear", ".aar", ".whl", ".apk", ".aab", ".ipa", ".xpi", ".nupkg",
              ".vsix", ".crx", ".egg")
_SUFFIXES = {  # single-file compressors: what the name is without them
    ".tgz": ".tar", ".tbz2": ".tar", ".tbz": ".tar", ".txz": ".tar", ".tzst": ".tar",
    ".gz": "", ".bz2": "", ".xz": "", ".zst": "",
}
_BY_EXT = {**{ext: "zip" for ext in ZIP_FAMILY}, ".tar": "tar", ".tgz": "gzip", ".gz": "gzip",
           ".tbz2": "bzip2", ".tbz": "bzip2", ".bz2": "bzip2", ".txz": "xz", ".xz": "xz",
           ".tzst": "zstd", ".zst": "zstd"}
_READ = MiB  # decompress in steps this big, checking the bounds between steps


@dataclass(frozen=True)
class ArchiveLimits:
    """The bounds of one top-level archive (nested archives count against their outermost)."""

    max_depth: int = 3  # archives opened inside each other; 0 opens none
    max_bytes: int = 256 * MiB  # uncompressed bytes read, all entries and levels together
    max_ratio: int = 100  # uncompressed : compressed, past ``ratio_floor`` bytes: a bomb
    ratio_floor: int = MiB  # small entries may compress as well as they like
    max_entries: int = 50_000


def _corrupt() -> tuple[type[BaseException], ...]:
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
class _Budget:
    limits: ArchiveLimits
    bytes_left: int
    entries_left: int
    binary: list[str] = field(default_factory=list)

    def take(self, size: int) -> None:
        if size > self.bytes_left:
            raise Bound(f"archive budget reached ({size} bytes with {self.bytes_left} of "
                        f"{self.limits.max_bytes} left; the rest not read)")
        self.bytes_left -= size


def kind_of(name: str, data: bytes, binary: bool = True) -> str | None:
    """``zip``, ``tar``, ``gzip``, ``bzip2``, ``xz``, ``zstd`` or None: by magic, else (binary only) by name."""
    head = data[:8]
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return "zip"
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    if head[:3] == b"BZh" and data[4:10] in (b"1AY&SY", b"\x17rE8P\x90"):
        return "bzip2"
    if head[:6] == b"\xfd7zXZ\x00":
        return "xz"
    if head[:4] == b"\x28\xb5\x2f\xfd":
        return "zstd"
    if not binary:  # below: a tar header and a name are weak evidence; a text file stays text
        return None
    if data[257:262] == b"ustar":
        return "tar"
    lower = name.lower()
    return next((kind for ext, kind in _BY_EXT.items() if lower.endswith(ext)), None)


def expand(data: bytes, path: str, limits: ArchiveLimits) -> Iterator[Fragment | Skipped]:
    """The text entries of the archive ``path`` (already read as ``data``), and every skip, with why."""
    kind = kind_of(path, data)
    if kind is None:
        yield Skipped(path, "binary")
        return
    if limits.max_depth < 1:
        yield Skipped(path, f"archive not opened ({kind}; --max-archive-depth 0)")
        return
    budget = _Budget(limits, limits.max_bytes, limits.max_entries)
    yield from _open(kind, data, (path,), 1, budget)
    if budget.binary:
        shown = ", ".join(n.rsplit("!", 1)[-1] for n in budget.binary[:3])
        yield Skipped(path, f"binary entries in archive ({len(budget.binary)} not scanned, e.g. {shown})")


def _open(kind: str, data: bytes, chain: tuple[str, ...], depth: int, budget: _Budget) -> Iterator[Fragment | Skipped]:
    where = "!".join(chain)
    try:
        if kind == "zip":
            yield from _zip(data, chain, depth, budget)
        elif kind == "tar":
            yield from _tar(data, chain, depth, budget)
        else:
            payload = _inflate(kind, data, budget)
            if payload[257:262] == b"ustar" or _inner_name(chain[-1]).endswith(".tar"):
                yield from _tar(payload, chain, depth, budget)  # tar.gz & co: one level, not two
            else:
                yield from _entry(payload, _inner_name(chain[-1]), chain, depth, budget)
    except Bound as exc:
        yield Skipped(where, str(exc))
    except _corrupt() as exc:
        yield Skipped(where, f"corrupt or truncated archive ({kind}: {type(exc).__name__}: {_text(str(exc))})")


def _inner_name(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    for suffix, replacement in _SUFFIXES.items():
        if base.lower().endswith(suffix):
            return base[: -len(suffix)] + replacement or "data"
    return base + ".data"


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


def _inflate(kind: str, data: bytes, budget: _Budget) -> bytes:
    """The whole decompressed stream, stopping at the budget or at a bomb's ratio."""
    if kind != "zstd":
        return _read_bounded(_opener(kind, io.BytesIO(data)), len(data), budget)
    reader = _zstd_reader(io.BytesIO(data))  # a Bound when the library is missing
    import zstandard

    try:
        return _read_bounded(reader, len(data), budget)
    except zstandard.ZstdError as exc:  # not an OSError: said as the others are
        raise ValueError(str(exc)) from None


def _read_bounded(stream: Reader, packed: int, budget: _Budget, declared: int | None = None) -> bytes:
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


def _entry(data: bytes, name: str, chain: tuple[str, ...], depth: int, budget: _Budget) -> Iterator[Fragment | Skipped]:
    """One entry's bytes: an archive to open (depth allowing), a text fragment, or a binary to count."""
    inner = (*chain, name)
    binary = data.find(b"\0", 0, 8000) != -1
    kind = kind_of(name, data, binary)
    if kind is not None:
        if depth >= budget.limits.max_depth:
            yield Skipped("!".join(inner), f"archive nested too deep ({kind} beyond --max-archive-depth "
                                           f"{budget.limits.max_depth}; not opened)")
        else:
            yield from _open(kind, data, inner, depth + 1, budget)
    elif binary:
        budget.binary.append("!".join(inner))
    else:
        yield Fragment(data=data, path="!".join(inner), archive=inner)


def _text(name: str) -> str:
    """A name as printable text: control characters (a newline, an escape sequence) shown as \\xNN."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name)


def unsafe_name(name: str) -> bool:
    """Absolute, drive-letter or ``..`` names: what an extractor would write outside its folder."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts


def _admit(name: str, chain: tuple[str, ...], budget: _Budget) -> Skipped | None:
    """The checks every entry passes before any byte of it is read."""
    if budget.entries_left <= 0:
        raise Bound(f"too many archive entries (more than {budget.limits.max_entries}; the rest not read)")
    budget.entries_left -= 1
    if unsafe_name(name):
        return Skipped("!".join((*chain, _text(name))),
                       "unsafe entry name (absolute or ../ path; not read, never used as a path)")
    return None


def _zip(data: bytes, chain: tuple[str, ...], depth: int, budget: _Budget) -> Iterator[Fragment | Skipped]:
    import zipfile

    # an entry compressed with a method zipfile lacks (deflate64), or encrypted without saying so
    entry_errors: tuple[type[BaseException], ...] = (*_corrupt(), NotImplementedError, RuntimeError)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            if (refused := _admit(info.filename, chain, budget) or _zip_refusal(info, chain, budget)) is not None:
                yield refused
                continue
            where = "!".join((*chain, _text(info.filename)))
            try:
                with archive.open(info) as stream:
                    payload = _read_bounded(stream, info.compress_size, budget, info.file_size)
            except Bound as exc:
                yield Skipped(where, str(exc))
                continue
            except entry_errors as exc:
                yield Skipped(where, f"unreadable archive entry ({type(exc).__name__}: {_text(str(exc))})")
                continue
            yield from _entry(payload, _text(info.filename), chain, depth, budget)


def _zip_refusal(info: zipfile.ZipInfo, chain: tuple[str, ...], budget: _Budget) -> Skipped | None:
    where = "!".join((*chain, _text(info.filename)))
    limits = budget.limits
    if info.flag_bits & 0x1:
        return Skipped(where, "encrypted archive entry (not read)")
    if info.file_size > budget.bytes_left:
        return _oversize(where, info.file_size, budget)
    if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        return Skipped(where, f"compression ratio over the limit ({limits.max_ratio}:1: {info.file_size} bytes "
                              f"declared from {info.compress_size}, a decompression bomb? not read)")
    return None


def _oversize(where: str, size: int, budget: _Budget) -> Skipped:
    return Skipped(where, f"declared size over the archive budget ({size} bytes, {budget.bytes_left} of "
                          f"{budget.limits.max_bytes} left; not read)")


_TAR_KINDS = (("issym", "symlink"), ("islnk", "hard link"), ("ischr", "character device"),
              ("isblk", "block device"), ("isfifo", "fifo"))


def _tar(data: bytes, chain: tuple[str, ...], depth: int, budget: _Budget) -> Iterator[Fragment | Skipped]:
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
        for member in archive:
            if member.isdir():
                continue
            if (refused := _admit(member.name, chain, budget)) is not None:
                yield refused
                continue
            where = "!".join((*chain, _text(member.name)))
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
            yield from _entry(payload, _text(member.name), chain, depth, budget)

