"""The audit for a terminal or a log: a summary, then one line per secret with its occurrences below it."""

from __future__ import annotations

from leakscan.audit.records import AuditReport, SecretEntry
from leakscan.audit.report import summary
from leakscan.report.text import verification_line

_HEADINGS = {"new": "New", "reintroduced": "Reintroduced", "open": "Still open", "fixed": "Fixed"}


def _secret(e: SecretEntry) -> list[str]:
    tri = f"  [{e.triage.status}: {e.triage.reason}]" if e.triage else ""
    if e.triage_expired:
        tri = "  [triage expired: open again]"
    head = (f"  {e.severity:<8} {e.rule_id:<24} {e.fingerprint[:16]}  {e.redacted}  "
            f"first seen run {e.first_seen.run} ({e.age_days}d)  last seen run {e.last_seen.run}{tri}")
    lines = [head]
    if e.verification:
        lines.append(f"      verified: {verification_line(e.verification)}")
    for repo, o in e.occurrences:
        where = "at a tip" if o.at_tip else "in history"
        commit = f" @ {o.commit[:10]}" if o.commit else ""
        lines.append(f"      {repo}: {o.path}:{o.line}{commit} {o.date or ''} ({where})".rstrip())
    return lines


def render(report: AuditReport, fail_on: str) -> str:
    s = summary(report, fail_on)
    run = report.run
    out = [f"leakscan audit: run {run.id} ({run.status}, started {run.started})"
           + (f", compared with the audits before {report.since}" if report.since else "")]
    if run.rescanned:
        out.append("rules or configuration changed since the last run: every blob was read again")
    repos = s["repositories"]
    assert isinstance(repos, dict)
    out.append(f"repositories: {repos['scanned']} scanned, {repos['unchanged']} unchanged, {repos['failed']} failed;"
               f" {s['blobs_read']} blobs read ({int(s['bytes_read']) / 1e6:.1f} MB)")  # type: ignore[call-overload]
    for r in report.repos:
        if r.status == "failed":
            out.append(f"  FAILED {r.location}: {r.reason}")
    for status, heading in _HEADINGS.items():
        entries = [e for e in report.secrets if e.status == status]
        if entries:
            out.append(f"{heading} ({len(entries)}):")
            for e in entries:
                out.extend(_secret(e))
    by = s["by_status"]
    assert isinstance(by, dict)
    checked = s["verification"]
    assert isinstance(checked, dict)
    verified = "".join(f", {n} {status}" for status, n in checked.items()).lstrip(", ")
    out.append(f"{len(report.secrets)} secrets: {by['new']} new, {by['reintroduced']} reintroduced, "
               f"{by['open']} open, {by['fixed']} fixed; {s['failing']} new at or above {fail_on} untriaged"
               + (f"; verified: {verified}" if verified else ""))
    return "\n".join(out) + "\n"
