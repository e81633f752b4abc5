"""Hyperscan databases for a rule set: which expressions, with which flags, compiled once (and cached).

Per rule, a *gate* pattern (its ``prefilter``, else its regex in prefilter
mode, first match only) says whether a fragment needs the rule at all.  For
rules whose matches stay on one line (:mod:`leakscan.engine.lines`), the
rule's regex in prefilter mode also reports every match end (the *locator*),
so exact extraction reads only those lines.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leakscan.engine.lines import line_bounded
from leakscan.model import Rule

_GROUP_NAME = re.compile(rb"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")


@dataclass(frozen=True)
class Plan:
    """The Hyperscan expressions for a rule set, and which pattern locates each rule's matches."""

    patterns: list[tuple[bytes, int, int]]  # (expression, id, flags)
    locators: list[int | None]  # per rule: the pattern id whose match ends locate it, or None


def plan(rules: Sequence[Rule], located: bool | Sequence[bool]) -> Plan:
    import hyperscan

    gate = hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_PREFILTER
    every = hyperscan.HS_FLAG_PREFILTER  # every match end, not just the first
    patterns: list[tuple[bytes, int, int]] = []
    locators: list[int | None] = []
    n = len(rules)
    for i, rule in enumerate(rules):
        want = located if isinstance(located, bool) else located[i]
        line = want and line_bounded(rule.regex)
        if rule.prefilter is None:
            patterns.append((_locator(rule.regex) if line else _expression(rule.regex), i, every if line else gate))
            locators.append(i if line else None)
        else:
            patterns.append((_expression(rule.prefilter), i, gate))
            if line:
                patterns.append((_locator(rule.regex), n + i, every))
            locators.append(n + i if line else None)
    return Plan(patterns, locators)


_REGEX_ONLY = re.compile(r"\{[eisd]\s*(?:[<>=]|\})|\(\?[a-zA-Z]*V1")


def regex_only(rule: Rule) -> bool:
    """Syntax of the ``regex`` package that Hyperscan would read as something else without a word:
    fuzzy matching (``(?:secret){e<=1}``: to PCRE, a literal brace) and version-1 set operations."""
    return any(_REGEX_ONLY.search(p) for p in (rule.regex, rule.prefilter) if p)


_LONG_REPEAT = re.compile(rb"(?<!\\)\{(\d+),(\d+)\}")


def _expression(pattern: str) -> bytes:
    # Hyperscan only says where a rule hit: group names (which it rejects when
    # repeated across alternatives) do not matter to it.  Every expression runs in
    # prefilter mode (a superset), so a long bounded repeat (rules bound their matches to
    # fit a log window's overlap) may become unbounded: ``{2,10240}`` took 19 s to compile.
    return _LONG_REPEAT.sub(_unbounded, _GROUP_NAME.sub(b"(", pattern.encode()))


def _unbounded(m: re.Match[bytes]) -> bytes:
    return b"{%s,}" % m.group(1) if int(m.group(2)) > 255 else m.group(0)


# A boundary lookaround on one character class: ``(?<![0-9a-f])`` at an alternative's start, ``(?![0-9a-f])``
# at its end.
_BEHIND = re.compile(rb"\A\(\?<!\[(\^?)((?:\\.|[^\]\\])+)\]\)")
_AHEAD = re.compile(rb"\(\?!\[(\^?)((?:\\.|[^\]\\])+)\]\)\Z")


def _locator(pattern: str) -> bytes:
    """A rule's regex as a locator: boundary lookarounds made consuming, so that a long run reports
    no ends at all rather than one per character.

    Prefilter mode drops lookarounds, so ``[0-9a-f]{64}(?![0-9a-f])`` would report an end at every
    digit of a 10,000-digit hex run: millions of callbacks on a hash-heavy tree.  At the start of a
    top-level alternative ``(?<![C])`` reads as ``(?:\\A|[^C])``, at its end ``(?![C])`` as
    ``(?:[^C]|\\z)``: a superset of the same matches, each end moved by at most one byte, which
    :func:`leakscan.engine.lines.line_spans` covers (it takes the lines of ``end - 1`` through ``end``).
    """
    def other(negated: bytes, members: bytes) -> bytes:
        return b"[" + (b"" if negated else b"^") + members + b"]"

    out = []
    for alternative in _alternatives(_expression(pattern)):
        alternative = _BEHIND.sub(lambda m: b"(?:\\A|" + other(m[1], m[2]) + b")", alternative)
        out.append(_AHEAD.sub(lambda m: b"(?:" + other(m[1], m[2]) + b"|\\z)", alternative))
    return b"|".join(out)


def _alternatives(pattern: bytes) -> list[bytes]:
    """The top-level alternatives of a pattern (``|`` outside groups and classes)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i : i + 1]
        if c == b"\\":
            i += 2
            continue
        if in_class:
            in_class = c != b"]"
        elif c == b"[":
            in_class = True
            if pattern[i + 1 : i + 2] == b"^":
                i += 1
            if pattern[i + 1 : i + 2] == b"]":  # a leading ] is a member
                i += 1
        elif c == b"(":
            depth += 1
        elif c == b")":
            depth -= 1
        elif c == b"|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def compiles(plan: Plan) -> bool:
    import hyperscan

    try:
        _compile(plan)
    except hyperscan.error:
        return False
    return True


def database(plan: Plan) -> Any:  # a hyperscan.Database (the package has no type hints)
    """The compiled database, from the user's cache when this exact plan was compiled before.

    Compiling the rules takes ~40 ms, a good part of a small scan; loading a
    serialized database takes well under one.  Hyperscan checks the platform
    and a checksum when loading, so a stale or damaged file is just recompiled.
    """
    import hyperscan

    path = _cache_path(hyperscan, plan)
    if path is not None:
        try:
            db = hyperscan.loadb(path.read_bytes(), hyperscan.HS_MODE_BLOCK)
            db.scratch = hyperscan.Scratch(db)
            return db
        except (OSError, hyperscan.error):
            pass
    db = _compile(plan)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(hyperscan.dumpb(db))
            os.replace(tmp, path)
        except OSError:
            pass
    return db


def _cache_path(hyperscan: Any, plan: Plan) -> Path | None:
    if os.environ.get("LEAKSCAN_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    key = hashlib.sha256(repr((getattr(hyperscan, "__version__", ""), plan.patterns)).encode()).hexdigest()
    return Path(base) / "leakscan" / f"hyperscan-{key[:40]}.db"


def _compile(plan: Plan) -> Any:  # a hyperscan.Database
    import hyperscan

    db = hyperscan.Database()
    db.compile(
        expressions=[p for p, _, _ in plan.patterns],
        ids=[i for _, i, _ in plan.patterns],
        elements=len(plan.patterns),
        flags=[f for _, _, f in plan.patterns],
    )
    return db
