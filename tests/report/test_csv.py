from __future__ import annotations

import csv
import io

from leakscan.model import Fragment
from leakscan.report import ReportOptions, render
from leakscan.report.csv import COLUMNS, safe
from leakscan.scan import scan_fragments
from testing import secrets


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_finding_with_the_json_fields(rich_result):
    text = render("csv", rich_result, ReportOptions())
    assert text.splitlines()[0] == ",".join(COLUMNS)
    got = rows(text)
    assert [(r["rule_id"], r["path"], int(r["line"])) for r in got] == [
        (f.rule_id, f.path, f.line) for f in rich_result.findings]
    assert all(r["status"] == "open" and len(r["fingerprint"]) == 64 for r in got)


def test_suppressed_rows_with_show_suppressed(rich_result):
    got = rows(render("csv", rich_result, ReportOptions(show_suppressed=True)))
    suppressed = [r for r in got if r["status"] == "suppressed"]
    assert sorted(r["suppressed_by"] for r in suppressed) == ["baseline", "ignore", "inline"]


def test_cells_a_spreadsheet_would_run_are_neutralised():
    assert safe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe("@SUM(A1)") == "'@SUM(A1)" and safe("plain") == "plain" and safe(None) == ""
    key = secrets.glomo_key("live", "secret", seed=6)
    result = scan_fragments([Fragment(f"K={key}\n".encode(), "=cmd|' /C calc'!A0.env")])
    [row] = rows(render("csv", result, ReportOptions()))
    assert row["path"].startswith("'=")
