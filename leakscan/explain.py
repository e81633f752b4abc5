"""Why a finding exists, or does not: rule, validator, policy row, and every suppression that applies.

Each mechanism is checked on its own (a finding can sit in the baseline *and*
carry an inline pragma), then the one that takes effect is named, in the order
suppression applies: inline, allowlist, ignore file, baseline.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from leakscan.config import Config
from leakscan.findings import display_secret
from leakscan.model import Finding, Fragment
from leakscan.redaction import redact
from leakscan.suppress.allowlist import compile_allowlists
from leakscan.suppress.baseline import Baseline
from leakscan.suppress.ignorefile import IgnoreFile
from leakscan.suppress.inline import inline_reason


@dataclass(frozen=True)
class Context:
    config: Config
    ignore: IgnoreFile | None = None
    baseline: Baseline | None = None
    today: dt.date = field(default_factory=dt.date.today)


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
    if finding.validation.get("corroborated") is False:
        modifiers.append("possible key: nothing says key or hash, so info")
    if modifiers or getattr(row, column) != finding.severity:
        out.append(f"modifiers: {', '.join(modifiers) or 'rule-specific'} -> {finding.severity}")
    return out


def _ignore_lines(finding: Finding, ctx: Context) -> list[tuple[str, bool]]:
    if ctx.ignore is None:
        return []
    out = []
    for entry in (e for e in ctx.ignore.entries if e.fingerprint == finding.fingerprint):
        where = f"ignore entry {ctx.ignore.where(entry)} ({entry.reason}"
        if entry.expired(ctx.today):
            out.append((f"{where}): expired on {entry.expires}, no longer suppresses", False))
        else:
            out.append((where + (f", until {entry.expires})" if entry.expires else ")"), True))
    return out


def _suppression_lines(finding: Finding, ctx: Context) -> tuple[list[str], str | None]:
    """What each mechanism says, and the first that suppresses (None: the finding is reported)."""
    said: list[tuple[str, str, bool]] = []  # (kind, what it says, whether it suppresses)
    inline = inline_reason(finding, {r.id for r in ctx.config.rules})
    said.append(("inline", f"inline: {inline}" if inline else "inline: no leakscan:allow on the line", bool(inline)))
    allowed = [r for a in compile_allowlists(ctx.config.allowlists) if (r := a.reason(finding))]
    said.extend(("allowlist", f"config {ctx.config.source}: {r}", True) for r in allowed)
    if not allowed:
        said.append(("allowlist", f"allowlists: none of {len(ctx.config.allowlists)} match", False))
    said.extend(("ignore", line, hit) for line, hit in _ignore_lines(finding, ctx))
    entry = ctx.baseline.get(finding.fingerprint) if ctx.baseline else None
    if entry is not None and ctx.baseline is not None:
        said.append(("baseline", f"baseline entry in {ctx.baseline.source} ({entry.reason}; paths: "
                                 f"{', '.join(entry.paths)})", True))
    effect = next((kind for kind, _, hit in said if hit), None)
    return [line for _, line, _ in said], effect


def explain_finding(finding: Finding, ctx: Context) -> list[str]:
    head = (f"{finding.rule_id} at {finding.path}:{finding.line}:{finding.column}"
            + (f" in commit {finding.commit}" if finding.commit else "")
            + f": {finding.severity}, secret {display_secret(finding)}, fingerprint {finding.fingerprint}")
    suppression, effect = _suppression_lines(finding, ctx)
    verdict = f"suppressed by {effect}" if effect else "reported"
    body = [*_rule_lines(finding, ctx.config), *_policy_lines(finding, ctx.config), *suppression,
            f"verdict: {verdict}"]
    return [head, *(f"  {line}" for line in body)]


def explain_entries(fingerprint: str, ctx: Context) -> list[str]:
    """For a fingerprint no finding has: what the ignore file and baseline still say about it."""
    out = []
    for entry in ctx.ignore.entries if ctx.ignore else ():
        if entry.fingerprint.startswith(fingerprint):
            out.append(f"ignore entry {ctx.ignore.where(entry)} ({entry.reason}) matches no finding: stale")
    for entry in ctx.baseline.entries if ctx.baseline else ():
        if entry.fingerprint.startswith(fingerprint):
            out.append(f"baseline entry {entry.fingerprint[:12]} {entry.rule_id} ({entry.reason}; paths: "
                       f"{', '.join(entry.paths)}) matches no finding: `leakscan baseline update` drops it")
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
