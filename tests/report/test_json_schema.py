"""docs/json-report.schema.json is the JSON report's contract: real output validates, and says nothing it omits."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from leakscan.report import ReportOptions, render
from leakscan.report.json import SCHEMA_VERSION

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "json-report.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def finding_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/finding"})


def test_the_schema_is_itself_valid():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("show_suppressed", [False, True], ids=["plain", "show-suppressed"])
def test_reports_validate(rich_result, empty_result, show_suppressed):
    for result in (rich_result, empty_result):
        doc = json.loads(render("json", result, ReportOptions(show_suppressed=show_suppressed)))
        VALIDATOR.validate(doc)
        assert doc["schema_version"] == SCHEMA_VERSION


def test_every_key_the_report_writes_is_documented(rich_result):
    doc = json.loads(render("json", rich_result, ReportOptions(show_suppressed=True)))
    defs = SCHEMA["$defs"]
    assert set(doc) <= set(SCHEMA["properties"])
    assert set(doc["summary"]) <= set(defs["summary"]["properties"])
    documented = set(defs["finding"]["properties"]) | set(defs["suppressed_finding"]["properties"])
    for record in doc["findings"] + doc["suppressed"]:
        assert set(record) <= documented, set(record) - documented


def test_jsonl_lines_are_schema_findings(rich_result):
    validator = finding_validator()
    for line in render("jsonl", rich_result, ReportOptions(show_suppressed=True)).splitlines():
        validator.validate(json.loads(line))


def test_schema_version_major_matches_the_schema():
    assert SCHEMA_VERSION.split(".")[0] == "1"
    jsonschema.validate(SCHEMA_VERSION, SCHEMA["properties"]["schema_version"])
