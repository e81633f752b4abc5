"""One fragment through engine -> validators -> policy -> findings.

:class:`Detector` holds what is compiled once (the matcher, the rules by id,
validators); it is built before worker processes fork so they inherit it.
Suppression happens later, in the parent: a detector only says what is there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from leakscan import findings, validate
from leakscan.config import Config
from leakscan.engine.location import LineIndex
from leakscan.engine.matcher import Matcher, compile_rules
from leakscan.model import Finding, Fragment, Placement, Rule, RuleMatch, Scratch
from leakscan.policy import usage

PlacementJudge = Callable[[Fragment, RuleMatch, Scratch], Placement]


class Detector:
    def __init__(self, config: Config, engine: str = "auto", now: float | None = None,
                 judge: PlacementJudge | None = None):
        self.config = config
        self.matcher: Matcher = compile_rules(config.rules, engine)
        self.rules = {r.id: r for r in config.rules}
        self.now = now
        self._judge = judge

    @property
    def judge(self) -> PlacementJudge:
        """Built on the first match to judge: its ~50 path globs cost 60 ms to compile,
        which a clean scan (the hook, most CI runs) never needs."""
        if self._judge is None:
            from leakscan.policy import context

            self._judge = context.build_judge(self.config.client_side)
        return self._judge

    @property
    def engine(self) -> str:
        return self.matcher.name

    def detect(self, fragment: Fragment) -> list[Finding]:
        return [finding for _, finding in self.located(fragment)]

    def located(self, fragment: Fragment) -> list[tuple[RuleMatch, Finding]]:
        """Each finding with the match it came from: byte offsets for callers that chunk or rewrite data."""
        matches = self.matcher.scan(fragment.data)
        if not matches:
            return []
        now = self.now if self.now is not None else time.time()
        lines: LineIndex | None = None
        scratch = Scratch(fragment)  # per-fragment memory for the validators and the judge
        seen: set[tuple[str, int, int]] = set()
        out: list[tuple[RuleMatch, Finding]] = []
        for match in sorted(matches, key=lambda m: (m.start, -self.rules[m.rule_id].precedence)):
            rule = self.rules[match.rule_id]
            verdict = validate.get(rule.validator)(match, fragment, now, scratch)
            if not verdict.valid:
                continue
            final = self._refined(rule, verdict.rule_id)
            if final is None:  # refined to a rule the configuration disabled
                continue
            key = (final.id, match.start, match.end)
            if key in seen:
                continue
            seen.add(key)
            placement = self.judge(fragment, match, scratch)
            severity, row = usage.severity_for(self.config.policy, final.id, final.severity, verdict, placement)
            lines = lines or LineIndex(fragment)
            out.append((match, findings.build(final, match, verdict, placement, severity, fragment, lines, row)))
        return out

    def _refined(self, rule: Rule, proposed: str) -> Rule | None:
        """The rule a match is reported under: a validator may move it only to a rule ``rule`` names
        in ``refines`` (None when that rule is disabled); any other verdict keeps ``rule``."""
        if not proposed or proposed == rule.id or proposed not in rule.refines:
            return rule
        return self.rules.get(proposed)

    def detect_all(self, fragments: Iterable[Fragment]) -> list[Finding]:
        out: list[Finding] = []
        for fragment in fragments:
            out.extend(self.detect(fragment))
        return out
