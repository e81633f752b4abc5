"""Offsets -> line and character column, exact on long lines with many findings and invalid UTF-8."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.engine.location import LineIndex
from leakscan.model import Fragment


def _naive(data: bytes, offset: int) -> tuple[int, int]:
    start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[start:offset].decode("utf-8", "replace")) + 1


@settings(max_examples=300)
@given(st.binary(max_size=200) | st.text(max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass")),
       st.lists(st.integers(0, 200), max_size=12))
def test_positions_match_a_fresh_decode(data: bytes, offsets: list[int]) -> None:
    """Lookups in any order (the index resumes from the last one when it safely can)."""
    index = LineIndex(Fragment(data, "x"))
    for offset in (min(o, len(data)) for o in offsets):
        assert index.position(offset) == _naive(data, offset)


def test_many_offsets_on_one_long_line() -> None:
    data = ("é€x" * 5000).encode() + b"\n" + b"ab\xff\xe2\x82" * 10
    index = LineIndex(Fragment(data, "x"))
    for offset in range(0, len(data), 997):
        assert index.position(offset) == _naive(data, offset)

