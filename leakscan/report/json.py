"""The JSON report: DESIGN.md's contract, ``findings`` plus summary counts."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from leakscan.findings import display_line, display_secret
from leakscan.model import Finding, ScanResult
from leakscan.report import ReportOptions
from leakscan.report.summary import summary

# docs/json-report.schema.json describes this version; fields are only added within a major version
SCHEMA_VERSION = "1.0.0"


def finding_dict(finding: Finding, show: bool) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "title": finding.title,
        "severity": finding.severity,
        "key_type": finding.key_type,
        "environment": finding.environment,
        "client_side": finding.client_side,
        "client_side_reason": finding.client_side_reason,
        "token_context": finding.token_context,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "commit": finding.commit,
        "fingerprint": finding.fingerprint,
        "secret": display_secret(finding, show),
        "snippet": display_line(finding, show),
        "validation": finding.validation,
        "remediation": finding.remediation,
        **({"provenance": finding.extra} if finding.extra else {}),
        **({"verification": asdict(finding.verification)} if finding.verification else {}),
        **({"archive": list(finding.archive)} if finding.archive else {}),
        **({"decoded": list(finding.decoded)} if finding.decoded else {}),
    }


def render(result: ScanResult, options: ReportOptions) -> str:
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "leakscan", "version": options.tool_version},
        "summary": summary(result, options.fail_on),
        "findings": [finding_dict(f, options.show_secrets) for f in result.findings],
        # "fault": true marks what could not be read (the scan is incomplete); absent on deliberate skips
        "skipped": [{"path": s.path, "reason": s.reason, **({"fault": True} if s.fault else {})}
                    for s in result.stats.skipped],
        "ignored": result.stats.ignored,  # what .gitignore hid: --no-ignore scans it
        "warnings": result.warnings,
    }
    if options.show_suppressed:
        doc["suppressed"] = [
            {**finding_dict(s.finding, options.show_secrets), "suppressed_by": s.kind, "reason": s.reason}
            for s in result.suppressed
        ]
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"
