"""GitLab's secret-detection report (``gl-secret-detection-report.json``), security-report schema 15.2.4.

``artifacts: reports: secret_detection:`` feeds it to the merge request widget, the
pipeline's Security tab and the vulnerability report; DefectDojo imports it as
"GitLab Secret Detection Report".  Suppressed findings are left out: GitLab has no
accepted-with-a-reason state, it would show them as open.

A vulnerability's ``id`` is a UUID made from the finding's fingerprint (rule and
secret), its file and commit, so it stays the same across runs and line edits;
a second sighting of the same secret in the same file gets its own id.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

from leakscan.findings import display_line, display_secret
from leakscan.model import Finding, ScanResult
from leakscan.report import ReportOptions
from leakscan.report.summary import skipped_by_reason

SCHEMA_VERSION = "15.2.4"
SCHEMA_URL = ("https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/"
              f"v{SCHEMA_VERSION}/dist/secret-detection-report-format.json")
SEVERITY = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low", "info": "Info"}
# GitLab's own secrets analyzer writes this sha for a finding in a working tree, not a commit
NO_COMMIT = "0000000"
_ID_NAMESPACE = uuid.UUID("6f1c9a52-5b8e-4e47-9f0b-1e5c7d3a2b10")
_TOOL = {"id": "leakscan", "name": "leakscan", "vendor": {"name": "leakscan"}}


def _now() -> datetime:
    """The scan's end: now, or ``SOURCE_DATE_EPOCH`` (reproducible reports, golden files)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)


def _time(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")  # the schema's pattern: no zone


def _commit(finding: Finding) -> dict[str, str]:
    """The finding's commit; in a working-tree scan, the pipeline's (CI_COMMIT_SHA) or GitLab's placeholder."""
    commit: dict[str, str] = {"sha": finding.commit or os.environ.get("CI_COMMIT_SHA") or NO_COMMIT}
    if finding.commit:
        for key in ("author", "date"):
            if isinstance(finding.extra.get(key), str):
                commit[key] = finding.extra[key]
    return commit


def _details(finding: Finding) -> dict[str, Any]:
    def text(name: str, value: object) -> dict[str, Any]:
        return {"name": name, "type": "text", "value": str(value)}

    return {
        "fingerprint": text("Fingerprint", finding.fingerprint),
        "key_type": text("Key type", finding.key_type),
        "environment": text("Environment", finding.environment),
        "client_side": text("Client-side", f"{str(finding.client_side).lower()}: {finding.client_side_reason}"),
    }


def vulnerability(finding: Finding, vuln_id: str, show: bool) -> dict[str, Any]:
    description = (f"{finding.title} ({display_secret(finding, show)}) in {finding.path} line {finding.line}"
                   f"{' of commit ' + finding.commit if finding.commit else ''}; fingerprint {finding.fingerprint}.")
    return {
        "id": vuln_id,
        "name": finding.title[:255],
        "description": description,
        "severity": SEVERITY[finding.severity],
        "solution": (finding.remediation or "Rotate the secret, then remove it from the code and history.")[:7000],
        "identifiers": [
            {"type": "leakscan_rule_id", "name": f"leakscan rule {finding.rule_id}", "value": finding.rule_id},
            {"type": "cwe", "name": "CWE-798", "value": "798", "url": "https://cwe.mitre.org/data/definitions/798.html"},
        ],
        "location": {"file": finding.path, "commit": _commit(finding),
                     "start_line": finding.line, "end_line": max(finding.end_line, finding.line)},
        "raw_source_code_extract": display_line(finding, show).strip(),
        "details": _details(finding),
    }


def vulnerability_ids(findings: list[Finding]) -> list[str]:
    """One UUID per finding, stable for a secret in a file (and commit); repeats in a file are numbered."""
    seen: Counter[tuple[str, str, str]] = Counter()
    ids = []
    for f in findings:
        key = (f.fingerprint, f.path, f.commit or "")
        seen[key] += 1
        ids.append(str(uuid.uuid5(_ID_NAMESPACE, "\0".join((*key, str(seen[key]))))))
    return ids


def _messages(result: ScanResult) -> list[dict[str, str]]:
    out = [{"level": "warn", "value": w} for w in result.warnings if w]
    if result.stats.skipped:
        reasons = ", ".join(f"{n} {r}" for r, n in skipped_by_reason(result).items())
        out.append({"level": "warn", "value": f"{len(result.stats.skipped)} skipped: {reasons}"})
    return out


def render(result: ScanResult, options: ReportOptions) -> str:
    end = _now()
    tool = {**_TOOL, "version": options.tool_version or "0"}
    findings = result.findings
    doc = {
        "version": SCHEMA_VERSION,
        "schema": SCHEMA_URL,
        "scan": {
            "analyzer": tool, "scanner": tool, "type": "secret_detection", "status": "success",
            "start_time": _time(end - timedelta(seconds=result.stats.elapsed)), "end_time": _time(end),
            "messages": _messages(result),
        },
        "vulnerabilities": [vulnerability(f, vid, options.show_secrets)
                            for f, vid in zip(findings, vulnerability_ids(findings), strict=True)],
        "remediations": [],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
