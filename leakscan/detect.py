"""One fragment through engine -> validators -> policy -> findings.

:class:`Detector` holds what is compiled once (the matcher, the rules by id,
validators); it is built before worker processes fork so they inherit it.
Suppression happens later, in the parent: a detector only says what is there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from leakscan import findings, validate
from leakscan.config import Config
from leakscan.engine import decode
from leakscan.engine.location import LineIndex
from leakscan.engine.matcher import Matcher, compile_rules
from leakscan.model import Finding, Fragment, Placement, Rule, RuleMatch, Scratch, Skipped
from leakscan.policy import usage

PlacementJudge = Callable[[Fragment, RuleMatch, Scratch], Placement]


class Detector:
    def __init__(self, config: Config, engine: str = "auto", now: float | None = None,
                 judge: PlacementJudge | None = None):
        self.config = config
        gates = decode.gate_patterns() if config.max_decode_depth > 0 else []
        self.matcher: Matcher = compile_rules(config.rules, engine, config.regex_timeout, gates)
        self.rules = {r.id: r for r in config.rules}
        self.now = now
        self._judge = judge
        self._decoder: decode.Decoder | None = None
        self._validators: dict[str, validate.Validator] = {}  # resolved once: a hash-heavy file asks thousands of times

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

    @property
    def decoder(self) -> decode.Decoder:
        """Built on first use, then kept."""
        if self._decoder is None:
            self._decoder = decode.Decoder()
        return self._decoder

    def detect(self, fragment: Fragment, skipped: list[Skipped] | None = None) -> list[Finding]:
        return [finding for _, finding in self.located(fragment, skipped)]

    def located(self, fragment: Fragment, skipped: list[Skipped] | None = None) -> list[tuple[RuleMatch, Finding]]:
        """Each finding with the match it came from: byte offsets for callers that chunk or rewrite data.

        Secrets found only once an encoding is undone (:mod:`leakscan.engine.decode`) come after
        the plain ones, with offsets of the encoded text.  A rule that runs past ``regex_timeout``
        on the fragment is a fault in ``skipped`` (without that list,
        :class:`leakscan.errors.RegexTimeout` is raised: never a silent miss).
        """
        timed_out: list[str] | None = [] if skipped is not None else None
        scratch = Scratch(fragment)  # per-fragment memory for the validators and the judge
        matches, gates = self.matcher.scan_gated(fragment.data, timed_out)
        plain = self._built(fragment, matches, scratch)
        if gates:
            plain.extend(self._decoded(fragment, plain, gates, timed_out))
        if timed_out and skipped is not None:
            skipped.extend(Skipped(fragment.path, f"regex timeout (rule {rule_id} ran over "
                                   f"{self.config.regex_timeout:g}s on it and was stopped; "
                                   "catastrophic backtracking?)", fault=True)
                           for rule_id in dict.fromkeys(timed_out))
        return plain

    def _decoded(self, fragment: Fragment, plain: list[tuple[RuleMatch, Finding]], gates: set[int],
                 timed_out: list[str] | None) -> list[tuple[RuleMatch, Finding]]:
        seen = {(f.rule_id, m.start, f.fingerprint) for m, f in plain}
        views: list[decode.View] = []
        data, within = fragment.data, None
        out: list[tuple[RuleMatch, Finding]] = []
        lines: LineIndex | None = None
        for _ in range(self.config.max_decode_depth):
            view = self.decoder.view(data, gates, within) if gates else None
            if view is None:
                break
            views.append(view)
            matches, gates = self.matcher.scan_gated(view.data, timed_out)
            inner_fragment = replace(fragment, data=view.data)
            for inner, finding in self._built(inner_fragment, matches, Scratch(inner_fragment)):
                traced = decode.trace(views, inner)
                if traced is None or (finding.rule_id, traced[1].start, finding.fingerprint) in seen:
                    continue
                seen.add((finding.rule_id, traced[1].start, finding.fingerprint))
                lines = lines or LineIndex(fragment)
                out.append((traced[1], findings.relocated(finding, traced[1], traced[0], lines)))
            data, within = view.data, view.changed()
        return out

    def _built(self, fragment: Fragment, matches: list[RuleMatch], scratch: Scratch
               ) -> list[tuple[RuleMatch, Finding]]:
        if not matches:
            return []
        now = self.now if self.now is not None else time.time()
        lines: LineIndex | None = None
        seen: set[tuple[str, int, int]] = set()
        out: list[tuple[RuleMatch, Finding]] = []
        for match in sorted(matches, key=lambda m: (m.start, -self.rules[m.rule_id].precedence)):
            rule = self.rules[match.rule_id]
            check = self._validators.get(rule.validator)
            if check is None:
                check = self._validators[rule.validator] = validate.get(rule.validator)
            verdict = check(match, fragment, now, scratch)
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
            finding = findings.build(final, match, verdict, placement, severity, fragment, lines, row)
            fix = usage.remediation(self.config.policy, row, finding.remediation)
            out.append((match, finding if fix == finding.remediation else replace(finding, remediation=fix)))
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
