"""CSV, one row per finding, for spreadsheets and ad-hoc triage.

Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
CR at the start) get a leading ``'``: paths and lines come from the scanned,
possibly hostile, tree.
"""

from __future__ import annotations

import csv
import io

from leakscan.findings import display_line, display_secret
from leakscan.model import Finding, ScanResult
from leakscan.report import ReportOptions

COLUMNS = ("status", "severity", "rule_id", "path", "line", "column", "end_line", "end_column", "commit",
           "fingerprint", "secret", "key_type", "environment", "client_side", "client_side_reason", "title",
           "snippet", "suppressed_by", "reason", "verification", "verification_reason")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(finding: Finding, show: bool, status: str, kind: str = "", reason: str = "") -> list[str]:
    values: list[object] = [
        status, finding.severity, finding.rule_id, finding.path, finding.line, finding.column,
        finding.end_line, finding.end_column, finding.commit, finding.fingerprint,
        display_secret(finding, show), finding.key_type, finding.environment,
        str(finding.client_side).lower(), finding.client_side_reason, finding.title,
        display_line(finding, show).strip(), kind, reason,
        *((finding.verification.status, finding.verification.reason) if finding.verification else ("", "")),
    ]
    return [safe(v) for v in values]


def render(result: ScanResult, options: ReportOptions) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for finding in result.findings:
        writer.writerow(_row(finding, options.show_secrets, "open"))
    if options.show_suppressed:
        for s in result.suppressed:
            writer.writerow(_row(s.finding, options.show_secrets, "suppressed", s.kind, s.reason))
    return buffer.getvalue()
