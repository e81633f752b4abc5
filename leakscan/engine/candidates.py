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
from collections.abc import Sequence

from leakscan.engine import hsdb
from leakscan.engine import matcher as matchers

MAX_LINES = 2_000  # past this many candidate lines, reading everything is cheaper
# Length-preserving stand-ins: offsets (and so lines) stay those of the raw bytes, and a
# run of base64 stays one run, which is all a prefilter (lookarounds dropped) needs.
_ASCII_ESCAPE = re.compile(rb"\\u00([2-7][0-9a-fA-F])")
_STAND_IN = {b"%02x" % c: bytes([c]) * 6 for c in range(0x20, 0x80)}


def cheap_unescape(data: bytes) -> bytes:
    """JSON escapes that can split a secret (``\\/``, ``\\u002F``, ...) replaced, every offset unchanged.

    Only to *find* candidate lines: exact unescaping (with offsets) runs on those lines.  An escaped
    ``://`` keeps its shape (``:\\/\\/`` -> ``://~~``: the filler is a user-name character), or
    ``scheme://user:password@`` in a JSON log would never reach the exact pass.
    """
    data = data.replace(b":\\/\\/", b"://~~").replace(b"\\/", b"//")
    if b"\\u00" in data:
        data = _ASCII_ESCAPE.sub(lambda m: _STAND_IN[m.group(1).lower()], data)
    return data


class LineFilter:
    def __init__(self, matcher: matchers.Matcher, extra: Sequence[bytes] = ()):
        """``extra``: more expressions whose lines are candidates (the decoding stage's gate)."""
        self.db = None
        if isinstance(matcher, matchers.HyperscanMatcher) and matcher.rules and not matcher._fallback:
            import hyperscan

            plan = hsdb.every_end_plan(matcher.rules)
            n = len(plan.patterns)
            plan.patterns.extend((p, n + i, hyperscan.HS_FLAG_PREFILTER) for i, p in enumerate(extra))
            self.db = hsdb.database(plan)

    def ranges(self, data: bytes) -> list[tuple[int, int, int]] | None:
        """(start, end, first line index) of the runs of lines that may hold a match, or None for all."""
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
        return _ranges(data, sorted(ends))  # Hyperscan does not promise offset order


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
