"""``--format jsonl``: one finding per line, the JSON report's finding objects, each schema-valid."""

from __future__ import annotations

import json

from leakscan.report import ReportOptions, render
from leakscan.report.json import SCHEMA_VERSION


def lines(result, **options: object) -> list[dict]:
    text = render("jsonl", result, ReportOptions(**options))
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_one_line_per_finding_matching_the_json_report(rich_result):
    records = lines(rich_result)
    report = json.loads(render("json", rich_result, ReportOptions()))
    assert [{k: v for k, v in r.items() if k != "schema_version"} for r in records] == report["findings"]
    assert all(r["schema_version"] == SCHEMA_VERSION for r in records)


def test_suppressed_follow_with_their_reason_only_when_asked(rich_result):
    plain, shown = lines(rich_result), lines(rich_result, show_suppressed=True)
    extra = shown[len(plain):]
    assert len(extra) == len(rich_result.suppressed) and all(r["suppressed_by"] and r["reason"] for r in extra)


def test_nothing_found_prints_nothing(empty_result):
    assert render("jsonl", empty_result, ReportOptions()) == ""
