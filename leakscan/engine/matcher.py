"""The multi-pattern matcher: every rule compiled once, then one pass per fragment.

Hyperscan runs all rules' patterns at once (in prefilter mode, so lookarounds
are approximated as a superset) and only says *which* rules hit a fragment;
the ``regex`` package then extracts exact matches for those rules alone.
Without Hyperscan, the fallback engine uses rule keywords as a cheap literal
prefilter before ``regex``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from leakscan.model import RuleMatch
from leakscan.rules.loader import Rule

ENGINES = ("auto", "hyperscan", "regex")
_GROUP_NAME = re.compile(rb"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")


class Matcher(Protocol):
    name: str

    def scan(self, data: bytes) -> list[RuleMatch]: ...


def hyperscan_available() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


def compile_rules(rules: Sequence[Rule], engine: str = "auto") -> Matcher:
    if engine == "auto":
        engine = "hyperscan" if hyperscan_available() else "regex"
    if engine == "hyperscan":
        return HyperscanMatcher(rules)
    return RegexMatcher(rules)


def extract(rule: Rule, data: bytes) -> list[RuleMatch]:
    """Exact matches of one rule in ``data``, secret span included."""
    out = []
    pattern = rule.compiled
    has_group = "secret" in pattern.groupindex
    for m in pattern.finditer(data):
        start, end = m.span("secret") if has_group else m.span()
        if start < 0 or end <= start:
            continue
        out.append(RuleMatch(rule.id, start, end, m.start(), m.end(), data[start:end]))
    return out


class RegexMatcher:
    """Fallback engine: keyword prefilter, then each rule's regex."""

    name = "regex"

    def __init__(self, rules: Sequence[Rule]):
        self.rules = list(rules)

    def scan(self, data: bytes) -> list[RuleMatch]:
        lowered: bytes | None = None
        out: list[RuleMatch] = []
        for rule in self.rules:
            if rule.keywords:
                if lowered is None:
                    lowered = data.lower()
                if not any(k.encode() in lowered for k in rule.keywords):
                    continue
            out.extend(extract(rule, data))
        return out


class HyperscanMatcher:
    """All rules in one Hyperscan database; ``regex`` only for rules that hit."""

    name = "hyperscan"

    def __init__(self, rules: Sequence[Rule]):
        import hyperscan

        flags = hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_PREFILTER
        # A user rule Hyperscan cannot compile even as a prefilter still runs,
        # through the fallback engine, rather than failing the scan.
        self.rules, self._fallback = [], []
        for rule in rules:
            try:
                _database([rule], flags)
                self.rules.append(rule)
            except hyperscan.error:
                self._fallback.append(rule)
        self._regex = RegexMatcher(self._fallback)
        self._db = _database(self.rules, flags) if self.rules else None

    def hits(self, data: bytes) -> list[int]:
        """Indexes of the rules whose prefilter pattern occurs in ``data``."""
        found: list[int] = []
        if self._db is None:
            return found

        def on_match(rule_index: int, _from: int, _to: int, _flags: int, _ctx: object) -> None:
            found.append(rule_index)

        self._db.scan(data, match_event_handler=on_match)
        return sorted(found)

    def scan(self, data: bytes) -> list[RuleMatch]:
        out: list[RuleMatch] = []
        for index in self.hits(data):
            out.extend(extract(self.rules[index], data))
        if self._fallback:
            out.extend(self._regex.scan(data))
        return out


def _database(rules: Sequence[Rule], flags: int):  # -> hyperscan.Database
    import hyperscan

    # Hyperscan only says which rule hit: group names (which it rejects when
    # repeated across alternatives) do not matter to it.
    patterns = [_GROUP_NAME.sub(b"(", (r.prefilter or r.regex).encode()) for r in rules]
    db = hyperscan.Database()
    db.compile(
        expressions=patterns,
        ids=list(range(len(patterns))),
        elements=len(patterns),
        flags=[flags] * len(patterns),
    )
    return db
