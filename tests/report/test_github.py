from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from leakscan.model import Fragment
from leakscan.report import ReportOptions, render
from leakscan.report.github import escape_data, escape_property
from leakscan.scans.files import scan_fragments
from testing import secrets

_ANNOTATION = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape(value: str) -> str:
    for code, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(code, char)
    return value


def _properties(raw: str) -> dict[str, str]:
    return {k: _unescape(v) for k, v in (item.split("=", 1) for item in raw.split(","))}


@given(st.text())
def test_escaped_property_cannot_end_the_command_and_round_trips(value):
    escaped = escape_property(value)
    assert not set(escaped) & {":", ",", "\n", "\r"}
    assert _unescape(escaped) == value


@given(st.text())
def test_escaped_data_stays_on_one_line_and_round_trips(value):
    escaped = escape_data(value)
    assert "\n" not in escaped and "\r" not in escaped
    assert _unescape(escaped) == value


def test_one_annotation_per_finding_at_its_position(rich_result):
    text = render("github", rich_result, ReportOptions())
    annotations = [_ANNOTATION.match(line) for line in text.splitlines() if line.startswith("::")]
    findings = {(f.path, str(f.line)): f for f in rich_result.findings}
    assert len([a for a in annotations if a and a[1] == "error"]) == len(findings)
    for a in annotations:
        props = _properties(a[2])
        finding = findings.get((props.get("file"), props.get("line")))
        if finding is None:
            continue
        assert props["col"] == str(finding.column)
        assert props["title"] == f"leakscan {finding.rule_id} ({finding.severity})"
        assert finding.fingerprint in _unescape(a[3])
    assert text.splitlines()[-1].startswith(f"{len(rich_result.findings)} findings")


def test_a_hostile_path_cannot_forge_a_command():
    key = secrets.glomo_key("live", "secret", seed=3)
    path = "x,line=1::\n::error file=evil::pwned.env"
    result = scan_fragments([Fragment(f"K={key}\n".encode(), path)])
    lines = render("github", result, ReportOptions()).splitlines()
    assert len([line for line in lines if line.startswith("::")]) == 1
    assert _properties(_ANNOTATION.match(lines[0])[2])["file"] == path


def test_suppressed_shown_as_notices_only_when_asked(rich_result):
    quiet = render("github", rich_result, ReportOptions())
    loud = render("github", rich_result, ReportOptions(show_suppressed=True))
    assert "::notice" not in quiet
    assert loud.count("::notice file=") == len(rich_result.suppressed)


def test_warnings_are_warning_commands(empty_result):
    empty_result.warnings.append("ignore entry expired: revisit, it no longer suppresses")
    text = render("github", empty_result, ReportOptions())
    assert "::warning::ignore entry expired%3A" not in text  # data part keeps ':'
    assert "::warning::ignore entry expired: revisit" in text
