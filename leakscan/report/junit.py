"""JUnit XML for CI systems that show test reports (GitLab merge requests, Jenkins, Azure).

One test case per finding: a failure when it reaches ``--fail-on`` (what makes
the exit status 1), skipped when below it; suppressed findings appear as
skipped cases with ``--show-suppressed``. No finding at all is one passing case,
so the report never looks empty.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from leakscan.findings import display_line, display_secret
from leakscan.model import Finding, ScanResult, severity_rank
from leakscan.report import ReportOptions
from leakscan.report.summary import failing
from leakscan.report.text import verification_line

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """XML 1.0 cannot carry control characters, even escaped; file content can hold them."""
    return _XML_INVALID.sub("\ufffd", text)


def _details(finding: Finding, show: bool) -> str:
    lines = [
        f"{finding.title} ({finding.severity}) at {finding.path}:{finding.line}:{finding.column}",
        f"secret: {display_secret(finding, show)}",
        f"line: {display_line(finding, show).strip()}",
        f"{'client-side' if finding.client_side else 'not client-side'}: {finding.client_side_reason}",
    ]
    if finding.commit:
        lines.append(f"commit: {finding.commit}")
    if finding.remediation:
        lines.append(f"fix: {finding.remediation}")
    if finding.verification:
        lines.append(f"verified: {verification_line(finding.verification)}")
    lines.append(f"fingerprint: {finding.fingerprint}")
    return clean("\n".join(lines))


def _case(suite: ET.Element, finding: Finding) -> ET.Element:
    where = f"{finding.path}:{finding.line}:{finding.column}"
    name = f"{finding.rule_id} {where}" + (f" @ {finding.commit[:12]}" if finding.commit else "")
    return ET.SubElement(suite, "testcase", classname=clean(f"leakscan.{finding.rule_id}"), name=clean(name),
                         file=clean(finding.path), line=str(finding.line))


def _failing(finding: Finding, fail_on: str) -> bool:
    return fail_on != "never" and severity_rank(finding.severity) >= severity_rank(fail_on)


def render(result: ScanResult, options: ReportOptions) -> str:
    show = options.show_secrets
    suppressed = result.suppressed if options.show_suppressed else []
    cases = len(result.findings) + len(suppressed)
    failures = failing(result, options.fail_on)
    root = ET.Element("testsuites", name="leakscan", tests=str(max(cases, 1)), failures=str(failures))
    suite = ET.SubElement(root, "testsuite", name=f"leakscan {options.command}", tests=str(max(cases, 1)),
                          failures=str(failures), errors="0",
                          skipped=str(cases - failures), time=f"{result.stats.elapsed:.3f}")
    for finding in result.findings:
        case = _case(suite, finding)
        if _failing(finding, options.fail_on):
            message = clean(f"{finding.title} ({finding.severity}): {display_secret(finding, show)}")
            failure = ET.SubElement(case, "failure", message=message, type=finding.rule_id)
            failure.text = _details(finding, show)
        else:
            ET.SubElement(case, "skipped", message=f"{finding.severity} is below --fail-on {options.fail_on}")
    for s in suppressed:
        case = _case(suite, s.finding)
        ET.SubElement(case, "skipped", message=clean(f"suppressed ({s.kind}): {s.reason}"))
    if not cases:
        ET.SubElement(suite, "testcase", classname="leakscan", name="no secrets found")
    if result.warnings:
        ET.SubElement(suite, "system-err").text = clean("\n".join(result.warnings))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
