"""The audit as SARIF 2.1.0: one result per secret, its occurrences as locations, its lifecycle as baselineState.

``new``/``reintroduced`` -> ``new``, ``open`` -> ``unchanged``, ``fixed`` -> ``absent``; a triaged
secret carries an external, accepted suppression with the triage reason.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any
from urllib.parse import quote

from leakscan.audit.records import AuditReport, SecretEntry
from leakscan.model import severity_rank
from leakscan.report.sarif import FINGERPRINT_KEY, LEVEL, SCHEMA, SECURITY_SEVERITY

_BASELINE = {"new": "new", "reintroduced": "new", "open": "unchanged", "fixed": "absent"}


def _result(e: SecretEntry, index: int) -> dict[str, Any]:
    locations = [{"physicalLocation": {"artifactLocation": {"uri": quote(o.path, safe="/")},
                                       "region": {"startLine": o.line}},
                  "properties": {"repository": repo, "commit": o.commit, "present_at_tip": o.at_tip}}
                 for repo, o in e.occurrences]
    result: dict[str, Any] = {
        "ruleId": e.rule_id, "ruleIndex": index, "level": LEVEL[e.severity],
        "message": {"text": f"{e.title} ({e.severity}, {e.status}): {e.redacted}, "
                            f"{len(e.occurrences)} occurrence(s), first seen in run {e.first_seen.run}"},
        "locations": locations, "baselineState": _BASELINE[e.status],
        "partialFingerprints": {FINGERPRINT_KEY: e.fingerprint},
        "properties": {"severity": e.severity, "security-severity": SECURITY_SEVERITY[e.severity],
                       "status": e.status, "age_days": e.age_days, "secret": e.redacted},
    }
    if e.verification:
        result["properties"]["verification"] = asdict(e.verification)
    if e.triage:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": f"{e.triage.status}: {e.triage.reason}"}]
    return result


def render(report: AuditReport, fail_on: str) -> str:
    worst: dict[str, SecretEntry] = {}
    for e in report.secrets:
        if e.rule_id not in worst or severity_rank(e.severity) > severity_rank(worst[e.rule_id].severity):
            worst[e.rule_id] = e
    ids = sorted(worst)
    rules = [{"id": rid, "name": "".join(p.capitalize() for p in rid.split("-")),
              "shortDescription": {"text": worst[rid].title},
              "properties": {"security-severity": SECURITY_SEVERITY[worst[rid].severity],
                             "tags": ["security", "secret"]}} for rid in ids]
    notes = [{"level": "error", "message": {"text": f"{r.location}: {r.reason}"}}
             for r in report.repos if r.status == "failed"]
    run = {"tool": {"driver": {"name": "leakscan", "version": report.tool_version, "rules": rules}},
           "results": [_result(e, ids.index(e.rule_id)) for e in report.secrets],
           "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
           "properties": {"audit_run": report.run.id}}
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"
