"""The audit as CSV: one row per occurrence, the secret's status and triage repeated on each row.

Cells go through the scan report's formula guard: a spreadsheet never runs a path as a formula.
"""

from __future__ import annotations

import csv
import io

from leakscan.audit.records import AuditReport
from leakscan.report.csv import safe

COLUMNS = ("fingerprint", "rule_id", "severity", "status", "triage", "triage_reason", "age_days", "first_seen_run",
           "last_seen_run", "secret", "repository", "path", "line", "commit", "date", "present_at_tip",
           "verification", "verification_reason", "verified_at")


def render(report: AuditReport, fail_on: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in report.secrets:
        v = e.verification
        checked = (v.status, v.reason, v.checked_at) if v else ("", "", "")
        for repo, o in e.occurrences:
            writer.writerow([safe(x) for x in (e.fingerprint, e.rule_id, e.severity, e.status,
                             e.triage.status if e.triage else "", e.triage.reason if e.triage else "", e.age_days,
                             e.first_seen.run, e.last_seen.run, e.redacted, repo, o.path, o.line, o.commit or "",
                             o.date or "", str(o.at_tip).lower(), *checked)])
    return buf.getvalue()
