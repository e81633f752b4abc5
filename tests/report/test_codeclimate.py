"""``--format codeclimate``: GitLab Code Quality issues, one per open finding, stable fingerprints."""

from __future__ import annotations

import json

from leakscan import scan_fragments
from leakscan.model import Fragment, ScanResult
from leakscan.report import ReportOptions, render
from leakscan.report.codeclimate import SEVERITY
from testing import secrets

# what GitLab's Code Quality widget accepts (docs: "Implement a custom tool")
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def issues(result: ScanResult) -> list[dict]:
    return json.loads(render("codeclimate", result, ReportOptions()))


def test_one_issue_per_open_finding_with_what_gitlab_requires(rich_result):
    out = issues(rich_result)
    assert len(out) == len(rich_result.findings)
    by_path = {f.path: f for f in rich_result.findings}
    for issue in out:
        finding = by_path[issue["location"]["path"]]
        assert issue["check_name"] == f"leakscan/{finding.rule_id}"
        assert issue["severity"] in GITLAB_SEVERITIES and issue["severity"] == SEVERITY[finding.severity]
        assert issue["location"]["lines"]["begin"] == finding.line >= 1
        assert issue["description"] and "\n" not in issue["description"]
        assert len(issue["fingerprint"]) == 32
    assert len({i["fingerprint"] for i in out}) == len(out)


def test_nothing_found_is_an_empty_list(empty_result):
    assert issues(empty_result) == []


def test_fingerprints_survive_line_moves_so_the_mr_diff_shows_only_new_secrets():
    key = secrets.hex_key(33)
    base = scan_fragments([Fragment(f"k = '{key}'\n".encode(), "app.py")])
    moved = scan_fragments([Fragment(f"# header\n\nk = '{key}'\n".encode(), "app.py")])
    assert [i["fingerprint"] for i in issues(base)] == [i["fingerprint"] for i in issues(moved)]
