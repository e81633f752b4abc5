from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from leakscan.model import Fragment, ScanResult
from leakscan.report import ReportOptions, render
from leakscan.report.sarif import FINGERPRINT_KEY, SECURITY_SEVERITY
from leakscan.scans.files import scan_fragments
from testing import secrets

SCHEMA = json.loads((Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json").read_text())


def sarif(result: ScanResult, **options: object) -> dict:
    doc = json.loads(render("sarif", result, ReportOptions(tool_version="0.1.0", **options)))
    jsonschema.validate(doc, SCHEMA)
    return doc


def test_valid_against_the_schema_with_findings_and_suppressions(rich_result):
    doc = sarif(rich_result, show_suppressed=True)
    assert doc["version"] == "2.1.0"
    [run] = doc["runs"]
    assert len(run["results"]) == len(rich_result.findings) + len(rich_result.suppressed) == 6


def test_suppressed_findings_are_left_out_by_default(rich_result):
    """GitHub opens an alert for every result, suppressions or not: a baselined secret must not."""
    [run] = sarif(rich_result)["runs"]
    assert len(run["results"]) == len(rich_result.findings) == 3
    assert not any("suppressions" in r for r in run["results"])
    suppressed = {s.finding.fingerprint for s in rich_result.suppressed}
    assert not suppressed & {r["partialFingerprints"][FINGERPRINT_KEY] for r in run["results"]}


def github_severity(score: str) -> str:
    """How GitHub code scanning buckets a rule's security-severity (its documented thresholds)."""
    value = float(score)
    return "critical" if value >= 9.0 else "high" if value >= 7.0 else "medium" if value >= 4.0 else "low"


def test_each_result_shows_its_own_severity_the_way_github_reads_it():
    """GitHub reads security-severity from the rule a result points at, never from the result."""
    live = secrets.glomo_key("live", "secret", seed=61)
    public_test = secrets.glomo_key("test", "public", seed=62)
    result = scan_fragments([Fragment(f"GLOMO_SECRET_KEY={live}\n".encode(), "server/.env"),
                             Fragment(f"const pk = '{public_test}';\n".encode(), "web/src/components/Pay.tsx")])
    assert sorted(f.severity for f in result.findings) == ["critical", "info"]
    [run] = sarif(result)["runs"]
    rules = run["tool"]["driver"]["rules"]
    by_fp = {f.fingerprint: f for f in result.findings}
    for res in run["results"]:
        rule = next(r for r in rules if r["id"] == res["ruleId"])  # GitHub resolves by id
        assert rules[res["ruleIndex"]] is rule
        finding = by_fp[res["partialFingerprints"][FINGERPRINT_KEY]]
        assert rule["properties"]["security-severity"] == SECURITY_SEVERITY[finding.severity]
        expected = "low" if finding.severity == "info" else finding.severity  # GitHub has no info
        assert github_severity(rule["properties"]["security-severity"]) == expected
        assert res["properties"]["rule_id"] == rule["properties"]["leakscan-rule-id"] == "glomo-api-key"
    assert {r["ruleId"] for r in run["results"]} == {"glomo-api-key", "glomo-api-key/info"}


def test_valid_and_complete_when_nothing_is_found(empty_result):
    [run] = sarif(empty_result)["runs"]
    assert run["results"] == []
    # every rule is declared even when none fired, so a closed alert can be told from an unknown rule
    assert {"glomo-api-key", "hex-private-key", "gluwa-basic-token"} <= {r["id"] for r in run["tool"]["driver"]["rules"]}


def test_rules_carry_what_github_code_scanning_reads(rich_result):
    [run] = sarif(rich_result)["runs"]
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith("**")
        assert 0.0 < float(rule["properties"]["security-severity"]) <= 10.0
        assert {"security", "secret", "external/cwe/cwe-798"} <= set(rule["properties"]["tags"])
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["glomo-api-key"]["properties"]["security-severity"] == SECURITY_SEVERITY["critical"]


def test_results_locate_the_secret_and_point_at_their_rule(rich_result):
    [run] = sarif(rich_result)["runs"]
    rules = run["tool"]["driver"]["rules"]
    by_fp = {f.fingerprint: f for f in rich_result.findings}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        fp = result["partialFingerprints"][FINGERPRINT_KEY]
        if fp not in by_fp:
            continue
        finding = by_fp[fp]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            finding.line, finding.column, finding.end_line, finding.end_column)
        assert "****" in region["snippet"]["text"]
        expected_level = {"critical": "error", "high": "error", "medium": "warning"}.get(finding.severity, "note")
        assert result["level"] == expected_level
        assert finding.title in result["message"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"


def test_paths_are_uri_references_relative_to_the_source_root(rich_result):
    [run] = sarif(rich_result)["runs"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "config/prod%20settings%2Cv1%3A%25.env" in uris
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
               for r in run["results"])


def test_fingerprint_follows_the_secret_not_the_line_or_commit():
    key = secrets.glomo_key("live", "secret", seed=5)
    before = scan_fragments([Fragment(f"K={key}\n".encode(), "a.env", commit="1" * 40)])
    after = scan_fragments([Fragment(f"\n\n# moved\nKEY = {key}\n".encode(), "b.env", commit="2" * 40)])
    fp = [sarif(r)["runs"][0]["results"][0]["partialFingerprints"] for r in (before, after)]
    assert fp[0] == fp[1] == {FINGERPRINT_KEY: before.findings[0].fingerprint}


def test_suppressed_findings_with_show_suppressed_are_results_with_suppressions(rich_result):
    [run] = sarif(rich_result, show_suppressed=True)["runs"]
    kinds = {}
    for result in run["results"]:
        for s in result.get("suppressions", []):
            kinds[s["properties"]["leakscan-kind"]] = s
    assert set(kinds) == {"inline", "ignore", "baseline"}
    assert kinds["inline"]["kind"] == "inSource" and "test vector" in kinds["inline"]["justification"]
    assert kinds["ignore"]["kind"] == "external" and "dev-only test key" in kinds["ignore"]["justification"]
    assert kinds["baseline"]["kind"] == "external" and "2025 audit" in kinds["baseline"]["justification"]
    unsuppressed = [r for r in run["results"] if "suppressions" not in r]
    assert len(unsuppressed) == len(rich_result.findings)


def test_commit_provenance_goes_in_properties(rich_result):
    [run] = sarif(rich_result)["runs"]
    [result] = [r for r in run["results"] if r["ruleId"] == "gluwa-basic-token"]
    assert result["properties"]["commit"] == "a" * 40
    assert result["properties"]["provenance"]["author"] == "Dev <dev@example.com>"
    # commit metadata never enters the fingerprint GitHub deduplicates on
    assert "a" * 40 not in json.dumps(result["partialFingerprints"])


@pytest.mark.parametrize("show", [False, True], ids=["redacted", "show-secrets"])
def test_secret_shown_whole_only_with_show_secrets(rich_result, secret_values, show):
    text = render("sarif", rich_result, ReportOptions(show_secrets=show))
    assert (secret_values["glomo"] in text) is show


def test_warnings_become_tool_notifications(rich_result):
    rich_result.warnings.append(".leakscanignore:3: entry 0123456789ab expired on 2020-01-01")
    [run] = sarif(rich_result)["runs"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("expired" in n["message"]["text"] and n["level"] == "warning" for n in notes)


def test_a_custom_rule_from_config_is_declared_from_its_findings():
    from leakscan.config import build_config

    config = build_config({"rules": [{
        "id": "acme-token", "title": "ACME deploy token", "description": "An ACME deploy token.",
        "severity": "high", "regex": r"(?P<secret>acme_[a-z0-9]{24})", "validator": "none",
        "keywords": ["acme_"], "remediation": "Revoke it in the ACME console."}]}, "test.toml")
    result = scan_fragments([Fragment(b"token = acme_q8v2m4x7t1p9r3k6w5z0n2b8\n", "ci.yml")], config)
    [run] = sarif(result)["runs"]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["acme-token"]["shortDescription"]["text"] == "ACME deploy token"
    assert rules["acme-token"]["help"]["text"].endswith("Fix: Revoke it in the ACME console.")
    [result_] = run["results"]
    assert run["tool"]["driver"]["rules"][result_["ruleIndex"]]["id"] == "acme-token"
