"""JSON Lines: one finding per line, each the same object as an entry of the JSON report's ``findings``.

For ``jq -c``, log shippers and line-oriented pipelines (TruffleHog's ``--json`` shape).
With ``--show-suppressed`` suppressed findings follow, with ``suppressed_by`` and ``reason``.
The summary and warnings go to stderr, so stdout holds findings only.  The CLI streams: each
line is written as soon as its finding is final (:class:`leakscan.pipeline.Streamed`), in the
order found, so a pipe sees findings while a long log is still being read.
"""

from __future__ import annotations

import json

from leakscan.model import Finding, ScanResult
from leakscan.report import ReportOptions
from leakscan.report.json import SCHEMA_VERSION, finding_dict


def render(result: ScanResult, options: ReportOptions) -> str:
    return "".join(line(f, options) for f in result.findings) + suppressed_lines(result, options)


def line(finding: Finding, options: ReportOptions) -> str:
    """One finding's line: what a stream writes the moment the finding is final."""
    return _dumps(finding_dict(finding, options.show_secrets))


def suppressed_lines(result: ScanResult, options: ReportOptions) -> str:
    """With ``--show-suppressed``: the suppressed findings, after the reported ones."""
    if not options.show_suppressed:
        return ""
    return "".join(_dumps({**finding_dict(s.finding, options.show_secrets), "suppressed_by": s.kind,
                           "reason": s.reason}) for s in result.suppressed)


def _dumps(record: dict[str, object]) -> str:
    return json.dumps({"schema_version": SCHEMA_VERSION, **record}, ensure_ascii=False, default=str) + "\n"
