"""leakscan's own files (ignore file, baseline, its reports) never yield findings of their fingerprints.

A fingerprint is 64 hex digits, the shape of a private key: ignoring a finding must not create a
new one, and a report left in the tree must not report the report.  A report written with
``--show-secrets`` holds real secrets, and those are still found.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from testing import secrets

HEX = secrets.hex_key(95)
FORMATS = {"json": "report.json", "sarif": "report.sarif", "csv": "report.csv", "junit": "report.xml",
           "github": "report.github.txt", "text": "report.txt"}


def leakscan(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leakscan", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def findings(cwd: Path, *paths: str) -> list[tuple[str, str]]:
    doc = json.loads(leakscan(cwd, "scan", *paths, "--format", "json").stdout)
    return [(f["rule_id"], f["path"]) for f in doc["findings"]]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "wallet.py").write_text(f'PRIVATE_KEY = "0x{HEX}"\n')
    (tmp_path / "second.py").write_text(f'SIGNER_KEY = "{secrets.hex_key(96)}"\n')
    for fmt, name in FORMATS.items():
        proc = leakscan(tmp_path, "scan", ".", "--format", fmt, "--output", name)
        assert proc.returncode == 1, proc.stderr
    return tmp_path


def test_reports_in_every_format_report_nothing_of_their_own(tree):
    assert sorted(findings(tree)) == [("hex-private-key", "second.py"), ("hex-private-key", "wallet.py")]
    for name in FORMATS.values():  # and each report alone, however many times reports were rewritten
        assert findings(tree, name) == [], name


def test_an_ignore_file_and_a_baseline_are_not_findings(tree):
    doc = json.loads((tree / "report.json").read_text())
    fps = {f["path"]: f["fingerprint"] for f in doc["findings"]}
    (tree / ".leakscanignore").write_text(f"{fps['wallet.py']}\n{fps['second.py']} 2099-01-01 # reviewed test keys\n")
    assert findings(tree, ".leakscanignore") == []
    proc = leakscan(tree, "scan", ".", "--format", "json")
    assert proc.returncode == 0, proc.stdout  # both accepted, and nothing new created by accepting them
    assert json.loads(proc.stdout)["summary"]["suppressed"] == 2
    (tree / ".leakscanignore").unlink()
    assert leakscan(tree, "baseline", "create", ".").returncode == 0
    assert findings(tree, ".leakscan-baseline.json") == []


def test_a_report_with_secrets_shown_is_still_found(tree):
    proc = leakscan(tree, "scan", "wallet.py", "--format", "json", "--show-secrets", "--output", "leaked.json")
    assert proc.returncode == 1
    assert set(findings(tree, "leaked.json")) == {("hex-private-key", "leaked.json")}
    proc = leakscan(tree, "scan", "wallet.py", "--format", "csv", "--show-secrets", "--output", "leaked.csv")
    assert set(findings(tree, "leaked.csv")) == {("hex-private-key", "leaked.csv")}


def test_a_key_in_an_ignore_file_line_that_is_not_a_fingerprint_slot_is_found(tmp_path):
    """Only the fingerprint at the start of a line is exempt: a key pasted into the reason is not."""
    (tmp_path / ".leakscanignore").write_text(f"{'ab' * 32} # the old key was PRIVATE_KEY=0x{HEX}\n")
    assert findings(tmp_path, ".leakscanignore") == [("hex-private-key", ".leakscanignore")]
