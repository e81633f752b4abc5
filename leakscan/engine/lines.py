"""Line-bounded patterns: exact extraction on the lines Hyperscan points at, not the whole file.

If no match of a pattern can contain a newline, then its ``finditer`` over a
whole file yields exactly the matches that ``finditer`` run over each line
(from the line's start, up to and including its newline) yields: no match can
begin on one line and end on another, so each line's scan starts in the same
state.  Hyperscan reports the end offset of every match of a pattern's
prefilter form (a superset of the real matches), so the lines holding those
ends hold every real match; ``regex`` then runs on those lines alone.  A 64-hex
rule over a hash-heavy log thus reads a few short lines instead of megabytes.

:func:`line_bounded` decides conservatively from the pattern text: anything it
does not understand counts as "may match a newline" and keeps whole-file
extraction, which is always correct.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

_EXCLUDE_NL = set("dwStrfab")  # escapes that never match a newline (in a class, \b is backspace)
_INCLUDE_NL = set("nsWD")  # escapes whose set contains the newline
_UNSAFE_OUTSIDE = set("^$")  # anchors depend on where the string ends


def line_bounded(pattern: str) -> bool:
    """True when no match of ``pattern`` can contain, or look ahead across, a newline."""
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\n" or c in _UNSAFE_OUTSIDE:
            return False
        if c == "\\":
            if i + 1 >= n or not _escape_ok(pattern[i + 1]):
                return False
            i += 2
        elif c == "[":
            end = _class_end(pattern, i)
            if end is None:
                return False
            i = end
        elif c == "(" and pattern.startswith("(?", i):
            if not _group_ok(pattern, i + 2):
                return False
            i += 2
        elif c == "{" and i + 1 < n and pattern[i + 1].isalpha():  # fuzzy matching: {e<=1}
            return False
        else:
            i += 1
    return True


def _escape_ok(c: str) -> bool:
    """An escape outside a class: \\b \\B are zero-width; \\d \\w \\S \\t \\r \\f never match a newline."""
    return c in "dwStrfbB" if c.isalnum() else c != "\n"


def _group_ok(pattern: str, i: int) -> bool:
    """``(?…`` : lookarounds and named groups are fine; flags must not turn on DOTALL or verbose mode."""
    if pattern.startswith(("<=", "<!", "=", "!", ":", ">", "P<", "<"), i) and not pattern.startswith("(?#", i - 2):
        return True
    j = i
    while j < len(pattern) and (pattern[j].isalpha() or pattern[j] == "-"):
        j += 1
    flags = pattern[i:j].split("-")[0]
    return j > i and j < len(pattern) and pattern[j] in ":)" and not set(flags) & set("sxV")


def _class_end(pattern: str, i: int) -> int | None:
    """Index after the class starting at ``i``, or None if it may match a newline (or is not understood)."""
    j = i + 1
    negated = j < len(pattern) and pattern[j] == "^"
    if negated:
        j += 1
    items: list[str | None] = []  # each item's newline verdict: "in", "out", or None (unknown)
    first = True
    while j < len(pattern):
        c = pattern[j]
        if c == "]" and not first:
            break
        first = False
        if c == "[":
            return None  # nested sets / POSIX classes: not analysed
        lo, j = _class_char(pattern, j)
        if pattern.startswith("-", j) and j + 1 < len(pattern) and pattern[j + 1] != "]":
            hi, j = _class_char(pattern, j + 1)
            items.append(None if lo is None or hi is None or len(lo) != 1 or len(hi) != 1
                         else "in" if ord(lo) <= 10 <= ord(hi) else "out")
        else:
            items.append(_verdict(lo))
    else:
        return None
    if negated:
        return j + 1 if "in" in items else None
    return j + 1 if all(v == "out" for v in items) else None


def _class_char(pattern: str, j: int) -> tuple[str | None, int]:
    """One class member: a literal character, or ``\\x`` as the two-character text ``\\x``."""
    if pattern[j] != "\\":
        return pattern[j], j + 1
    if j + 1 >= len(pattern):
        return None, j + 1
    c = pattern[j + 1]
    if not c.isalnum():
        return c, j + 2
    literal = {"t": "\t", "r": "\r", "f": "\f", "n": "\n", "a": "\a", "b": "\b"}.get(c)
    return (literal if literal else "\\" + c), j + 2


def _verdict(member: str | None) -> str | None:
    if member is None:
        return None
    if len(member) == 1:
        return "in" if member == "\n" else "out"
    c = member[1]
    if c in _INCLUDE_NL:
        return "in"
    return "out" if c in _EXCLUDE_NL else None


LONG_LINE = 64 * 1024  # past this, a line is read only around each hit (when the rule's width is known)
MARGIN = 1024  # read this much beyond a hit either way: lookarounds see the real text


def line_spans(data: bytes, ends: Iterable[int], width: int | None = None) -> Iterator[tuple[int, int]]:
    """Whole-line spans ``[start, end)`` (newline included) covering each match end, merged, in order.

    ``ends`` must be ascending.  The line of an end offset is the line of the
    match's last byte (``end - 1``) through the line holding ``end`` itself, so
    an empty match at a line start is covered too.  On a line longer than
    ``LONG_LINE``, a rule whose matches are at most ``width`` long is read only
    from ``width`` (and a margin) before each end to a margin after it: a 4 MiB
    minified line with a hit no longer costs each such rule 4 MiB of regex.
    """
    cur_start = cur_end = -1
    line_start = line_stop = -1  # the line of the last end, kept: finding it again on a long line costs its length
    size = len(data)
    for end in ends:
        if not line_start < end < line_stop:
            line_start = data.rfind(b"\n", 0, max(end - 1, 0)) + 1
            nl = data.find(b"\n", end)
            line_stop = size if nl == -1 else nl + 1
        start, stop = line_start, line_stop
        if width is not None and stop - start > LONG_LINE:
            start, stop = max(start, end - width - MARGIN), min(stop, end + MARGIN)
        if start <= cur_end:
            cur_end = max(cur_end, stop)
            continue
        if cur_end != -1:
            yield cur_start, cur_end
        cur_start, cur_end = start, stop
    if cur_end != -1:
        yield cur_start, cur_end
