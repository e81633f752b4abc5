from __future__ import annotations

import csv
import io

from leakscan.model import Fragment
from leakscan.report import ReportOptions, render
from leakscan.report.csv import COLUMNS, safe
from leakscan.scans.files import scan_fragments
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


def test_what_csv_has_no_column_for_goes_to_stderr(run_cli, tmp_path):
    """Warnings and the skipped count have no place in rows of findings: they go to stderr."""
    key = secrets.glomo_key("live", "secret", seed=7)
    (tmp_path / "app.env").write_text(f"GLOMO_SECRET_KEY={key}\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0" + bytes(range(256)))
    (tmp_path / ".leakscanignore").write_text("0" * 64 + "  # an entry matching nothing\n")
    run = run_cli("scan", ".", "--format", "csv", cwd=str(tmp_path))
    assert run.exit_code == 1
    assert [r["path"] for r in rows(run.stdout)] == ["app.env"]
    assert "leakscan: warning:" in run.stderr and "stale" in run.stderr
    assert "1 skipped" in run.stderr
