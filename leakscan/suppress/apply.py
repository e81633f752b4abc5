"""Split findings into kept and suppressed-with-reason; nothing is silently dropped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from leakscan.config import Config
from leakscan.model import Finding, ScanResult, Suppressed
from leakscan.suppress.allowlist import compile_allowlists
from leakscan.suppress.inline import inline_reason


def apply(findings: Iterable[Finding], config: Config,
          locate: Callable[[str], str] | None = None) -> tuple[list[Finding], list[Suppressed]]:
    """``locate`` gives a finding's path relative to the config (see :mod:`leakscan.suppress.where`)."""
    allowlists = compile_allowlists(config.allowlists)
    rule_ids = {r.id for r in config.rules}
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    for finding in findings:
        reason = inline_reason(finding, rule_ids)
        if reason:
            suppressed.append(Suppressed(finding, reason, "inline"))
            continue
        for allowlist in allowlists:
            reason = allowlist.reason(finding, locate(finding.path) if locate else None)
            if reason:
                suppressed.append(Suppressed(finding, reason, "allowlist"))
                break
        else:
            kept.append(finding)
    return kept, suppressed


E = TypeVar("E")


def split_by_fingerprint(result: ScanResult, entries: Mapping[str, E], reason: Callable[[E], str],
                         kind: str) -> tuple[list[Finding], list[Suppressed]]:
    """Findings whose fingerprint has an entry move to suppressed, with that entry's reason."""
    kept: list[Finding] = []
    suppressed = list(result.suppressed)
    for finding in result.findings:
        entry = entries.get(finding.fingerprint)
        if entry is None:
            kept.append(finding)
        else:
            suppressed.append(Suppressed(finding, reason(entry), kind))
    return kept, suppressed
