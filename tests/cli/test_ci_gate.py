"""End to end: the pull-request gate, run as the GitHub Action runs it.

main holds an old secret, accepted in the committed baseline; a PR branch adds a
new one and also reuses the old one in a new file (an added line the range scan sees). The gate fails with exactly the new finding, in
SARIF and in annotations; once the PR branch is rewritten without the secret, it passes.
Needs ``leakscan git --range`` (branch i4).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from leakscan.cli import COMMANDS
from leakscan.report.sarif import FINGERPRINT_KEY
from testing import secrets

ROOT = Path(__file__).resolve().parents[2]
OLD = secrets.hex_key(101)
NEW = secrets.glomo_key("live", "secret", seed=102)

needs_git = pytest.mark.skipif("git" not in COMMANDS, reason="needs `leakscan git --range` (branch i4)")


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com",
           "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com", "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=env).stdout.strip()


def commit(repo: Path, message: str, files: dict[str, str | None]) -> str:
    for name, text in files.items():
        if text is None:
            git(repo, "rm", "-q", name)
        else:
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            (repo / name).write_text(text)
            git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path, leakscan):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "commit.gpgsign", "false")
    commit(repo, "wallet", {"legacy/wallet.py": f"private_key = '{OLD}'\n", "README.md": "demo\n"})
    made = leakscan("baseline", "create", "--git", ".", "--reason", "legacy wallet, rotation SEC-7", cwd=repo)
    assert made.returncode == 0, made.stderr
    commit(repo, "accept the legacy wallet", {".leakscan-baseline.json": (repo / ".leakscan-baseline.json").read_text()})
    git(repo, "checkout", "-q", "-b", "pr")
    commit(repo, "payments, and sign with the legacy wallet", {
        "deploy/signing.py": f"import os\n\nSIGNING_PRIVATE_KEY = '{OLD}'\n",
        "app/payments.py": f'import requests\n\nGLOMO_SECRET_KEY = "{NEW}"\n',
    })
    return repo


def gate(leakscan, repo: Path, fmt: str, *extra: str):
    return leakscan("git", ".", "--range", "main..pr", "--baseline", ".leakscan-baseline.json",
                    "--format", fmt, *extra, cwd=repo)


def unsuppressed(doc: dict) -> list[dict]:
    return [r for r in doc["runs"][0]["results"] if not r.get("suppressions")]


def new_fingerprint(leakscan, repo: Path) -> str:
    doc = json.loads(leakscan("scan", "app/payments.py", "--format", "json", cwd=repo).stdout)
    return doc["findings"][0]["fingerprint"]


@needs_git
def test_gate_fails_with_exactly_the_new_finding_then_passes_after_the_fix(repo, leakscan):
    fp = new_fingerprint(leakscan, repo)
    proc = gate(leakscan, repo, "sarif", "--output", "gate.sarif")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads((repo / "gate.sarif").read_text())
    jsonschema.validate(doc, json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text()))
    [result] = unsuppressed(doc)
    assert result["ruleId"] == "glomo-api-key" and result["partialFingerprints"] == {FINGERPRINT_KEY: fp}
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "app/payments.py" and location["region"]["startLine"] == 3
    assert result["properties"]["commit"] == git(repo, "rev-parse", "pr")
    # the legacy key, seen again on an added line, is suppressed by the baseline: no alert for it
    assert not [r for r in doc["runs"][0]["results"] if r.get("suppressions")]
    assert len(doc["runs"][0]["results"]) == 1
    # ... and listed with its suppression when asked
    gate(leakscan, repo, "sarif", "--output", "gate.sarif", "--show-suppressed")
    doc = json.loads((repo / "gate.sarif").read_text())
    [legacy] = [r for r in doc["runs"][0]["results"] if r.get("suppressions")]
    assert legacy["ruleId"] == "hex-private-key"
    assert legacy["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "deploy/signing.py"
    [suppression] = legacy["suppressions"]
    assert suppression["kind"] == "external" and "legacy wallet, rotation SEC-7" in suppression["justification"]

    annotations = gate(leakscan, repo, "github")
    assert annotations.returncode == 1
    [error] = [line for line in annotations.stdout.splitlines() if line.startswith("::error")]
    assert error.startswith("::error file=app/payments.py,line=3,")
    assert NEW not in annotations.stdout and OLD not in (repo / "gate.sarif").read_text()

    # the fix: the PR branch is rewritten so the key never enters history (it is rotated, read from env)
    git(repo, "reset", "-q", "--hard", "main")
    commit(repo, "payments, and sign with the legacy wallet", {
        "deploy/signing.py": f"import os\n\nSIGNING_PRIVATE_KEY = '{OLD}'\n",
        "app/payments.py": 'import os\n\nGLOMO_SECRET_KEY = os.environ["GLOMO_SECRET_KEY"]\n',
    })
    fixed = gate(leakscan, repo, "sarif", "--output", "gate.sarif")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    after = json.loads((repo / "gate.sarif").read_text())
    assert after["runs"][0]["results"] == []  # the baselined legacy key opens no alert
    # without the baseline the same range fails on the legacy key: the baseline is what lets it pass
    assert leakscan("git", ".", "--range", "main..pr", "--no-baseline", cwd=repo).returncode == 1
    # … and the committed .leakscan-baseline.json is used by default, as by every command
    assert leakscan("git", ".", "--range", "main..pr", cwd=repo).returncode == 0


def _action_step(name: str) -> dict:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    return next(step for step in action["runs"]["steps"] if step["name"] == name)


def _run_action_scan(repo: Path, tmp_path: Path, base: str, head: str) -> tuple[dict[str, str], str]:
    """The action's range and scan steps, as the runner would run them, with leakscan from this checkout."""
    shim = tmp_path / "leakscan-shim"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m leakscan "$@"\n')
    shim.chmod(0o755)
    outputs = tmp_path / "github_output"
    outputs.write_text("")
    env = {**os.environ, "GITHUB_OUTPUT": str(outputs), "GITHUB_ACTION_PATH": str(ROOT), "LEAKSCAN_BIN": str(shim),
           "LEAKSCAN_BASE": base, "LEAKSCAN_HEAD": head, "LEAKSCAN_REPO": ".",
           "LEAKSCAN_BASELINE": ".leakscan-baseline.json", "LEAKSCAN_CONFIG": "", "LEAKSCAN_FAIL_ON": "low",
           "LEAKSCAN_SARIF": "leakscan.sarif", "LEAKSCAN_ANNOTATIONS": "true"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    stdout = ""
    for step in ("Make the range available", "Scan the commits"):
        proc = subprocess.run(["bash", "-c", _action_step(step)["run"]], cwd=repo, env=env,
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        stdout += proc.stdout
        found = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
        env["LEAKSCAN_RANGE"] = found.get("range", "")
    outputs_found = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    outputs_found.pop("range")
    return outputs_found, stdout


@needs_git
def test_the_action_scan_step_flags_the_pr_and_clears_after_the_fix(repo, tmp_path, leakscan):
    base, head = git(repo, "rev-parse", "main"), git(repo, "rev-parse", "pr")
    outputs, stdout = _run_action_scan(repo, tmp_path, base, head)
    assert outputs == {"exit-code": "1", "sarif-file": "leakscan.sarif"}
    assert len(unsuppressed(json.loads((repo / "leakscan.sarif").read_text()))) == 1
    assert [line.split(",")[0] for line in stdout.splitlines() if line.startswith("::error")] == [
        "::error file=app/payments.py"]
    git(repo, "reset", "-q", "--hard", "main")
    fixed_head = commit(repo, "payments", {"app/payments.py": "import os\n"})
    outputs, stdout = _run_action_scan(repo, tmp_path, base, fixed_head)
    assert outputs["exit-code"] == "0" and "::error" not in stdout


def test_action_is_a_composite_that_uploads_sarif_and_fails_the_check():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    install = _action_step("Install leakscan")["run"]
    assert 'pip install' in install and '"$GITHUB_ACTION_PATH"' in install
    scan = (ROOT / "action" / "scan.sh").read_text()
    assert '--range "$LEAKSCAN_RANGE"' in scan and "--format sarif --output" in scan
    assert "range=$base..$head" in (ROOT / "action" / "range.sh").read_text()
    [upload] = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    assert upload["with"]["sarif_file"] == "${{ steps.scan.outputs.sarif-file }}"
    assert _action_step("Fail the check on findings")["if"] == "${{ steps.scan.outputs.exit-code == '1' }}"
    # inputs reach scripts only through env: no expression is spliced into a script (script injection)
    assert all("${{" not in s.get("run", "") for s in steps)
