"""``--format markdown``: the job summary, counts and worst findings first, cells that cannot break the table."""

from __future__ import annotations

from leakscan import scan_fragments
from leakscan.model import Fragment
from leakscan.report import ReportOptions, render
from leakscan.report.markdown import TOP, cell
from testing import secrets


def test_counts_and_worst_findings_first(rich_result):
    text = render("markdown", rich_result, ReportOptions())
    assert text.startswith(f"## leakscan: **{len(rich_result.findings)} finding(s) at or above `low`**")
    critical = sum(f.severity == "critical" for f in rich_result.findings)
    assert f"| critical | {critical} |" in text
    first = next(line for line in text.splitlines() if line.count("|") == 6 and "fingerprint" not in line
                 and "---" not in line)
    assert first.startswith("| critical |")


def test_nothing_found(empty_result):
    assert render("markdown", empty_result, ReportOptions()).startswith("## leakscan: No findings at or above")


def test_a_hostile_path_cannot_break_the_table_or_inject_html():
    assert cell("a|b`c<script>\nd") == "a\\|b'c&lt;script&gt; d"
    key = secrets.glomo_key("live", "secret", seed=131)
    result = scan_fragments([Fragment(f"K={key}\n".encode(), "x|<img src=x>.env")])
    text = render("markdown", result, ReportOptions())
    assert "<img" not in text and "x\\|&lt;img src=x&gt;.env:1" in text and key not in text


def test_only_the_top_findings_are_listed():
    keys = "".join(f"private_key_{i} = '{secrets.hex_key(200 + i)}'\n" for i in range(TOP + 5))
    result = scan_fragments([Fragment(keys.encode(), "keys.py")])
    text = render("markdown", result, ReportOptions())
    assert f"### Top findings ({TOP} of {TOP + 5})" in text
