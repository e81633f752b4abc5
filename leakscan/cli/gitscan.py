"""History scans for commands that need findings from ``leakscan git`` (baseline, explain).

Runs the ``git`` command in this process with JSON output and reads its
findings back, so these commands depend only on ``leakscan git``'s public
contract (options and JSON fields), not on how history scanning is built.
The findings carry redacted secrets: enough for fingerprints, rules and paths.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from leakscan.errors import SourceError, UsageError
from leakscan.model import Finding, ScanResult, ScanStats


def finding_from_report(item: dict[str, Any]) -> Finding:
    return Finding(
        rule_id=item["rule_id"], title=item.get("title", item["rule_id"]), severity=item["severity"],
        key_type=item.get("key_type", "unknown"), environment=item.get("environment", "unknown"),
        client_side=bool(item.get("client_side")), client_side_reason=item.get("client_side_reason", ""),
        path=item["path"], line=int(item["line"]), column=int(item.get("column", 1)),
        end_line=int(item.get("end_line", item["line"])), end_column=int(item.get("end_column", 1)),
        commit=item.get("commit"), fingerprint=item["fingerprint"], secret_value=item.get("secret", ""),
        line_text=item.get("snippet", ""), validation=dict(item.get("validation") or {}),
        remediation=item.get("remediation", ""), extra=dict(item.get("provenance") or {}),
    )


def scan_history(repo: str, config: str | None, engine: str, jobs: int | None,
                 extra_args: tuple[str, ...] = ()) -> ScanResult:
    from leakscan.cli import COMMANDS, main

    if "git" not in COMMANDS:
        raise UsageError("--git needs the 'leakscan git' command, which this build does not have")
    fd, report = tempfile.mkstemp(prefix="leakscan-", suffix=".json")
    os.close(fd)
    args = ["git", repo, *extra_args, "--format", "json", "--fail-on", "never", "--output", report,
            "--engine", engine, *(["--config", config] if config else []), *(["--jobs", str(jobs)] if jobs else [])]
    try:
        status = main(args)
        if status != 0:
            raise SourceError(f"leakscan git {repo} failed (exit {status})")
        with open(report, encoding="utf-8") as fh:
            doc = json.load(fh)
    finally:
        os.unlink(report)
    return ScanResult(findings=[finding_from_report(f) for f in doc["findings"]], suppressed=[],
                      stats=ScanStats(), warnings=list(doc.get("warnings", [])))
