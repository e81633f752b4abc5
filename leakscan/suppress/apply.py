"""Split findings into kept and suppressed-with-reason; nothing is silently dropped."""

from __future__ import annotations

from collections.abc import Iterable

from leakscan.config import Config
from leakscan.model import Finding, Suppressed
from leakscan.suppress.allowlist import compile_allowlists
from leakscan.suppress.inline import inline_reason


def apply(findings: Iterable[Finding], config: Config) -> tuple[list[Finding], list[Suppressed]]:
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
            reason = allowlist.reason(finding)
            if reason:
                suppressed.append(Suppressed(finding, reason, "allowlist"))
                break
        else:
            kept.append(finding)
    return kept, suppressed
