"""Byte offsets -> 1-based line and column (columns count characters, as SARIF does)."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from leakscan.model import Fragment


class LineIndex:
    """Newline positions of one fragment, built once, for many lookups."""

    # (line index, offset, column) of the last lookup: matches come in offset
    # order, so a long minified line is decoded once, not once per finding
    _last: tuple[int, int, int] | None = None

    def __init__(self, fragment: Fragment):
        self.fragment = fragment
        # Line start offsets, summed in C: a log with a finding has 100k lines.
        lengths = map((1).__add__, map(len, fragment.data.split(b"\n")[:-1]))
        self.starts = list(accumulate(lengths, initial=0))

    def index_of(self, offset: int) -> int:
        """0-based line index within the fragment."""
        return bisect_right(self.starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of ``offset``: the real line number and a 1-based character column."""
        index = self.index_of(offset)
        start, column = self.starts[index], 1
        data = self.fragment.data
        last = self._last
        # resuming is exact when the resume point is an ASCII byte: no UTF-8 sequence spans it
        if last and last[0] == index and last[1] <= offset and (last[1] == len(data) or data[last[1]] < 0x80):
            start, column = last[1], last[2]
        column += len(data[start:offset].decode("utf-8", "replace"))
        self._last = (index, offset, column)
        return self.fragment.line_of(index), column

    def line_bytes(self, offset: int) -> bytes:
        index = self.index_of(offset)
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.fragment.data)
        return self.fragment.data[start:end].rstrip(b"\r")
