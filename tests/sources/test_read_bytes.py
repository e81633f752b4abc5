"""Reading files with plain os.read gives every byte, whatever the size; binary sniffing is unchanged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from leakscan.engine.location import LineIndex
from leakscan.model import Fragment, Skipped
from leakscan.sources.files import BINARY_SNIFF, FileEntry, read


@pytest.mark.parametrize("size", [0, 1, 4095, 65536, (1 << 20) + 7, 3 * (1 << 20) + 1])
def test_read_returns_every_byte(tmp_path: Path, size: int):
    data = (os.urandom(size // 2 + 1).hex()[:size]).encode()
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    fragment = read(FileEntry(str(path), "f.txt", size))
    assert isinstance(fragment, Fragment) and fragment.data == data


def test_file_grown_since_the_walk_is_read_whole(tmp_path: Path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"a" * 5000)
    fragment = read(FileEntry(str(path), "f.txt", 10))  # the walk saw it smaller
    assert isinstance(fragment, Fragment) and fragment.data == b"a" * 5000


@pytest.mark.parametrize(("at", "binary"), [(0, True), (BINARY_SNIFF - 1, True), (BINARY_SNIFF, False)])
def test_nul_in_the_first_8000_bytes_means_binary(tmp_path: Path, at: int, binary: bool):
    data = bytearray(b"x" * (BINARY_SNIFF + 10))
    data[at] = 0
    path = tmp_path / "b.dat"
    path.write_bytes(bytes(data))
    result = read(FileEntry(str(path), "b.dat", len(data)))
    assert isinstance(result, Skipped) is binary


@pytest.mark.parametrize("data", [b"", b"\n", b"a", b"a\n", b"a\nbb\n\nccc", b"\n\n\n", b"x\r\ny\r\n"])
def test_line_index_starts(data: bytes):
    """Line starts and indexes, asked forwards, backwards and out of order, are those of a full index."""
    starts = [0] + [i + 1 for i, byte in enumerate(data) if byte == 0x0A]
    index = LineIndex(Fragment(data, "f"))
    offsets = list(range(len(data) + 1))
    for offset in [*offsets, *reversed(offsets), *offsets[::3], *offsets[::-2]]:
        line = max(i for i, s in enumerate(starts) if s <= offset)
        assert (index.index_of(offset), index.line_start(offset)) == (line, starts[line])
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(data)
        assert index.line_bytes(offset) == data[starts[line] : end].rstrip(b"\r")
