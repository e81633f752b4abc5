"""The multi-pattern matcher: every rule compiled once, then one pass per fragment.

Hyperscan runs all rules' patterns at once (in prefilter mode, so lookarounds
are approximated as a superset) and only says *which* rules hit a fragment;
the ``regex`` package then extracts exact matches for those rules alone.
Without Hyperscan, the fallback engine uses rule keywords as a cheap literal
prefilter before ``regex``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import regex

from leakscan.engine.hsdb import compiles as _compiles
from leakscan.engine.hsdb import database as _database
from leakscan.engine.hsdb import plan as _plan
from leakscan.engine.hsdb import regex_only as _regex_only
from leakscan.engine.lines import line_spans
from leakscan.errors import RegexTimeout
from leakscan.model import Rule, RuleMatch

GATE_BASE = 1 << 20  # pattern ids of the extra gate expressions (the decoding stage's) start here


class Matcher(Protocol):
    name: str

    def scan(self, data: bytes, timed_out: list[str] | None = None) -> list[RuleMatch]:
        """Every rule's matches; a rule over its time adds its id to ``timed_out`` (raises
        :class:`RegexTimeout` when there is no list to say it in)."""

    def scan_gated(self, data: bytes, timed_out: list[str] | None = None
                   ) -> tuple[list[RuleMatch], set[int]]:
        """The matches, and which extra gate expressions (by index) hit, in the same pass."""
        ...

    def probe(self, data: bytes | memoryview) -> bool: ...


def hyperscan_available() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


def compile_rules(rules: Sequence[Rule], engine: str = "auto", timeout: float | None = None,
                  gates: Sequence[bytes] = ()) -> Matcher:
    """``timeout`` bounds each rule's regex per fragment; ``gates``: more expressions to report hits of
    alongside the matches (the decoding stage's gate rides the rules' own Hyperscan pass)."""
    if engine == "auto":
        engine = "hyperscan" if hyperscan_available() else "regex"
    if engine == "hyperscan":
        return HyperscanMatcher(rules, timeout, gates)
    return RegexMatcher(rules, timeout, gates)


def extract(rule: Rule, data: bytes, spans: Iterable[tuple[int, int]] | None = None, timeout: float | None = None,
            timed_out: list[str] | None = None) -> list[RuleMatch]:
    """Exact matches of one rule in ``data`` (or in whole-line ``spans`` of it), secret span included.

    ``timeout`` bounds the whole call (the ``regex`` package stops a backtracking match; Hyperscan
    never backtracks): past it, the matches so far are kept and the rule's id goes to ``timed_out``.
    """
    out: list[RuleMatch] = []
    pattern = rule.compiled
    has_group = "secret" in pattern.groupindex
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        for lo, hi in spans if spans is not None else ((0, len(data)),):
            left = None if deadline is None else max(deadline - time.monotonic(), 0.001)
            for m in pattern.finditer(data, lo, hi, timeout=left):
                start, end = m.span("secret") if has_group else m.span()
                if start < 0 or end <= start:
                    continue
                out.append(RuleMatch(rule.id, start, end, m.start(), m.end(), data[start:end]))
    except TimeoutError:
        if timed_out is None:
            raise RegexTimeout(rule.id, timeout or 0) from None
        timed_out.append(rule.id)
    return out


class RegexMatcher:
    """Fallback engine: keyword prefilter, then each rule's regex."""

    name = "regex"

    def __init__(self, rules: Sequence[Rule], timeout: float | None = None, gates: Sequence[bytes] = ()):
        self.rules = list(rules)
        self.timeout = timeout
        self._gates = [regex.compile(g) for g in gates]

    def scan_gated(self, data: bytes, timed_out: list[str] | None = None) -> tuple[list[RuleMatch], set[int]]:
        return self.scan(data, timed_out), {i for i, g in enumerate(self._gates) if g.search(data)}

    def scan(self, data: bytes, timed_out: list[str] | None = None) -> list[RuleMatch]:
        lowered: bytes | None = None
        out: list[RuleMatch] = []
        for rule in self.rules:
            if rule.keywords:
                if lowered is None:
                    lowered = data.lower()
                if not any(k.encode() in lowered for k in rule.keywords):
                    continue
            out.extend(extract(rule, data, None, self.timeout, timed_out))
        return out

    def probe(self, data: bytes | memoryview) -> bool:
        """Whether any rule matches ``data``, or a gate hits (the fallback engine has no cheaper question)."""
        matches, gates = self.scan_gated(bytes(data))
        return bool(matches or gates)


def _on_match(pattern_id: int, _from: int, to: int, _flags: int, events: list[tuple[int, int]]) -> None:
    events.append((pattern_id, to))


def _stop(_pattern_id: int, _from: int, _to: int, _flags: int, _ctx: object) -> bool:
    return True  # a non-zero answer ends the scan: one hit is all probe() needs


class HyperscanMatcher:
    """All rules in one Hyperscan database; ``regex`` only for rules that hit, only where they hit.

    Per rule, a *gate* pattern (its ``prefilter``, else its regex in prefilter
    mode) says whether the fragment needs the rule at all, exactly as before.
    For rules whose matches stay on one line (:mod:`leakscan.engine.lines`) the
    rule's regex in prefilter mode also reports every match end, and ``regex``
    then runs on those lines only; other rules read the whole fragment.
    """

    name = "hyperscan"

    def __init__(self, rules: Sequence[Rule], timeout: float | None = None, gates: Sequence[bytes] = ()):
        import hyperscan

        self.timeout = timeout
        gate_patterns = [(g, GATE_BASE + i, hyperscan.HS_FLAG_SINGLEMATCH) for i, g in enumerate(gates)]

        # A user rule Hyperscan cannot compile even as a prefilter, or would read differently
        # (regex-only syntax), still runs, through the fallback engine, rather than failing the scan.
        self._fallback = [r for r in rules if _regex_only(r)]
        rules = [r for r in rules if not _regex_only(r)]
        try:
            plan = _plan(rules, located=True)
            plan.patterns.extend(gate_patterns)
            self.rules, self._db = rules, _database(plan) if plan.patterns else None
        except hyperscan.error:
            usable = [_compiles(_plan([r], located=False)) for r in rules]
            self.rules = [r for r, ok in zip(rules, usable, strict=True) if ok]
            self._fallback += [r for r, ok in zip(rules, usable, strict=True) if not ok]
            plan = _plan(self.rules, located=[_compiles(_plan([r], located=True)) for r in self.rules])
            plan.patterns.extend(gate_patterns)
            self._db = _database(plan) if plan.patterns else None
        self._locators = plan.locators
        self._regex = RegexMatcher(self._fallback, timeout)
        self._gate: Any = None  # gate patterns only, for probe(): built on first use
        self._gates = gate_patterns

    def probe(self, data: bytes | memoryview) -> bool:
        """Whether any rule could match ``data``, stopping at the first hit.

        A full-history audit asks this of every blob version (gigabytes) and
        needs nothing else from most of them; the gate patterns alone run ~4x
        faster than the database that also locates matches.
        """
        import hyperscan

        if self._db is None:
            return self._regex.probe(data)
        if self._gate is None:
            plan = _plan(self.rules, located=False)
            plan.patterns.extend(self._gates)  # what could match once decoded, too
            self._gate = _database(plan)
        try:
            self._gate.scan(data, match_event_handler=_stop)  # any buffer: a view of a reused one too
        except hyperscan.ScanTerminated:
            return True
        return bool(self._fallback) and self._regex.probe(data)

    def _scan(self, data: bytes) -> tuple[list[tuple[int, list[int] | None]], set[int]]:
        """(rule index, match ends to locate by, or None for the whole fragment), in rule order;
        and the extra gates that hit."""
        if self._db is None:
            return [], set()
        events: list[tuple[int, int]] = []
        self._db.scan(data, match_event_handler=_on_match, context=events)
        if not events:
            return [], set()
        by_pattern: dict[int, list[int]] = {}
        for pattern_id, end in events:
            by_pattern.setdefault(pattern_id, []).append(end)
        out: list[tuple[int, list[int] | None]] = []
        for index in sorted(i for i in by_pattern if i < len(self.rules)):
            locator = self._locators[index]
            out.append((index, None if locator is None else by_pattern.get(locator, [])))
        return out, {i - GATE_BASE for i in by_pattern if i >= GATE_BASE}

    def scan(self, data: bytes, timed_out: list[str] | None = None) -> list[RuleMatch]:
        return self.scan_gated(data, timed_out)[0]

    def scan_gated(self, data: bytes, timed_out: list[str] | None = None) -> tuple[list[RuleMatch], set[int]]:
        out: list[RuleMatch] = []
        located, gates = self._scan(data)
        for index, ends in located:
            rule = self.rules[index]
            spans = None if ends is None else line_spans(data, sorted(ends), rule.max_width)
            out.extend(extract(rule, data, spans, self.timeout, timed_out))
        if self._fallback:
            out.extend(self._regex.scan(data, timed_out))
        return out, gates
