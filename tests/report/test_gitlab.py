"""``--format gitlab``: GitLab's published schema, and the fields DefectDojo's importer reads back."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest

from leakscan import scan_fragments
from leakscan.model import Fragment, ScanResult
from leakscan.report import ReportOptions, render
from leakscan.report.gitlab import NO_COMMIT, SCHEMA_VERSION
from testing import secrets
from tests.report.conftest import COMMIT

DATA = Path(__file__).parents[1] / "data"
SCHEMA = json.loads((DATA / f"gitlab-secret-detection-report-format-{SCHEMA_VERSION}.json").read_text())
DOJO_SEVERITIES = {"Critical", "High", "Medium", "Low", "Info"}
DOJO_DETECTION = "detected; please remove and revoke it if this is a leak."


def gitlab(result: ScanResult, **options: object) -> dict:
    doc = json.loads(render("gitlab", result, ReportOptions(tool_version="0.1.0", **options)))
    jsonschema.validate(doc, SCHEMA)
    return doc


def defectdojo_findings(doc: dict) -> list[dict]:
    """What DefectDojo's "GitLab Secret Detection Report" parser takes from each vulnerability.

    Its parser (dojo/tools/gitlab_secret_detection_report/parser.py) reads scan.end_time with
    ``%Y-%m-%dT%H:%M:%S``, and per vulnerability ``message`` or ``name`` for the title, then
    ``description``, ``severity`` (Unknown becomes Info), ``id`` as the tool's unique id, and,
    when present, ``location.file``, ``int(location.start_line)`` and ``raw_source_code_extract``
    appended to the description.  Every key it indexes directly must be there.
    """
    date = datetime.strptime(doc["scan"]["end_time"], "%Y-%m-%dT%H:%M:%S")
    out = []
    for v in doc["vulnerabilities"]:
        title = v.get("message", v.get("name"))
        if DOJO_DETECTION not in title:
            title = f"{title} {DOJO_DETECTION}"
        location = v["location"]
        severity = "Info" if v["severity"] == "Unknown" else v["severity"]
        finding = {"title": title, "description": v["description"], "date": date, "severity": severity,
                   "unique_id_from_tool": v["id"]}
        if "file" in location:
            finding["file_path"] = location["file"]
        if "start_line" in location:
            finding["line"] = int(location["start_line"])
        if "raw_source_code_extract" in v:
            finding["description"] += "\n" + v["raw_source_code_extract"]
        out.append(finding)
    return out


def test_valid_against_gitlabs_schema_with_and_without_findings(rich_result, empty_result):
    doc = gitlab(rich_result)
    assert doc["version"] == SCHEMA_VERSION == SCHEMA["self"]["version"]
    assert doc["scan"]["type"] == "secret_detection" and doc["scan"]["status"] == "success"
    assert len(doc["vulnerabilities"]) == len(rich_result.findings)
    assert gitlab(empty_result)["vulnerabilities"] == []


def test_suppressed_findings_are_not_filed_as_open_vulnerabilities(rich_result):
    doc = gitlab(rich_result, show_suppressed=True)
    suppressed = {s.finding.path for s in rich_result.suppressed}
    assert suppressed and not suppressed & {v["location"]["file"] for v in doc["vulnerabilities"]}


def test_each_vulnerability_names_rule_location_and_commit(rich_result, monkeypatch):
    monkeypatch.delenv("CI_COMMIT_SHA", raising=False)
    doc = gitlab(rich_result)
    by_path = {f.path: f for f in rich_result.findings}
    for v in doc["vulnerabilities"]:
        finding = by_path[v["location"]["file"]]
        primary = v["identifiers"][0]
        assert (primary["type"], primary["value"]) == ("leakscan_rule_id", finding.rule_id)
        assert {"type": "cwe", "value": "798"}.items() <= v["identifiers"][1].items()
        assert v["location"]["start_line"] == finding.line
        assert v["location"]["commit"]["sha"] == (finding.commit or NO_COMMIT)
        assert "****" in v["raw_source_code_extract"]
        assert v["details"]["fingerprint"]["value"] == finding.fingerprint
    api = next(v for v in doc["vulnerabilities"] if v["location"]["file"] == "server/api.py")
    assert api["location"]["commit"] == {"sha": COMMIT, "author": "Dev <dev@example.com>", "date": "2026-01-02"}


def test_working_tree_findings_take_the_pipelines_commit(rich_result, monkeypatch):
    monkeypatch.setenv("CI_COMMIT_SHA", "c" * 40)
    shas = {v["location"]["file"]: v["location"]["commit"]["sha"] for v in gitlab(rich_result)["vulnerabilities"]}
    assert shas["deploy/keys.py"] == "c" * 40 and shas["server/api.py"] == COMMIT


def test_ids_are_stable_per_secret_and_unique_in_a_report():
    key = secrets.glomo_key("live", "secret", seed=31)
    first = scan_fragments([Fragment(f"A={key}\nB={key}\n".encode(), "app.env")])
    moved = scan_fragments([Fragment(f"\n\n# moved down\nA={key}\nB={key}\n".encode(), "app.env")])
    ids = [v["id"] for v in gitlab(first)["vulnerabilities"]]
    assert len(ids) == len(set(ids)) == 2
    assert [v["id"] for v in gitlab(moved)["vulnerabilities"]] == ids  # lines moved, same secrets: same ids
    other = scan_fragments([Fragment(f"A={key}\n".encode(), "other.env")])
    assert gitlab(other)["vulnerabilities"][0]["id"] not in ids


def test_defectdojo_reads_back_every_field_it_uses(rich_result, secret_values):
    doc = gitlab(rich_result)
    dojo = defectdojo_findings(doc)
    assert len(dojo) == len(rich_result.findings)
    assert len({d["unique_id_from_tool"] for d in dojo}) == len(dojo)
    by_path = {f.path: f for f in rich_result.findings}
    for d in dojo:
        finding = by_path[d["file_path"]]
        assert d["severity"] in DOJO_SEVERITIES and d["severity"].lower() == finding.severity
        assert d["line"] == finding.line
        assert d["title"].startswith(finding.title)
        assert finding.fingerprint in d["description"]
        assert not any(s in d["description"] for s in secret_values.values())
    assert isinstance(dojo[0]["date"], datetime)


@pytest.mark.parametrize("severity", ["critical", "high", "medium", "low", "info"])
def test_every_severity_maps_to_one_gitlab_and_defectdojo_accept(severity):
    from leakscan.report.gitlab import SEVERITY

    assert SEVERITY[severity] in SCHEMA["properties"]["vulnerabilities"]["items"]["properties"]["severity"]["enum"]
    assert SEVERITY[severity] in DOJO_SEVERITIES


def test_skipped_and_warnings_become_scan_messages(rich_result):
    from leakscan.model import Skipped

    rich_result.warnings.append("baseline entry matched nothing")
    rich_result.stats.skipped.append(Skipped("big.bin", "too large (12 MB)"))
    messages = gitlab(rich_result)["scan"]["messages"]
    assert {"level": "warn", "value": "baseline entry matched nothing"} in messages
    assert any(m["value"].startswith("1 skipped: 1 too large") for m in messages)

