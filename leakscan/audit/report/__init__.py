"""Audit reporters: one module per format, each ``render(report, fail_on) -> str``, listed in a literal dict.

Secrets appear only as the store keeps them: redacted (the store never holds a raw secret).
"""

from __future__ import annotations

import importlib
from collections import Counter

from leakscan.audit.lifecycle import FAILING
from leakscan.audit.records import AuditReport, SecretEntry
from leakscan.model import SEVERITIES, severity_rank

FORMATS: dict[str, str] = {
    "text": "leakscan.audit.report.text",
    "json": "leakscan.audit.report.json",
    "csv": "leakscan.audit.report.csv",
    "sarif": "leakscan.audit.report.sarif",
    "html": "leakscan.audit.report.html",
}


def render(fmt: str, report: AuditReport, fail_on: str = "low") -> str:
    module = importlib.import_module(FORMATS[fmt])
    return module.render(report, fail_on)  # type: ignore[no-any-return]


def failing(report: AuditReport, fail_on: str, verified_only: bool = False) -> list[SecretEntry]:
    """New or reintroduced secrets at or above ``fail_on``, untriaged: what should page someone.

    ``verified_only`` (``--fail-on-verified``): of those, the ones a live check proved valid or could
    not answer for (``unknown``), as on ``scan``: a gate that could not check never passes for it.
    """
    if fail_on == "never":
        return []
    return [e for e in report.secrets if e.status in FAILING and e.triage is None
            and severity_rank(e.severity) >= severity_rank(fail_on)
            and (not verified_only or (e.verification is not None and e.verification.status in ("valid", "unknown")))]


def summary(report: AuditReport, fail_on: str) -> dict[str, object]:
    statuses = Counter(e.status for e in report.secrets)
    severities = Counter(e.severity for e in report.secrets if e.status != "fixed")
    repos = Counter(r.status for r in report.repos)
    return {
        "secrets": len(report.secrets),
        "by_status": {s: statuses.get(s, 0) for s in ("new", "open", "reintroduced", "fixed")},
        "present_by_severity": {s: severities.get(s, 0) for s in reversed(SEVERITIES)},
        "triaged": dict(sorted(Counter(e.triage.status for e in report.secrets if e.triage).items())),
        "triage_expired": sum(e.triage_expired for e in report.secrets),
        "repositories": {s: repos.get(s, 0) for s in ("scanned", "unchanged", "failed")},
        "blobs_read": sum(r.blobs_read for r in report.repos),
        "bytes_read": sum(r.bytes_read for r in report.repos),
        "verification": dict(sorted(Counter(e.verification.status for e in report.secrets
                                            if e.verification).items())),
        "failing": len(failing(report, fail_on)),
        "fail_on": fail_on,
    }
