"""Which lines of a large buffer could hold a match, so exact regexes run on those lines only.

The matcher's Hyperscan pass only says *which* rules hit a fragment; the exact
``regex`` pass then reads the whole fragment, which on a 4 MiB log window costs
seconds for some rules (64-hex keys over hex-heavy logs ran at 3.5 MB/s).  Here
Hyperscan reports where each prefilter match ends, and the lines around those
ends (with the line before, for matches that span a line break) are all the
exact pass needs to read.  Without Hyperscan, or when candidates cover most of
the buffer, the answer is "everything".
"""

from __future__ import annotations

import re

from leakscan.engine import hsdb
from leakscan.engine import matcher as matchers

MAX_LINES = 2_000  # past this many candidate lines, reading everything is cheaper
# JSON escapes that can split a secret: ``\/`` and printable ``\u00XX``.  None stands for a line
# break, so unescaping keeps every line where it was, and candidate lines map back by number.
_ASCII_ESCAPE = re.compile(rb"\\u00([2-7][0-9a-fA-F])")


def unescape_lines(data: bytes) -> bytes:
    """``data`` with the escapes that can split a secret undone, line for line (offsets move, lines do not).

    Only to *find* candidate lines: exact unescaping (with offsets) runs on those lines.  A stand-in
    of the same length would not do: ``\\/`` as ``//`` breaks ``scheme://user:pass@`` apart.
    """
    data = data.replace(b"\\/", b"/")  # the common one, at C speed
    if b"\\u00" in data:
        data = _ASCII_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
    return data


class LineFilter:
    def __init__(self, matcher: matchers.Matcher):
        self.db = None
        if isinstance(matcher, matchers.HyperscanMatcher) and matcher.rules and not matcher._fallback:
            self.db = hsdb.database(hsdb.every_end_plan(matcher.rules))

    def ranges(self, data: bytes) -> list[tuple[int, int, int]] | None:
        """(start, end, first line index) of the runs of lines of ``data`` that may hold a match, or None
        for all; escaped JSON is looked at unescaped."""
        if self.db is None:
            return None
        import hyperscan

        text = unescape_lines(data)
        ends: list[int] = []
        line_end = [-1]  # end of the line of the last candidate: further ends there add nothing

        def on_match(_rule: int, _from: int, to: int, _flags: int, _ctx: object) -> bool:
            if to <= line_end[0]:
                return False
            nl = text.find(b"\n", to)
            line_end[0] = len(text) if nl == -1 else nl
            ends.append(to)
            return len(ends) > MAX_LINES  # True stops the scan: reading everything is cheaper

        try:
            self.db.scan(text, match_event_handler=on_match)
        except hyperscan.ScanTerminated:
            return None
        ends.sort()  # Hyperscan does not promise offset order
        if text is data:
            return _ranges(data, ends)
        return _ranges_by_line(data, _lines(text, ends))


def _ranges(data: bytes, ends: list[int]) -> list[tuple[int, int, int]]:
    """(start, end, first line index) of the lines holding each end, and the line before each."""
    spans: list[tuple[int, int]] = []
    for end in ends:
        start = data.rfind(b"\n", 0, end) + 1
        if start:
            start = data.rfind(b"\n", 0, start - 1) + 1  # the line before: a match may span the break
        nl = data.find(b"\n", end)
        stop = len(data) if nl == -1 else nl + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(stop, spans[-1][1]))
        else:
            spans.append((start, stop))
    out, pos, line = [], 0, 0
    for start, stop in spans:
        line += data.count(b"\n", pos, start)
        pos = start
        out.append((start, stop, line))
    return out


def _lines(text: bytes, ends: list[int]) -> list[int]:
    """The line index holding each match end (ascending ends give ascending lines)."""
    out, pos, line = [], 0, 0
    for end in ends:
        at = max(pos, text.rfind(b"\n", 0, end) + 1)  # the start of the line holding the end
        line += text.count(b"\n", pos, at)
        pos = at
        out.append(line)
    return out


def _ranges_by_line(data: bytes, lines: list[int]) -> list[tuple[int, int, int]]:
    """:func:`_ranges` for candidates given as line indices (each with the line before it)."""
    wanted = sorted({n for line in lines for n in (line - 1, line) if n >= 0})
    out: list[tuple[int, int, int]] = []
    pos, at = 0, 0  # the start of line ``at`` in data
    for line in wanted:
        while at < line:
            nl = data.find(b"\n", pos)
            if nl == -1:
                return out
            pos, at = nl + 1, at + 1
        nl = data.find(b"\n", pos)
        stop = len(data) if nl == -1 else nl + 1
        if out and out[-1][1] == pos:
            out[-1] = (out[-1][0], stop, out[-1][2])
        else:
            out.append((pos, stop, line))
    return out
