"""A user rule that backtracks catastrophically costs a bounded time and is reported, never a hang."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import leakscan
from leakscan.config import build_config, load_config
from leakscan.model import Secret
from leakscan.scans.logs import (
    scan_logs,  # leakscan.scans.logs names the module once it is imported
)
from leakscan.suppress.allowlist import ALLOW_TIMEOUT, CompiledAllowlist
from testing import secrets
from testing.gitrepo import GitRepo

KEY = secrets.glomo_key("live", "secret", seed=81)
EVIL = """
[scan]
regex_timeout = 0.3

[[rules]]
id = "evil-token"
title = "A rule with nested quantifiers"
severity = "high"
keywords = ["xxxx"]
regex = '(?:x|x)+!'
validator = "none"
"""
# Hyperscan (no backtracking) sees the match at the end of the line, so regex reads the line, and
# tries every way of splitting the first forty x's before moving past them
BAIT = "x" * 40 + " x!\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / ".leakscan.toml").write_text(EVIL)
    (tmp_path / "app.env").write_text(f"GLOMO_SECRET_KEY={KEY}\n" + BAIT)
    return tmp_path


def skipped(result) -> list[tuple[str, str, bool]]:
    return [(s.path, s.reason, s.fault) for s in result.stats.skipped]


@pytest.mark.parametrize("engine", ["hyperscan", "regex"])
def test_a_file_scan_reports_the_rule_and_the_file_and_keeps_the_other_findings(tree, engine):
    started = time.monotonic()
    result = leakscan.scan_paths([str(tree)], engine=engine)
    assert time.monotonic() - started < 20
    assert [f.rule_id for f in result.findings] == ["glomo-api-key"]
    [(path, reason, fault)] = skipped(result)
    assert path.endswith("app.env") and fault
    assert reason.startswith("regex timeout (rule evil-token ran over 0.3s")


def test_logs_and_history_report_it_too(tree):
    logs = scan_logs([str(tree / "app.env")], load_config(tree / ".leakscan.toml"))
    assert [f.rule_id for f in logs.findings] == ["glomo-api-key"]
    assert [r.split(" (")[0] for _, r, _ in skipped(logs)] == ["regex timeout"]
    repo = GitRepo(tree / "repo")
    repo.commit("add", {"app.env": (tree / "app.env").read_text()})
    history = leakscan.scan_history(str(repo.path), tree / ".leakscan.toml")
    assert [f.rule_id for f in history.findings] == ["glomo-api-key"]
    assert [(p, r.split(" (")[0]) for p, r, _ in skipped(history)] == [("app.env", "regex timeout")]


def test_the_cli_fails_the_run_unless_skips_are_allowed(tree):
    proc = subprocess.run([sys.executable, "-m", "leakscan", "scan", ".", "--format", "json"], cwd=tree,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert [s["reason"].split(" (")[0] for s in json.loads(proc.stdout)["skipped"]] == ["regex timeout"]
    assert proc.stderr.strip().splitlines()[-1].startswith("leakscan: error: scan incomplete: 1 could not be read")
    allowed = subprocess.run([sys.executable, "-m", "leakscan", "scan", ".", "--allow-skipped"], cwd=tree,
                             capture_output=True, text=True, timeout=120)
    assert allowed.returncode == 1


def test_redaction_refuses_rather_than_leave_a_secret(tree):
    proc = subprocess.run([sys.executable, "-m", "leakscan", "redact", "app.env", "--config", ".leakscan.toml"],
                          cwd=tree, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].startswith("leakscan: error: rule evil-token: regex timed out")
    assert KEY not in proc.stdout


def test_a_bad_timeout_is_a_config_error(tmp_path):
    (tmp_path / ".leakscan.toml").write_text("[scan]\nregex_timeout = -1\n")
    proc = subprocess.run([sys.executable, "-m", "leakscan", "scan", "."], cwd=tmp_path, capture_output=True,
                          text=True)
    assert proc.returncode == 2 and "scan.regex_timeout" in proc.stderr


def test_an_allowlist_regex_that_backtracks_suppresses_nothing():
    config = build_config({"allowlist": [{"reason": "r", "regexes": ["^(?:e|e)+!"]}]}, "test")
    key = "e" * 40 + "yJ.x.y"  # never ends in "!": every split of the e's is tried
    finding = leakscan.scan_text(f"GLOMO_SECRET_KEY={KEY}\n").findings[0]
    started = time.monotonic()
    assert CompiledAllowlist(config.allowlists[0]).reason(dataclasses.replace(finding, secret=Secret(key))) is None
    assert time.monotonic() - started < ALLOW_TIMEOUT * 10
