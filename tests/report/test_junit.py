from __future__ import annotations

import xml.etree.ElementTree as ET

from leakscan.model import Fragment
from leakscan.report import ReportOptions, render
from leakscan.scans.files import scan_fragments
from testing import secrets


def test_a_failing_case_per_finding(rich_result):
    root = ET.fromstring(render("junit", rich_result, ReportOptions()))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == len(cases) == len(rich_result.findings)
    assert suite.get("failures") == str(len(rich_result.findings))
    names = {c.get("name") for c in failures}
    assert {f"{f.rule_id} {f.path}:{f.line}:{f.column}" for f in rich_result.findings if not f.commit} <= names
    assert all("fingerprint: " in c.find("failure").text for c in failures)


def test_findings_below_fail_on_are_skipped_not_failed(rich_result):
    root = ET.fromstring(render("junit", rich_result, ReportOptions(fail_on="critical")))
    suite = root.find("testsuite")
    critical = sum(1 for f in rich_result.findings if f.severity == "critical")
    assert suite.get("failures") == str(critical)
    assert len(suite.findall("testcase/skipped")) == len(rich_result.findings) - critical


def test_suppressed_are_skipped_cases_with_show_suppressed(rich_result):
    root = ET.fromstring(render("junit", rich_result, ReportOptions(show_suppressed=True)))
    skipped = [s.get("message") for s in root.iter("skipped")]
    assert len(skipped) == len(rich_result.suppressed)
    assert any(m.startswith("suppressed (baseline)") for m in skipped)


def test_a_passing_suite_when_nothing_is_found(empty_result):
    root = ET.fromstring(render("junit", empty_result, ReportOptions()))
    suite = root.find("testsuite")
    [case] = suite.findall("testcase")
    assert suite.get("failures") == "0" and case.find("failure") is None and case.get("name") == "no secrets found"


def test_control_characters_from_the_scanned_tree_keep_the_xml_well_formed():
    key = secrets.glomo_key("live", "secret", seed=4)
    result = scan_fragments([Fragment(f"\x1b[31mK={key}\x01\n".encode(), "odd\x07name.env")])
    root = ET.fromstring(render("junit", result, ReportOptions()))
    assert root.find("testsuite/testcase").get("file") == "odd\ufffdname.env"
