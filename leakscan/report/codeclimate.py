"""GitLab Code Quality (a Code Climate issue list): findings as annotations on the merge request diff.

``artifacts: reports: codequality:`` shows them in the MR widget and on the changed lines,
on every GitLab tier.  Each issue's ``fingerprint`` is a hash of the finding's
fingerprint (rule and secret) and its file, so GitLab sees an unchanged secret as
the same issue on the base and the merge request; repeats in one file are numbered.
Suppressed findings are left out.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from leakscan.findings import display_secret
from leakscan.model import Finding, ScanResult
from leakscan.report import ReportOptions

SEVERITY = {"critical": "blocker", "high": "critical", "medium": "major", "low": "minor", "info": "info"}


def issue(finding: Finding, fingerprint: str, show: bool) -> dict[str, Any]:
    where = f" (commit {finding.commit[:12]})" if finding.commit else ""
    return {
        "type": "issue",
        "check_name": f"leakscan/{finding.rule_id}",
        "description": f"{finding.title}: {display_secret(finding, show)}{where}",
        "content": {"body": finding.remediation or "Rotate the secret, then remove it from the code and history."},
        "categories": ["Security"],
        "engine_name": "leakscan",
        "fingerprint": fingerprint,
        "severity": SEVERITY[finding.severity],
        "location": {"path": finding.path,
                     "lines": {"begin": finding.line, "end": max(finding.end_line, finding.line)}},
    }


def fingerprints(findings: list[Finding]) -> list[str]:
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for f in findings:
        seen[(f.fingerprint, f.path)] += 1
        material = f"{f.fingerprint}\0{f.path}\0{seen[(f.fingerprint, f.path)]}"
        out.append(hashlib.sha256(material.encode()).hexdigest()[:32])
    return out


def render(result: ScanResult, options: ReportOptions) -> str:
    findings = result.findings
    issues = [issue(f, fp, options.show_secrets) for f, fp in zip(findings, fingerprints(findings), strict=True)]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
