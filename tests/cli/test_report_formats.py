"""The CI formats through the real command line: files GitLab collects, JSON Lines on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from testing import secrets

KEY = secrets.glomo_key("live", "secret", seed=41)
HEX = secrets.hex_key(42)
GITLAB_SCHEMA = json.loads((Path(__file__).parents[1] / "data" /
                            "gitlab-secret-detection-report-format-15.2.4.json").read_text())
JSON_SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "json-report.schema.json").read_text())


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "prod.env").write_text(f"GLOMO_SECRET_KEY={KEY}\n")
    (root / "deploy.py").write_text(f"wallet_private_key = '0x{HEX}'\n")
    return root


def test_gitlab_report_file(repo, leakscan):
    proc = leakscan("scan", ".", "--format", "gitlab", "--output", "gl-secret-detection-report.json", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads((repo / "gl-secret-detection-report.json").read_text())
    jsonschema.validate(doc, GITLAB_SCHEMA)
    assert {v["location"]["file"] for v in doc["vulnerabilities"]} == {"prod.env", "deploy.py"}
    assert KEY not in proc.stdout + proc.stderr + json.dumps(doc)


def test_codeclimate_report_file(repo, leakscan):
    proc = leakscan("scan", ".", "--format", "codeclimate", "-o", "gl-code-quality-report.json", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    issues = json.loads((repo / "gl-code-quality-report.json").read_text())
    assert {i["location"]["path"] for i in issues} == {"prod.env", "deploy.py"}


def test_jsonl_on_stdout_and_the_summary_on_stderr(repo, leakscan):
    proc = leakscan("scan", ".", "--format", "jsonl", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    validator = jsonschema.Draft202012Validator({"$defs": JSON_SCHEMA["$defs"], "$ref": "#/$defs/finding"})
    for record in records:
        validator.validate(record)
    assert {r["path"] for r in records} == {"prod.env", "deploy.py"}
    assert "2 finding" in proc.stderr


def test_json_report_validates_against_the_documented_schema(repo, leakscan):
    proc = leakscan("scan", ".", "--format", "json", "--show-suppressed", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    jsonschema.Draft202012Validator(JSON_SCHEMA).validate(json.loads(proc.stdout))


def test_one_scan_writes_several_reports(repo, leakscan):
    proc = leakscan("scan", ".", "--format", "sarif", "-o", "leakscan.sarif", "--report", "github=-",
                    "--report", "markdown=summary.md", "--report", "gitlab=gl.json", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    assert json.loads((repo / "leakscan.sarif").read_text())["runs"][0]["results"]
    assert proc.stdout.count("::error file=") == 2
    assert (repo / "summary.md").read_text().startswith("## leakscan: **2 finding(s)")
    jsonschema.validate(json.loads((repo / "gl.json").read_text()), GITLAB_SCHEMA)


@pytest.mark.parametrize("value", ["sarif", "nope=x.txt", "json="])
def test_a_malformed_report_option_is_one_error_line(repo, leakscan, value):
    proc = leakscan("scan", ".", "--report", value, cwd=repo)
    assert proc.returncode == 2 and proc.stderr.startswith(f"leakscan: error: --report {value}: expected FORMAT=FILE")
