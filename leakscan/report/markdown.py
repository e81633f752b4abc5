"""A Markdown summary: counts by severity and the worst findings, redacted.

For ``$GITHUB_STEP_SUMMARY`` (the action writes it there), merge request notes and
chat.  Cells come from the scanned tree, so ``|``, backticks and angle brackets in
them are escaped: a path cannot break the table or inject HTML.
"""

from __future__ import annotations

from leakscan.findings import display_secret
from leakscan.model import ScanResult, severity_rank
from leakscan.report import ReportOptions
from leakscan.report.summary import by_severity, failing
from leakscan.report.text import summary_line

TOP = 20


def cell(value: object) -> str:
    text = " ".join(str(value).split())
    for char, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("`", "'")):
        text = text.replace(char, escaped)
    return text


def render(result: ScanResult, options: ReportOptions) -> str:
    blocking = failing(result, options.fail_on)
    verdict = (f"**{blocking} finding(s) at or above `{options.fail_on}`**" if blocking
               else f"No findings at or above `{options.fail_on}`")
    out = [f"## leakscan: {verdict}", "", "| severity | findings |", "|---|---:|"]
    out += [f"| {s} | {n} |" for s, n in by_severity(result).items()]
    findings = sorted(result.findings, key=lambda f: (-severity_rank(f.severity), f.path, f.line))
    verified = any(f.verification for f in findings)  # a column only after --verify
    if findings:
        out += ["", f"### Top findings ({min(TOP, len(findings))} of {len(findings)})", "",
                "| severity | rule | where | secret | " + ("verified | " if verified else "") + "fingerprint |",
                "|---|---|---|---|" + ("---|" if verified else "") + "---|"]
        for f in findings[:TOP]:
            where = f"{f.commit[:12] + ':' if f.commit else ''}{f.path}:{f.line}"
            check = f"{cell(f.verification.status) if f.verification else ''} | " if verified else ""
            out.append(f"| {f.severity} | {cell(f.rule_id)} | {cell(where)} | "
                       f"{cell(display_secret(f, options.show_secrets))} | {check}{f.fingerprint[:12]} |")
    if result.warnings:
        out += ["", "### Warnings", "", *(f"- {cell(w)}" for w in result.warnings)]
    out += ["", cell(summary_line(result, options.fail_on)), ""]
    return "\n".join(out)
