"""GitHub Actions workflow-command annotations: ``::error file=…,line=…::message``, one per finding.

Annotations show on the pull request's diff without code scanning. Values are
escaped as the Actions toolkit does (``%``, CR and LF everywhere; ``:`` and
``,`` in properties too), so a path or line can never end or forge a command.
"""

from __future__ import annotations

from leakscan.findings import display_line, display_secret
from leakscan.model import Finding, ScanResult
from leakscan.report import ReportOptions
from leakscan.report.summary import skipped_by_reason
from leakscan.report.text import summary_line, verification_line

COMMAND = {"critical": "error", "high": "error", "medium": "warning", "low": "notice", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(finding: Finding, show: bool, name: str | None = None) -> str:
    lines = [
        f"{finding.title} ({finding.severity}): {display_secret(finding, show)}",
        f"| {display_line(finding, show).strip()}",
        f"{'client-side' if finding.client_side else 'not client-side'}: {finding.client_side_reason}",
    ]
    if finding.commit:
        lines.append(f"introduced in commit {finding.commit}")
    if finding.remediation:
        lines.append(f"fix: {finding.remediation}")
    if finding.verification:
        lines.append(f"verified: {verification_line(finding.verification)}")
    lines.append(f"fingerprint: {finding.fingerprint}")
    one_line = finding.end_line == finding.line
    return command(
        name or COMMAND[finding.severity], "\n".join(lines),
        file=finding.path, line=finding.line, endLine=finding.end_line,
        col=finding.column, endColumn=finding.end_column if one_line else None,
        title=f"leakscan {finding.rule_id} ({finding.severity})",
    )


def render(result: ScanResult, options: ReportOptions) -> str:
    out = [annotation(f, options.show_secrets) for f in result.findings]
    if options.show_suppressed:
        for s in result.suppressed:
            f = s.finding
            out.append(command("notice", f"suppressed ({s.kind}): {s.reason}\nfingerprint: {f.fingerprint}",
                               file=f.path, line=f.line, title=f"leakscan {f.rule_id} suppressed"))
    out.extend(command("warning", w) for w in result.warnings)
    if result.stats.skipped:
        reasons = ", ".join(f"{n} {r}" for r, n in skipped_by_reason(result).items())
        out.append(command("notice", f"{len(result.stats.skipped)} skipped: {reasons}", title="leakscan skipped"))
    out.append(summary_line(result, options.fail_on))
    return "\n".join(out) + "\n"
