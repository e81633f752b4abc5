"""Why a finding exists, or does not: rule, validator, policy row, and every suppression that applies.

Each mechanism's answer comes from the scan's own suppression stage
(:class:`leakscan.suppress.apply.Decider`), so explain and the scan cannot
disagree: a finding can sit in the baseline *and* carry an inline pragma, and
the one that takes effect is the first in the order suppression applies.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from leakscan.config import Config
from leakscan.findings import display_secret
from leakscan.model import Finding, Fragment
from leakscan.redaction import redact
from leakscan.suppress.apply import Decider, Suppressions


def parse_target(target: str) -> tuple[str, int | None]:
    """``FINGERPRINT`` (8-64 hex digits, a prefix is enough) or ``PATH:LINE``."""
    path, sep, line = target.rpartition(":")
    if sep and line.isdigit() and path:
        return path, int(line)
    return target.lower(), None


def is_fingerprint(target: str) -> bool:
    return 8 <= len(target) <= 64 and all(c in "0123456789abcdef" for c in target.lower())


def _rule_lines(finding: Finding, config: Config) -> list[str]:
    rule = config.rule(finding.rule_id)
    if rule is None:
        return [f"rule: {finding.rule_id} (not in the current configuration)"]
    v = {k: val for k, val in finding.validation.items() if k != "policy_row"}
    facts = ", ".join(f"{k}={val}" for k, val in sorted(v.items())) or "no facts"
    return [
        f"rule: {rule.id} \"{rule.title}\" from {rule.source} (default severity {rule.severity})",
        f"validator: {rule.validator} accepted it: environment {finding.environment}, key type "
        f"{finding.key_type}; {facts}",
    ]


def _policy_lines(finding: Finding, config: Config) -> list[str]:
    key = finding.validation.get("policy_row", "rule default")
    row = config.policy.get(key)
    column = "client" if finding.client_side else "elsewhere"
    where = f"{'client-side' if finding.client_side else 'not client-side'} ({finding.client_side_reason})"
    if row is None:
        return [f"policy row: {key}; {where} -> {finding.severity}"]
    out = [f"policy row: {key} (client: {row.client}, elsewhere: {row.elsewhere}"
           + (f"; {row.note})" if row.note else ")"),
           f"placement: {where}: the {column} column gives {getattr(row, column)}"]
    modifiers = []
    if finding.validation.get("expired") is True:
        modifiers.append("expired key: one level lower")
    if finding.validation.get("corroborated") is False and not finding.client_side:
        modifiers.append("uncorroborated: one level lower")
    if modifiers or getattr(row, column) != finding.severity:
        out.append(f"modifiers: {', '.join(modifiers) or 'rule-specific'} -> {finding.severity}")
    return out


def _suppression_lines(finding: Finding, decider: Decider) -> tuple[list[str], str | None]:
    """What each mechanism says (the scan's own decider), and the first that suppresses."""
    said = decider.said(finding)
    effect = next((s.kind for s in said if s.suppresses), None)
    return [s.explained for s in said], effect


def explain_finding(finding: Finding, decider: Decider) -> list[str]:
    head = (f"{finding.rule_id} at {finding.path}:{finding.line}:{finding.column}"
            + (f" in commit {finding.commit}" if finding.commit else "")
            + f": {finding.severity}, secret {display_secret(finding)}, fingerprint {finding.fingerprint}")
    suppression, effect = _suppression_lines(finding, decider)
    verdict = f"suppressed by {effect}" if effect else "reported"
    config = decider.s.config
    body = [*_rule_lines(finding, config), *_policy_lines(finding, config), *suppression,
            f"verdict: {verdict}"]
    return [head, *(f"  {line}" for line in body)]


def explain_entries(fingerprint: str, s: Suppressions) -> list[str]:
    """For a fingerprint no finding has: what the ignore file and baseline still say about it."""
    out = []
    if s.ignore is not None:
        ignore = s.ignore
        out += [f"ignore entry {ignore.where(e)} ({e.reason}) matches no finding: stale"
                for e in ignore.entries if e.fingerprint.startswith(fingerprint)]
    if s.baseline is not None:
        out += [f"baseline entry {b.fingerprint[:12]} {b.rule_id} ({b.reason}; paths: {', '.join(b.paths)}) "
                "matches no finding: `leakscan baseline update` drops it"
                for b in s.baseline.entries if b.fingerprint.startswith(fingerprint)]
    return out


def rejected_on_line(fragment: Fragment, line: int, config: Config, engine: str = "auto") -> list[str]:
    """Matches on ``line`` that a validator turned down, and why: the usual answer to "why no finding?"."""
    from leakscan import validate
    from leakscan.detect import Detector
    from leakscan.engine.location import LineIndex

    detector = Detector(config, engine=engine)
    index = LineIndex(fragment)
    out = []
    for match in sorted(detector.matcher.scan(fragment.data), key=lambda m: m.start):
        at_line, column = index.position(match.start)
        if at_line != line:
            continue
        rule = detector.rules[match.rule_id]
        verdict = validate.get(rule.validator)(match, fragment, time.time())
        if not verdict.valid:
            secret = redact(match.secret.decode("utf-8", "replace"))
            out.append(f"{rule.id} matched {secret} at column {column}; validator {rule.validator} rejected it: "
                       f"{verdict.reason or 'no reason given'}")
    return out


def matching(findings: Iterable[Finding], fingerprint: str | None, path: str | None, line: int | None
             ) -> list[Finding]:
    if fingerprint is not None:
        return [f for f in findings if f.fingerprint.startswith(fingerprint)]
    return [f for f in findings if f.line == line and (path is None or f.path == path)]
