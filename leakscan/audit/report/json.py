"""The audit as JSON: one entry per secret, with its lifecycle status, triage and occurrences."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from leakscan.audit.records import AuditReport, SecretEntry
from leakscan.audit.report import summary

SCHEMA_VERSION = 1


def secret_dict(e: SecretEntry) -> dict[str, Any]:
    return {
        "fingerprint": e.fingerprint, "rule_id": e.rule_id, "title": e.title, "severity": e.severity,
        "status": e.status,
        "triage": {"status": e.triage.status, "reason": e.triage.reason, "expires": e.triage.expires}
        if e.triage else None,
        "triage_expired": e.triage_expired,
        "first_seen": asdict(e.first_seen), "last_seen": asdict(e.last_seen), "age_days": e.age_days,
        "secret": e.redacted,
        "verification": asdict(e.verification) if e.verification else None,
        "occurrences": [{"repository": repo, "path": o.path, "line": o.line, "commit": o.commit,
                         "author": o.author, "date": o.date, "blob": o.blob, "present_at_tip": o.at_tip}
                        for repo, o in e.occurrences],
    }


def document(report: AuditReport, fail_on: str) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "leakscan", "version": report.tool_version},
        "run": {**asdict(report.run), "since": report.since},
        "summary": summary(report, fail_on),
        "repositories": [asdict(r) for r in report.repos],
        "secrets": [secret_dict(e) for e in report.secrets],
        "history": [{"run": run, "date": date, "present_by_severity": counts}
                    for run, date, counts in report.history],
    }


def render(report: AuditReport, fail_on: str) -> str:
    return json.dumps(document(report, fail_on), indent=2) + "\n"
