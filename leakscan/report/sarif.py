"""SARIF 2.1.0 for GitHub code scanning (``github/codeql-action/upload-sarif``) and other viewers.

What GitHub reads: each rule's descriptions, help and ``security-severity``;
each result's ``partialFingerprints`` (here the secret's fingerprint, never a
line or commit, so one alert follows one secret across edits and commits),
its region and level.  Suppressed findings are results carrying SARIF
``suppressions`` (inline pragmas are ``inSource``, everything else
``external``), so viewers show them as suppressed rather than not at all.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from leakscan.findings import display_line, display_secret
from leakscan.model import Finding, ScanResult, Suppressed, severity_rank
from leakscan.report import ReportOptions
from leakscan.report.summary import summary

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "leakscan/v1"
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
_CWE = "external/cwe/cwe-798"  # use of hard-coded credentials


def _rule_catalogue() -> dict[str, Any]:
    """Built-in rules by id; a reporter runs once per scan, so loading them here is cheap enough."""
    from leakscan.rules.loader import load_builtin_rules

    return {rule.id: rule for rule in load_builtin_rules()}


def _help_uri(references: tuple[str, ...]) -> str | None:
    for ref in references:
        word = ref.split()[0] if ref.split() else ""
        if word.startswith(("https://", "http://")):
            return word
    return None


def _rule_descriptor(rule_id: str, rule: Any, sample: Finding | None, worst: str | None) -> dict[str, Any]:
    title = rule.title if rule else (sample.title if sample else rule_id)
    description = " ".join((rule.description if rule else title).split())
    remediation = rule.remediation if rule else (sample.remediation if sample else "")
    default = rule.severity if rule else (sample.severity if sample else "medium")
    # GitHub takes an alert's severity from its rule: use the worst this run saw, so a critical
    # live key is not shown at the rule's milder default (policy can raise or lower a finding)
    severity = worst or default
    tags = ["security", "secret", _CWE, *(rule.tags if rule else ())]
    references = rule.references if rule else ()
    markdown = [f"**{title}**", "", description]
    if remediation:
        markdown += ["", f"**Fix:** {remediation}"]
    if references:
        markdown += ["", "References:", *(f"- {r}" for r in references)]
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("-")),
        "shortDescription": {"text": title},
        "fullDescription": {"text": description},
        "help": {"text": description + (f"\n\nFix: {remediation}" if remediation else ""),
                 "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": LEVEL[default]},
        "properties": {"security-severity": SECURITY_SEVERITY[severity], "tags": sorted(set(tags)),
                       "precision": "high"},
    }
    uri = _help_uri(references)
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


def _message(finding: Finding, show: bool) -> str:
    where = "client-side code" if finding.client_side else "not client-side"
    parts = [f"{finding.title} ({finding.severity}): {display_secret(finding, show)}"]
    if finding.environment != "unknown" or finding.key_type != "unknown":
        parts.append(f"environment {finding.environment}, key type {finding.key_type}")
    parts.append(f"{where}: {finding.client_side_reason}")
    if finding.commit:
        parts.append(f"introduced in commit {finding.commit[:12]}")
    if finding.archive:  # the location is the archive a viewer can open; the entry is named here
        parts.append(f"inside the archive at {finding.path}:{finding.line}:{finding.column}")
    if finding.remediation:
        parts.append(f"Fix: {finding.remediation}")
    return ". ".join(parts) + "."


def _result(finding: Finding, rule_index: int, show: bool, suppressed: Suppressed | None) -> dict[str, Any]:
    region = {"startLine": finding.line, "startColumn": finding.column,
              "endLine": max(finding.end_line, finding.line), "endColumn": finding.end_column,
              "snippet": {"text": display_line(finding, show)}}
    properties: dict[str, Any] = {
        "severity": finding.severity, "security-severity": SECURITY_SEVERITY[finding.severity],
        "fingerprint": finding.fingerprint, "secret": display_secret(finding, show),
        "key_type": finding.key_type, "environment": finding.environment,
        "client_side": finding.client_side, "client_side_reason": finding.client_side_reason,
        "validation": finding.validation,
    }
    if finding.commit:
        properties["commit"] = finding.commit
    if finding.extra:
        properties["provenance"] = finding.extra
    properties.update({k: list(v) for k, v in (("archive", finding.archive), ("decoded", finding.decoded)) if v})
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": _message(finding, show)},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": quote(finding.archive[0] if finding.archive else finding.path, safe="/"),
                                 "uriBaseId": "%SRCROOT%"},
            **({} if finding.archive else {"region": region})}}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": properties,
    }
    if suppressed is not None:
        result["suppressions"] = [{
            "kind": "inSource" if suppressed.kind == "inline" else "external",
            "status": "accepted",
            "justification": suppressed.reason,
            "properties": {"leakscan-kind": suppressed.kind},
        }]
    return result


def _notifications(result: ScanResult) -> list[dict[str, Any]]:
    notes = [{"level": "warning", "message": {"text": w}} for w in result.warnings]
    notes += [{"level": "note", "message": {"text": f"skipped {s.path}: {s.reason}"}} for s in result.stats.skipped]
    return notes


def render(result: ScanResult, options: ReportOptions) -> str:
    catalogue = _rule_catalogue()
    pairs: list[tuple[Finding, Suppressed | None]] = [(f, None) for f in result.findings]
    pairs += [(s.finding, s) for s in result.suppressed]
    worst: dict[str, str] = {}
    samples: dict[str, Finding] = {}
    for finding, _ in pairs:
        samples.setdefault(finding.rule_id, finding)
        if finding.rule_id not in worst or severity_rank(finding.severity) > severity_rank(worst[finding.rule_id]):
            worst[finding.rule_id] = finding.severity
    # every rule that ran is declared, so "ran and found nothing" differs from "unknown rule"
    rule_ids = sorted(set(catalogue) | set(samples))
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = [_rule_descriptor(r, catalogue.get(r), samples.get(r), worst.get(r)) for r in rule_ids]
    results = [_result(f, index[f.rule_id], options.show_secrets, s) for f, s in pairs]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "leakscan", "version": options.tool_version or "0",
                            "semanticVersion": options.tool_version or "0.0.0",
                            "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": _notifications(result)}],
        "results": results,
        "properties": {"summary": summary(result, options.fail_on)},
    }
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"
