"""Damaged archives never raise: a flipped, cut or spliced byte is a Skipped with a reason, or still reads."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.model import Fragment, Skipped
from leakscan.sources.archives import ArchiveLimits, expand


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a/b.txt", b"hello world\n" * 20)
        archive.writestr("c.zip", b"PK\x03\x04junk")
    return buf.getvalue()


def _tgz() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as archive:
        data = b"key = value\n" * 30
        info = tarfile.TarInfo("pkg/x.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buf.getvalue()


SAMPLES = [("x.zip", _zip()), ("x.tgz", _tgz()), ("x.gz", gzip.compress(b"a\n" * 99)),
           ("x.bz2", bz2.compress(b"a\n" * 99)), ("x.xz", lzma.compress(b"a\n" * 99))]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SAMPLES), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8),
       st.integers(0, 10_000))
def test_damaged_archives_are_skips_never_exceptions(sample: tuple[str, bytes], flips: list[tuple[int, int]],
                                                     cut: int) -> None:
    name, data = sample
    damaged = bytearray(data)
    for at, value in flips:
        damaged[at % len(damaged)] = value
    damaged = damaged[: max(8, cut % (len(damaged) + 1))]
    items = list(expand(bytes(damaged), name, ArchiveLimits(max_bytes=1 << 20)))
    assert all(isinstance(i, (Fragment, Skipped)) for i in items)
    assert all(i.reason for i in items if isinstance(i, Skipped))
