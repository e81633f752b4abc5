"""The composite action's scripts against real repositories: shallow checkouts, force pushes, forks,
one scan with every output, pinned actions."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from testing import secrets
from testing.gitrepo import ENV, GitRepo

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
KEY = secrets.glomo_key("live", "secret", seed=121)


def step(name: str) -> dict:
    return next(s for s in ACTION["runs"]["steps"] if s["name"] == name)


def run_step(name: str, cwd: Path, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    outputs = tmp_path / f"out-{name.replace(' ', '-')}"
    outputs.write_text("")
    full = {**os.environ, **ENV, "GITHUB_OUTPUT": str(outputs), "GITHUB_ACTION_PATH": str(ROOT), **env}
    proc = subprocess.run(["bash", "-c", step(name)["run"]], cwd=cwd, env=full, capture_output=True, text=True)
    return proc, dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)


@pytest.fixture
def origin(tmp_path: Path) -> GitRepo:
    """main with 30 commits; feature adds a key in its 3rd of 10 commits, so a depth-1 clone lacks it."""
    repo = GitRepo(tmp_path / "origin")
    repo.git("config", "uploadpack.allowAnySHA1InWant", "true")  # as GitHub serves commits by sha
    for i in range(30):
        repo.commit(f"main {i}", {"app.py": f"version = {i}\n"})
    repo.git("checkout", "-q", "-b", "feature")
    for i in range(10):
        files = {f"feature_{i}.py": f"step = {i}\n"}
        if i == 2:
            files["server/pay.env"] = f"GLOMO_SECRET_KEY={KEY}\n"
        if i == 5:
            files["server/pay.env"] = "GLOMO_SECRET_KEY=${FROM_VAULT}\n"  # removed later: still in the range
        repo.commit(f"feature {i}", files)
    repo.git("checkout", "-q", "main")
    repo.commit("main moves on", {"app.py": "version = 31\n"})
    return repo


def clone(origin: GitRepo, tmp_path: Path, branch: str, depth: int | None = 1) -> Path:
    work = tmp_path / f"work-{branch}-{depth}"
    args = ["git", "clone", "-q", "--no-tags", "--branch", branch, f"file://{origin.path}", str(work)]
    if depth:
        args[2:2] = ["--depth", str(depth)]
    subprocess.run(args, check=True, capture_output=True, env={**os.environ, **ENV})
    return work


def shim(tmp_path: Path) -> str:
    path = tmp_path / "leakscan"
    path.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m leakscan "$@"\n')
    path.chmod(0o755)
    return str(path)


def gate(work: Path, tmp_path: Path, base: str, head: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    """The range step, then the scan step, as the runner chains them."""
    proc, out = run_step("Make the range available", work, tmp_path, LEAKSCAN_BASE=base, LEAKSCAN_HEAD=head,
                         LEAKSCAN_REPO=".")
    if proc.returncode:
        return proc, out
    summary = tmp_path / "step-summary.md"
    scanned, scan_out = run_step("Scan the commits", work, tmp_path, LEAKSCAN_BIN=shim(tmp_path),
                                 LEAKSCAN_RANGE=out["range"], LEAKSCAN_REPO=".", LEAKSCAN_BASELINE="",
                                 LEAKSCAN_CONFIG="", LEAKSCAN_FAIL_ON="low", LEAKSCAN_SARIF="leakscan.sarif",
                                 LEAKSCAN_ANNOTATIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    return scanned, {**out, **scan_out, "summary": summary.read_text() if summary.exists() else ""}


def test_pull_request_in_a_shallow_checkout_of_the_base_finds_a_key_below_the_tip(origin, tmp_path):
    base, head = origin.git("rev-parse", "main"), origin.git("rev-parse", "feature")
    work = clone(origin, tmp_path, "main")  # depth 1: neither the head nor the merge base is there
    proc, out = gate(work, tmp_path, base, head)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert out["range"] == f"{base}..{head}" and out["exit-code"] == "1"
    assert "::error file=server/pay.env" in proc.stdout
    assert "## leakscan: **1 finding(s)" in out["summary"] and KEY not in out["summary"] + proc.stdout


def test_push_with_a_before_outside_a_shallow_checkout(origin, tmp_path):
    before = origin.git("rev-parse", "feature~9")  # the key arrives in feature~7
    work = clone(origin, tmp_path, "feature")
    proc, out = gate(work, tmp_path, before, origin.git("rev-parse", "feature"))
    assert proc.returncode == 0 and out["exit-code"] == "1", proc.stdout + proc.stderr


def test_a_full_checkout_needs_no_fetch(origin, tmp_path):
    work = clone(origin, tmp_path, "feature", depth=None)
    os.rename(work / ".git" / "config", work / ".git" / "config.bak")  # no remote: any fetch would fail
    (work / ".git" / "config").write_text("[core]\n\trepositoryformatversion = 0\n\tbare = false\n")
    proc, out = run_step("Make the range available", work, tmp_path, LEAKSCAN_BASE=origin.git("rev-parse", "main"),
                         LEAKSCAN_HEAD=origin.git("rev-parse", "feature"), LEAKSCAN_REPO=".")
    assert proc.returncode == 0 and out["range"].count("..") == 1, proc.stdout + proc.stderr


def test_a_force_pushed_before_fails_in_one_line_naming_the_fix(origin, tmp_path):
    elsewhere = GitRepo(tmp_path / "elsewhere")
    gone = elsewhere.commit("never pushed", {"x.py": "x = 1\n"})
    work = clone(origin, tmp_path, "feature")
    proc, _ = gate(work, tmp_path, gone, origin.git("rev-parse", "feature"))
    assert proc.returncode == 2
    [line] = proc.stdout.splitlines()
    assert line.startswith("::error title=leakscan::base commit") and "fetch-depth: 0" in line


def test_a_new_branch_in_a_shallow_checkout_says_to_fetch_the_history(origin, tmp_path):
    work = clone(origin, tmp_path, "feature")
    proc, _ = gate(work, tmp_path, "0" * 40, origin.git("rev-parse", "feature"))
    assert proc.returncode == 2 and "fetch-depth: 0" in proc.stdout and proc.stdout.count("\n") == 1


def test_a_new_branch_with_full_history_scans_all_of_it(origin, tmp_path):
    work = clone(origin, tmp_path, "feature", depth=None)
    proc, out = gate(work, tmp_path, "0" * 40, origin.git("rev-parse", "feature"))
    assert proc.returncode == 0 and out["range"] == "" and out["exit-code"] == "1", proc.stdout + proc.stderr


def test_forks_skip_the_upload_with_a_notice_and_still_fail():
    upload = step("Upload SARIF to code scanning")
    assert "!github.event.pull_request.head.repo.fork" in upload["if"]
    assert upload["with"]["category"] == "${{ inputs.category }}" and ACTION["inputs"]["category"]["default"]
    notice = step("Skip the upload from a fork")
    assert "github.event.pull_request.head.repo.fork" in notice["if"] and "::notice" in notice["run"]
    assert "fork" not in step("Fail the check on findings")["if"]


def test_third_party_actions_are_pinned_by_full_sha_and_codeql_is_v4():
    uses = [s["uses"] for s in ACTION["runs"]["steps"] if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", u) for u in uses), uses
    text = (ROOT / "action.yml").read_text()
    assert re.search(r"codeql-action/upload-sarif@[0-9a-f]{40} # v4\.", text)


def test_install_is_cached_on_leakscans_own_dependencies():
    key = step("Cache key for leakscan's environment")["run"]
    assert "pyproject.toml" in key and "sys.version" in key
    cache = step("Restore leakscan's environment")
    assert cache["with"]["key"] == "${{ steps.env-key.outputs.key }}"
    assert "--version" in step("Install leakscan")["run"]  # a stale cached venv is rebuilt, not trusted


def test_scripts_take_inputs_only_from_env():
    for s in ACTION["runs"]["steps"]:
        assert "${{" not in s.get("run", ""), s["name"]
