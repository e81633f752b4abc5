"""Code that reads a rule's regex as the ``regex`` package parses it, for the rule linter.

The linter (``leakscan rules check``) asks questions of a pattern's structure:
could it backtrack exponentially (:mod:`leakscan.rules.redos`), could a match
run past a line end (:func:`crosses_line_end`).  The tree is the one the
``regex`` package compiles, parsed as rules are compiled (bytes).  That parser
is internal to the package, so a failure means "no answer" (None), never a crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def parse(pattern: str) -> Any | None:
    """The parse tree of ``pattern`` compiled as bytes, or None when it cannot be had."""
    try:
        from regex import _regex_core as core

        flags = 0
        for _ in range(3):  # an inline global flag restarts the parse, as regex.compile does
            source = core.Source(pattern.encode())
            info = core.Info(flags, source.char_type, {})
            info.guess_encoding = core.ASCII
            source.ignore_space = bool(info.flags & core.VERBOSE)
            try:
                return core._parse_pattern(source, info)
            except core._UnscopedFlagSet:
                flags = info.global_flags
    except Exception:  # noqa: BLE001 - internals or syntax this does not know: no answer
        return None
    return None


def kind(node: Any) -> str:
    return type(node).__name__


def children(node: Any) -> Iterator[Any]:
    for name in ("items", "branches"):
        yield from getattr(node, name, None) or ()
    for name in ("subpattern", "yes_item", "no_item"):
        child = getattr(node, name, None)
        if child is not None:
            yield child


_NOT_CONSUMED = {"LookAround", "LookAroundConditional"}  # lookarounds look; the match does not hold them


def crosses_line_end(pattern: str) -> bool | None:
    """Whether a match can hold a newline (``\\s``, ``[^"]``, ``(?s).``, ``\\n``); None: cannot tell."""
    tree = parse(pattern)
    return None if tree is None else _newline(tree)


def _newline(node: Any) -> bool:
    name = kind(node)
    if name in _NOT_CONSUMED:
        return False
    if name == "AnyAll":
        return True
    if name in ("String", "Literal"):
        return 10 in getattr(node, "characters", ())
    if name in ("Character", "Property", "SetUnion", "SetInter", "SetDiff", "SetSymDiff", "Range"):
        return bool(node.matches(10))
    return any(_newline(child) for child in children(node))
