"""Byte offsets -> 1-based line and column (columns count characters, as SARIF does)."""

from __future__ import annotations

from leakscan.model import Fragment


class LineIndex:
    """Lines of one fragment, counted on from the last lookup rather than indexed up front.

    Matches come in offset order, so each lookup counts only the newlines since the one
    before (C speed): a 4 MiB log window with one finding costs one pass to it, not a
    list of every line, and a long minified line with thousands of findings is read once
    (its end and the last column are kept), not once per finding.
    """

    def __init__(self, fragment: Fragment):
        self.fragment = fragment
        self._pos = self._index = self._start = 0  # last offset asked, its 0-based line, that line's start
        self._end = -1  # end of the line starting at ``_start`` (-1: not looked up yet)
        self._column = (-1, 0, 1)  # (line start, offset, column) of the last column counted
        self._found: dict[bytes, int] = {}  # needle -> its offset in the current line (-1: absent)

    def _seek(self, offset: int) -> None:
        data = self.fragment.data
        if offset >= self._pos:
            newlines = data.count(b"\n", self._pos, offset)
            if newlines:
                self._start = data.rfind(b"\n", self._pos, offset) + 1
        else:
            newlines = -data.count(b"\n", offset, self._pos)
            if newlines:
                self._start = data.rfind(b"\n", 0, offset) + 1
        if newlines:
            self._index += newlines
            self._end = -1
            self._found.clear()
        self._pos = offset

    def index_of(self, offset: int) -> int:
        """0-based line index within the fragment."""
        self._seek(offset)
        return self._index

    def line_start(self, offset: int) -> int:
        """Offset of the start of ``offset``'s line."""
        self._seek(offset)
        return self._start

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of ``offset``: the real line number and a 1-based character column."""
        self._seek(offset)
        data, start = self.fragment.data, self._start
        line_start, at, column = self._column
        # resuming is exact when the resume point is an ASCII byte: no UTF-8 sequence spans it
        if line_start != start or at > offset or (at < len(data) and data[at] >= 0x80):
            at, column = start, 1
        column += len(data[at:offset].decode("utf-8", "replace"))
        self._column = (start, offset, column)
        return self.fragment.line_of(self._index), column

    def line_bytes(self, offset: int) -> bytes:
        self._seek(offset)
        data = self.fragment.data
        if self._end == -1:
            nl = data.find(b"\n", self._start)
            self._end = nl if nl != -1 else len(data)
        return data[self._start : self._end].rstrip(b"\r")

    def find_in_line(self, offset: int, needle: bytes) -> int:
        """Offset of ``needle`` in ``offset``'s line, relative to the line (-1: absent); searched once a line."""
        self._seek(offset)
        if needle not in self._found:
            self.line_bytes(offset)
            at = self.fragment.data.find(needle, self._start, self._end)
            self._found[needle] = at - self._start if at != -1 else -1
        return self._found[needle]
