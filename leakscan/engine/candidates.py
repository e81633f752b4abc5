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

from leakscan.engine import matcher as matchers

MAX_LINES = 2_000  # past this many candidate lines, reading everything is cheaper
ESCAPES = ((b"\\/", b"/"), (b"\\u002f", b"/"), (b"\\u002F", b"/"), (b"\\u002b", b"+"), (b"\\u002B", b"+"),
           (b"\\u003d", b"="), (b"\\u003D", b"="))


def cheap_unescape(data: bytes) -> bytes:
    """JSON escapes that split base64 secrets undone at C speed; line breaks stay where they were.

    Only to *find* candidate lines: exact unescaping (with offsets) runs on those lines.
    """
    for old, new in ESCAPES:
        if old in data:
            data = data.replace(old, new)
    return data


class LineFilter:
    def __init__(self, matcher: matchers.Matcher):
        self.db = None
        if isinstance(matcher, matchers.HyperscanMatcher) and matcher.rules and not matcher._fallback:
            import hyperscan

            self.db = matchers._database(matcher.rules, hyperscan.HS_FLAG_PREFILTER)

    def lines(self, data: bytes) -> list[int] | None:
        """0-based indexes of the lines that may hold a match (sorted), or None for all of them."""
        if self.db is None:
            return None
        import hyperscan

        ends: list[int] = []
        line_end = [-1]  # end of the line of the last candidate: further ends there add nothing

        def on_match(_rule: int, _from: int, to: int, _flags: int, _ctx: object) -> bool:
            if to <= line_end[0]:
                return False
            nl = data.find(b"\n", to)
            line_end[0] = len(data) if nl == -1 else nl
            ends.append(to)
            return len(ends) > MAX_LINES  # True stops the scan: reading everything is cheaper

        try:
            self.db.scan(data, match_event_handler=on_match)
        except hyperscan.ScanTerminated:
            return None
        found: set[int] = set()
        pos = line = 0
        for end in sorted(ends):
            line += data.count(b"\n", pos, end)
            pos = end
            found.update((line - 1, line) if line else (line,))
        return sorted(found)


def line_ranges(data: bytes, lines: list[int]) -> list[tuple[int, int, int]]:
    """(start, end, first line index) of runs of the given lines in ``data``; ends include the newline."""
    out: list[tuple[int, int, int]] = []
    pos, current = 0, 0  # offset of the start of line ``current``
    for wanted in lines:
        while current < wanted:
            nl = data.find(b"\n", pos)
            if nl == -1:
                return out
            pos, current = nl + 1, current + 1
        nl = data.find(b"\n", pos)
        end = len(data) if nl == -1 else nl + 1
        if out and out[-1][1] == pos:
            out[-1] = (out[-1][0], end, out[-1][2])
        else:
            out.append((pos, end, wanted))
        pos, current = end, current + 1
    return out
