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

from collections.abc import Iterator

from leakscan.model import ArchiveLimits, Fragment, Skipped
from leakscan.sources.archive_readers import (
    Bound,
    Budget,
    corrupt,
    inflate,
    tar_entries,
    text,
    zip_entries,
)

__all__ = ["ArchiveLimits", "ZIP_FAMILY", "expand", "kind_of"]

ZIP_FAMILY = (".zip", ".jar", ".war", ".ear", ".aar", ".whl", ".apk", ".aab", ".ipa", ".xpi", ".nupkg",
              ".vsix", ".crx", ".egg")
_SUFFIXES = {  # single-file compressors: what the name is without them
    ".tgz": ".tar", ".tbz2": ".tar", ".tbz": ".tar", ".txz": ".tar", ".tzst": ".tar",
    ".gz": "", ".bz2": "", ".xz": "", ".zst": "",
}
_BY_EXT = {**{ext: "zip" for ext in ZIP_FAMILY}, ".tar": "tar", ".tgz": "gzip", ".gz": "gzip",
           ".tbz2": "bzip2", ".tbz": "bzip2", ".bz2": "bzip2", ".txz": "xz", ".xz": "xz",
           ".tzst": "zstd", ".zst": "zstd"}

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
    budget = Budget(limits, limits.max_bytes, limits.max_entries)
    yield from _open(kind, data, (path,), 1, budget)
    if budget.binary:
        shown = ", ".join(n.rsplit("!", 1)[-1] for n in budget.binary[:3])
        yield Skipped(path, f"binary entries in archive ({len(budget.binary)} not scanned, e.g. {shown})")


def _open(kind: str, data: bytes, chain: tuple[str, ...], depth: int, budget: Budget) -> Iterator[Fragment | Skipped]:
    where = "!".join(chain)
    try:
        if kind == "zip":
            entries = zip_entries(data, chain, budget)
        elif kind == "tar":
            entries = tar_entries(data, chain, budget)
        else:
            payload = inflate(kind, data, budget)
            if payload[257:262] == b"ustar" or _inner_name(chain[-1]).endswith(".tar"):
                entries = tar_entries(payload, chain, budget)  # tar.gz & co: one level, not two
            else:
                entries = iter([(_inner_name(chain[-1]), payload)])
        for entry in entries:
            if isinstance(entry, Skipped):
                yield entry
            else:
                yield from _entry(entry[1], entry[0], chain, depth, budget)
    except Bound as exc:
        yield Skipped(where, str(exc))
    except corrupt() as exc:
        yield Skipped(where, f"corrupt or truncated archive ({kind}: {type(exc).__name__}: {text(str(exc))})")


def _inner_name(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    for suffix, replacement in _SUFFIXES.items():
        if base.lower().endswith(suffix):
            return base[: -len(suffix)] + replacement or "data"
    return base + ".data"


def _entry(data: bytes, name: str, chain: tuple[str, ...], depth: int, budget: Budget) -> Iterator[Fragment | Skipped]:
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
