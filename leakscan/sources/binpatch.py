"""``GIT binary patch`` data -> the new file's bytes, when a patch carries them whole.

``git format-patch`` and ``git diff --binary`` write a binary file as zlib data in
git's base85 lines (a length letter, then 5 characters per 4 bytes).  A ``literal``
block is the whole new file, so a release zip a patch adds can be opened as ``scan``
opens it; a ``delta`` block needs the old file, which a patch does not hold.
"""

from __future__ import annotations

import base64
import binascii
import string
import zlib
from collections.abc import Iterator
from dataclasses import replace

from leakscan.model import ArchiveLimits, Fragment, Skipped

_LENGTH = {ord(c): i + 1 for i, c in enumerate(string.ascii_uppercase + string.ascii_lowercase)}


def is_data_line(line: bytes) -> bool:
    """A base85 line of a binary patch: a length letter, then groups of five characters."""
    return len(line) >= 6 and line[0] in _LENGTH and (len(line) - 1) % 5 == 0


def decode(lines: list[bytes], size: int, limit: int) -> bytes:
    """The inflated bytes of one ``literal`` block; ValueError when the data is damaged or not ``size``."""
    packed = bytearray()
    for line in lines:
        try:
            packed += base64.b85decode(line[1:])[: _LENGTH[line[0]]]
        except (ValueError, binascii.Error, KeyError):
            raise ValueError("damaged base85 line") from None
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(bytes(packed), min(size, limit) + 1)
    except zlib.error as exc:
        raise ValueError(f"damaged zlib data ({exc})") from None
    if len(data) != size:
        raise ValueError(f"{len(data)} bytes where the patch says {size}")
    return data


def new_file(block: str, size: int, lines: list[bytes] | None, limit: int) -> tuple[bytes | None, str]:
    """The new file's bytes from a binary patch's first block (``lines`` None: not read whole), or why not."""
    if block == "delta":
        return None, "a delta against the old file, which the patch does not hold; scan the repository"
    if block != "literal" or lines is None:
        return None, "no binary data in the patch (git diff --binary, git format-patch carry it)"
    try:
        return decode(lines, size, max(limit, 256 << 20)), ""
    except ValueError as exc:
        return None, f"damaged binary patch data ({exc})"


def scanned(path: str, commit: str | None, meta: tuple[tuple[str, str], ...], data: bytes,
            limits: ArchiveLimits) -> Iterator[Fragment | Skipped]:
    """A binary patch's new file as ``scan`` reads it: an archive's entries, text whole, or a binary skip."""
    from leakscan.sources import archives

    binary = data.find(b"\0", 0, 8000) != -1
    if archives.kind_of(path, data, binary):
        for item in archives.expand(data, path, limits):
            yield replace(item, commit=commit, extra=meta) if isinstance(item, Fragment) else item
    elif binary:
        yield Skipped(path, "binary")
    else:  # text that .gitattributes marks binary: the whole new file, its own line numbers
        yield Fragment(data=data, path=path, commit=commit, extra=meta)
