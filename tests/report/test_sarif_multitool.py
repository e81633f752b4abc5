"""GitHub's own SARIF rules (``sarif-multitool validate --rule-kind Gh``) accept leakscan's SARIF.

``.ci/run`` installs ``@microsoft/sarif-multitool`` from npm and names it in
``SARIF_MULTITOOL``; in CI a missing tool fails the test instead of skipping it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from leakscan.model import Fragment
from leakscan.report import ReportOptions, render
from leakscan.scans.files import scan_fragments
from testing import secrets


def _multitool() -> str:
    tool = os.environ.get("SARIF_MULTITOOL") or shutil.which("sarif-multitool")
    if not tool:
        if os.environ.get("CI"):
            pytest.fail("CI must provide sarif-multitool (SARIF_MULTITOOL); .ci/run installs it")
        pytest.skip("sarif-multitool not installed (npm install @microsoft/sarif-multitool)")
    return tool


def test_github_rules_accept_findings_of_every_severity_and_shown_suppressions(tmp_path: Path) -> None:
    tool = _multitool()
    fragments = [
        Fragment(f"GLOMO_SECRET_KEY={secrets.glomo_key('live', 'secret', seed=63)}\n".encode(), "server/.env"),
        Fragment(f"const pk = '{secrets.glomo_key('test', 'public', seed=64)}';\n".encode(), "web/src/Pay.tsx"),
        Fragment(f"signer_private_key = '{secrets.hex_key(65)}'  # leakscan:allow test\n".encode(), "t/k.py"),
        Fragment(f"auth = 'Basic {secrets.basic_token()}'  # gluwa\n".encode(), "server/api.py", commit="b" * 40),
    ]
    result = scan_fragments(fragments, ignore=False)
    assert len({f.severity for f in result.findings}) >= 3 and result.suppressed
    report = tmp_path / "leakscan.sarif"
    report.write_text(render("sarif", result, ReportOptions(tool_version="0.1.0", show_suppressed=True)))
    out = tmp_path / "validation.sarif"
    proc = subprocess.run([tool, "validate", str(report), "--rule-kind", "Gh", "--level", "Error;Warning",
                           "-o", str(out), "--log", "ForceOverwrite"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    problems = [(r["ruleId"], r.get("message", {}).get("arguments"))
                for r in json.loads(out.read_text())["runs"][0].get("results", [])]
    assert problems == []


def test_the_check_is_live_a_broken_report_fails_it(tmp_path: Path) -> None:
    tool = _multitool()
    result = scan_fragments([Fragment(f"K={secrets.glomo_key('live', 'secret', seed=66)}\n".encode(), "a.env")],
                            ignore=False)
    doc = json.loads(render("sarif", result, ReportOptions(tool_version="0.1.0")))
    doc["runs"][0]["results"][0]["message"] = {"id": "no-text"}  # GitHub needs the message text
    report = tmp_path / "broken.sarif"
    report.write_text(json.dumps(doc))
    out = tmp_path / "validation.sarif"
    subprocess.run([tool, "validate", str(report), "--rule-kind", "Gh", "--level", "Error;Warning",
                    "-o", str(out), "--log", "ForceOverwrite"], capture_output=True, text=True, timeout=300)
    assert {r["ruleId"] for r in json.loads(out.read_text())["runs"][0].get("results", [])} & {"GH1015", "GH1017"}
