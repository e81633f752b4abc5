"""Code that looks at a rule's regex for exponential backtracking (``leakscan rules check``).

Only what can be proved from the parse tree is reported: a repeat (``+``,
``*``, ``{n,m}`` with m > 10) whose body can match the same text in two ways,
so that an input that finally fails costs 2^n tries:

* nested quantifiers: the body holds another repeat, of a varying count, of
  something non-empty, and the rest of the body can match nothing
  (``(a+)+``, ``(\\w*\\s?)*``);
* overlapping alternatives: the body is an alternation two of whose branches
  match the same single character, or are the same (``(a|a)+``, ``(\\w|\\d)+``,
  ``(ab|ab)*``).

The tree is the one the ``regex`` package compiles (:mod:`leakscan.rules.regextree`;
the standard library's parser folds ``(a|a)`` away).  Anything unexpected
means "no claim": the run-time ``regex_timeout`` bounds every pattern anyway.  Atomic groups and
possessive repeats never backtrack and are left alone.
"""

from __future__ import annotations

from typing import Any

from leakscan.rules import regextree

_MANY = 10  # a bounded repeat past this many times is as bad as an unbounded one
_ONE_CHAR = ("Character", "Property", "SetUnion", "SetInter", "SetDiff", "SetSymDiff", "Range")
_ZERO_WIDTH = ("StartOfString", "EndOfString", "EndOfStringLine", "StartOfLine", "EndOfLine", "Boundary",
               "DefaultBoundary", "StartOfWord", "EndOfWord", "LookAround", "SearchAnchor", "StartOfLineU",
               "EndOfLineU", "EndOfStringLineU", "DefaultStartOfWord", "DefaultEndOfWord", "Grapheme")


def exponential(pattern: str) -> str | None:
    """Why ``pattern`` backtracks exponentially on some input, or None when that cannot be proved."""
    tree = regextree.parse(pattern)
    try:
        return None if tree is None else _walk(tree)
    except Exception:  # noqa: BLE001 - a node shaped unlike this expects: no claim
        return None


_kind = regextree.kind


def _items(node: Any) -> list[Any]:
    return list(node.items) if _kind(node) == "Sequence" else [node]


def _repeat(node: Any) -> tuple[Any, int, int | None] | None:
    """(body, min, max or None for unbounded) of a backtracking repeat."""
    if _kind(node) in ("GreedyRepeat", "LazyRepeat"):
        return node.subpattern, node.min_count, node.max_count
    return None


def _walk(node: Any) -> str | None:
    kind = _kind(node)
    if (rep := _repeat(node)) is not None:
        body, _, high = rep
        if high is None or high > _MANY:
            why = _ambiguous(body)
            if why:
                return why
        return _walk(body)
    if kind == "Sequence":
        return next((w for item in node.items if (w := _walk(item))), None)
    if kind == "Branch":
        return next((w for b in node.branches if (w := _walk(b))), None)
    if kind in ("Group", "LookAround"):
        return _walk(node.subpattern)
    return None  # atomic groups, possessive repeats and single characters never backtrack


def _unwrap(node: Any) -> Any:
    while _kind(node) == "Group" or (_kind(node) == "Sequence" and len(node.items) == 1):
        node = node.subpattern if _kind(node) == "Group" else node.items[0]
    return node


def _ambiguous(body: Any) -> str | None:
    """Whether one iteration of a repeat's ``body`` can match the same text in two ways."""
    items = [_unwrap(i) for i in _items(_unwrap(body))]
    solid = [i for i in items if not _nullable(i)]
    for i, item in enumerate(items):
        rep = _repeat(item)
        others = items[:i] + items[i + 1 :]
        varies = rep is not None and (rep[2] is None or rep[1] < rep[2])  # (x{4})* is not ambiguous
        if rep and varies and not _nullable(rep[0]) and all(map(_nullable, others)):
            return "nested quantifiers: a repeat directly inside a repeat (like (a+)+) backtracks exponentially"
    if len(solid) != 1 or _kind(solid[0]) != "Branch":
        return None  # what else each iteration must match tells the iterations apart
    branches = [_unwrap(b) for b in solid[0].branches]
    for i, first in enumerate(branches):
        for second in branches[i + 1 :]:
            if _shape(first) == _shape(second):
                return "overlapping alternatives: the same branch twice inside a repeat (like (a|a)+)"
            a, b = _chars(first), _chars(second)
            if a and b and a & b:
                return ("overlapping alternatives: two branches match the same character inside a repeat "
                        "(like (\\w|\\d)+)")
    return None


def _nullable(node: Any) -> bool:
    """Whether the node can match the empty string (unknown nodes: no)."""
    kind = _kind(node)
    if kind in _ZERO_WIDTH:
        return True
    if (rep := _repeat(node)) is not None or kind == "PossessiveRepeat":
        body, low = (rep[0], rep[1]) if rep else (node.subpattern, node.min_count)
        return low == 0 or _nullable(body)
    if kind == "Sequence":
        return all(map(_nullable, node.items))
    if kind == "Branch":
        return any(map(_nullable, node.branches))
    if kind in ("Group", "Atomic"):
        return _nullable(node.subpattern)
    return False


def _chars(node: Any) -> frozenset[int] | None:
    """The bytes a one-character node matches (``matches`` is the parser's own test)."""
    if _kind(node) in ("Any", "AnyU"):
        return frozenset(range(256)) - {10}
    if _kind(node) == "AnyAll":
        return frozenset(range(256))
    if _kind(node) not in _ONE_CHAR or not hasattr(node, "matches"):
        return None
    return frozenset(b for b in range(256) if node.matches(b))


def _shape(node: Any) -> tuple[Any, ...]:
    """A structural key: two branches with the same key match the same texts."""
    kind = _kind(node)
    children = [_shape(c) for c in getattr(node, "items", None) or getattr(node, "branches", None) or ()]
    if hasattr(node, "subpattern"):
        children.append(_shape(node.subpattern))
    simple = tuple(repr(v) for k, v in sorted(vars(node).items())
                   if k in ("value", "positive", "case_flags", "min_count", "max_count"))
    return (kind, simple, tuple(children))
