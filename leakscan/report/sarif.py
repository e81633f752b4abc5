"""SARIF 2.1.0 for GitHub code scanning (``github/codeql-action/upload-sarif``) and other viewers.

What GitHub reads: each rule's descriptions, help and ``security-severity``;
each result's ``partialFingerprints`` (here the secret's fingerprint, never a
line or commit, so one alert follows one secret across edits and commits),
its region and level.  GitHub takes an alert's severity from its *rule*, never
from the result, so each (rule, severity) pair this run produced is its own
reporting descriptor: ``glomo-api-key`` at the rule's default severity, and e.g.
``glomo-api-key/info`` for a public test key the usage table allows
(docs/ci.md has the mapping).  Suppressed findings are left out unless
``--show-suppressed``: GitHub opens an alert for every result, suppressions or
not; when shown they carry SARIF ``suppressions`` (inline pragmas ``inSource``,
everything else ``external``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
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


def _descriptor_id(rule_id: str, severity: str, default: str) -> str:
    """One descriptor per (rule, severity): GitHub reads security-severity from the rule only."""
    return rule_id if severity == default else f"{rule_id}/{severity}"


def _default_severity(rule: Any, sample: Finding | None) -> str:
    return str(rule.severity if rule else (sample.severity if sample else "medium"))


def _rule_descriptor(rule_id: str, rule: Any, sample: Finding | None, severity: str) -> dict[str, Any]:
    title = rule.title if rule else (sample.title if sample else rule_id)
    description = " ".join((rule.description if rule else title).split())
    remediation = rule.remediation if rule else (sample.remediation if sample else "")
    default = _default_severity(rule, sample)
    tags = ["security", "secret", _CWE, *(rule.tags if rule else ())]
    references = rule.references if rule else ()
    markdown = [f"**{title}**", "", description]
    if remediation:
        markdown += ["", f"**Fix:** {remediation}"]
    if references:
        markdown += ["", "References:", *(f"- {r}" for r in references)]
    name = "".join(part.capitalize() for part in rule_id.split("-"))
    descriptor: dict[str, Any] = {
        "id": _descriptor_id(rule_id, severity, default),
        "name": name if severity == default else f"{name}{severity.capitalize()}",
        "shortDescription": {"text": title if severity == default else f"{title} ({severity})"},
        "fullDescription": {"text": description},
        "help": {"text": description + (f"\n\nFix: {remediation}" if remediation else ""),
                 "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"security-severity": SECURITY_SEVERITY[severity], "tags": sorted(set(tags)),
                       "precision": "high", "leakscan-rule-id": rule_id, "severity": severity},
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


def _result(finding: Finding, rule: tuple[str, int], show: bool, suppressed: Suppressed | None
            ) -> dict[str, Any]:
    region = {"startLine": finding.line, "startColumn": finding.column,
              "endLine": max(finding.end_line, finding.line), "endColumn": finding.end_column,
              "snippet": {"text": display_line(finding, show)}}
    properties: dict[str, Any] = {
        "rule_id": finding.rule_id, "severity": finding.severity, "security-severity": SECURITY_SEVERITY[finding.severity],
        "fingerprint": finding.fingerprint, "secret": display_secret(finding, show),
        "key_type": finding.key_type, "environment": finding.environment,
        "client_side": finding.client_side, "client_side_reason": finding.client_side_reason,
        "validation": finding.validation,
    }
    if finding.commit:
        properties["commit"] = finding.commit
    if finding.extra:
        properties["provenance"] = finding.extra
    if finding.verification:
        properties["verification"] = asdict(finding.verification)
    properties.update({k: list(v) for k, v in (("archive", finding.archive), ("decoded", finding.decoded)) if v})
    result: dict[str, Any] = {
        "ruleId": rule[0],
        "ruleIndex": rule[1],
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
    if options.show_suppressed:
        pairs += [(s.finding, s) for s in result.suppressed]
    samples: dict[str, Finding] = {}
    for finding, _ in pairs:
        samples.setdefault(finding.rule_id, finding)
    # every rule that ran is declared at its default severity, so "ran and found nothing" differs
    # from "unknown rule"; then each other severity a rule's results have
    wanted = {(r, _default_severity(catalogue.get(r), samples.get(r))) for r in set(catalogue) | set(samples)}
    wanted |= {(f.rule_id, f.severity) for f, _ in pairs}
    keys = sorted(wanted, key=lambda k: (k[0], -severity_rank(k[1])))
    rules = [_rule_descriptor(r, catalogue.get(r), samples.get(r), sev) for r, sev in keys]
    index = {key: (rules[i]["id"], i) for i, key in enumerate(keys)}
    results = [_result(f, index[(f.rule_id, f.severity)], options.show_secrets, s) for f, s in pairs]
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
