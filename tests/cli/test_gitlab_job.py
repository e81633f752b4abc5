"""docs/ci.md's GitLab job, pasted as a user would: its script run by bash in a real repository."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from testing import secrets
from testing.gitrepo import GitRepo

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests" / "data" / "gitlab-secret-detection-report-format-15.2.4.json").read_text())
OLD = secrets.hex_key(111)
NEW = secrets.glomo_key("live", "secret", seed=112)


def gitlab_job() -> dict:
    text = (ROOT / "docs" / "ci.md").read_text()
    section = text[text.index("## GitLab CI"):]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block, "docs/ci.md has no GitLab job"
    return yaml.safe_load(block.group(1))["leakscan"]


def run_job(job: dict, repo: Path, bin_dir: Path, **ci_vars: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1", **ci_vars}
    if "CI_MERGE_REQUEST_DIFF_BASE_SHA" not in ci_vars:  # a branch pipeline, even when run inside GitLab CI
        env.pop("CI_MERGE_REQUEST_DIFF_BASE_SHA", None)
    script = "set -e\n" + "\n".join(job["script"])
    return subprocess.run(["bash", "-c", script], cwd=repo, env=env, capture_output=True, text=True)


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """``leakscan`` on PATH as ``pip install leakscan`` would put it, running this checkout."""
    d = tmp_path / "bin"
    d.mkdir()
    shim = d / "leakscan"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m leakscan "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    return d


def test_the_job_collects_both_reports():
    job = gitlab_job()
    assert job["artifacts"]["reports"] == {"secret_detection": "gl-secret-detection-report.json",
                                           "codequality": "gl-code-quality-report.json"}
    assert job["artifacts"]["when"] == "always" and job["variables"]["GIT_DEPTH"] == "0"


def test_merge_request_pipeline_reports_and_fails_on_the_new_secret(tmp_path, bin_dir):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("wallet", {"legacy/wallet.py": f"private_key = '{OLD}'\n"})
    made = subprocess.run(["leakscan", "baseline", "create", "--git", ".", "--reason", "legacy, SEC-7"],
                          cwd=repo.path, env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    base = repo.commit("baseline", {".leakscan-baseline.json": (repo.path / ".leakscan-baseline.json").read_text()})
    repo.git("checkout", "-q", "-b", "feature")
    head = repo.commit("pay", {"server/pay.env": f"GLOMO_SECRET_KEY={NEW}\n"})

    job = gitlab_job()
    proc = run_job(job, repo.path, bin_dir, CI_MERGE_REQUEST_DIFF_BASE_SHA=base, CI_COMMIT_SHA=head)
    assert proc.returncode == 1, proc.stderr
    report = json.loads((repo.path / "gl-secret-detection-report.json").read_text())
    jsonschema.validate(report, SCHEMA)
    [vuln] = report["vulnerabilities"]
    assert vuln["location"]["file"] == "server/pay.env" and vuln["location"]["commit"]["sha"] == head
    [issue] = json.loads((repo.path / "gl-code-quality-report.json").read_text())
    assert issue["location"]["path"] == "server/pay.env"
    assert NEW not in proc.stdout + proc.stderr + json.dumps(report)

    # the default-branch pipeline scans the tree; the baselined wallet key does not fail it
    repo.git("checkout", "-q", "main")
    proc = run_job(job, repo.path, bin_dir, CI_COMMIT_SHA=base)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((repo.path / "gl-secret-detection-report.json").read_text())["vulnerabilities"] == []
