"""JSON Lines: one finding per line, each the same object as an entry of the JSON report's ``findings``.

For ``jq -c``, log shippers and line-oriented pipelines (TruffleHog's ``--json`` shape).
With ``--show-suppressed`` suppressed findings follow, with ``suppressed_by`` and ``reason``.
The summary and warnings go to stderr, so stdout holds findings only.
"""

from __future__ import annotations

import json

from leakscan.model import ScanResult
from leakscan.report import ReportOptions
from leakscan.report.json import SCHEMA_VERSION, finding_dict


def render(result: ScanResult, options: ReportOptions) -> str:
    show = options.show_secrets
    records = [finding_dict(f, show) for f in result.findings]
    if options.show_suppressed:
        records += [{**finding_dict(s.finding, show), "suppressed_by": s.kind, "reason": s.reason}
                    for s in result.suppressed]
    return "".join(json.dumps({"schema_version": SCHEMA_VERSION, **r}, ensure_ascii=False, default=str) + "\n"
                   for r in records)
