"""Command-line conventions users bring from gitleaks and friends: exit codes, rule and path filters,
verbosity, colour variables, examples in --help, shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from leakscan.cli import COMMANDS
from leakscan.cli.options import wants_color
from testing import secrets
from tests.cli.conftest import ROOT

KEY = secrets.glomo_key("live", "secret", seed=81)
HEX = secrets.hex_key(82)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "prod.env").write_text(f"GLOMO_SECRET_KEY={KEY}\n")
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "wallet.py").write_text(f"wallet_private_key = '0x{HEX}'\n")
    (tmp_path / "big.txt").write_text("x" * 2048)
    return tmp_path


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    for name in ("NO_COLOR", "FORCE_COLOR", "LEAKSCAN_LOG"):
        if name not in env:
            full.pop(name, None)
    return subprocess.run([sys.executable, "-m", "leakscan", *args], cwd=cwd, capture_output=True, text=True,
                          env=full)


def rules_found(proc: subprocess.CompletedProcess[str]) -> set[str]:
    return {f["rule_id"] for f in json.loads(proc.stdout)["findings"]}


def test_exit_code_sets_the_status_for_findings_only(tree):
    assert run("scan", ".", "--exit-code", "7", "--format", "json", cwd=tree).returncode == 7
    assert run("scan", "big.txt", "--exit-code", "7", cwd=tree).returncode == 0
    bad = run("scan", ".", "--exit-code", "2", cwd=tree)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--exit-code 2" in bad.stderr


def test_exclude_glob_skips_matching_paths(tree):
    proc = run("scan", ".", "--format", "json", "--exclude", "fixtures/**", cwd=tree)
    assert {f["path"] for f in json.loads(proc.stdout)["findings"]} == {"prod.env"}


def test_disable_and_enable_rule(tree):
    everything = rules_found(run("scan", ".", "--format", "json", cwd=tree))
    assert {"glomo-api-key", "hex-private-key"} <= everything
    assert "glomo-api-key" not in rules_found(run("scan", ".", "--format", "json", "--disable-rule", "glomo-api-key",
                                                  cwd=tree))
    assert rules_found(run("scan", ".", "--format", "json", "--enable-rule", "hex-private-key", cwd=tree)) == {
        "hex-private-key"}


@pytest.mark.parametrize("flag", ["--enable-rule", "--disable-rule"])
def test_an_unknown_rule_is_one_error_line(tree, flag):
    proc = run("scan", ".", flag, "glomo-api-kee", cwd=tree)
    assert proc.returncode == 2 and proc.stderr == f"leakscan: error: {flag}: no such rule: glomo-api-kee (see leakscan rules list)\n"


def test_quiet_keeps_the_report_and_drops_the_stderr_summary(tree):
    loud = run("scan", ".", "--format", "jsonl", cwd=tree)
    quiet = run("scan", ".", "--format", "jsonl", "-q", cwd=tree)
    assert "finding" in loud.stderr and quiet.stderr == "" and quiet.stdout == loud.stdout


def test_verbose_levels_and_the_environment(tree):
    info = run("scan", ".", "-v", "--max-file-size", "1KB", "--format", "json", "-o", "r.json", cwd=tree)
    assert "leakscan: INFO: scanned" in info.stderr and "skipped big.txt" not in info.stderr
    debug = run("scan", ".", "-vv", "--max-file-size", "1KB", "--format", "json", "-o", "r.json", cwd=tree)
    assert "leakscan: DEBUG: skipped big.txt" in debug.stderr
    env = run("scan", ".", "--format", "json", "-o", "r.json", cwd=tree, LEAKSCAN_LOG="info")
    assert "leakscan: INFO: config:" in env.stderr
    assert "DEBUG: skipped" in run("scan", ".", "--log-level", "debug", "--max-file-size", "1KB", "--format", "json",
                                   "-o", "r.json", cwd=tree).stderr
    for proc in (info, debug, env):
        assert KEY not in proc.stderr and HEX not in proc.stderr
    bad = run("scan", ".", cwd=tree, LEAKSCAN_LOG="loud")
    assert bad.returncode == 2 and "LEAKSCAN_LOG=loud" in bad.stderr


@pytest.mark.parametrize(("tty", "env", "expected"), [
    (True, {}, True),
    (False, {}, False),
    (True, {"TERM": "dumb"}, False),
    (False, {"FORCE_COLOR": "1"}, True),
    (True, {"TERM": "dumb", "FORCE_COLOR": "1"}, True),
    (False, {"FORCE_COLOR": "0"}, False),
    (True, {"NO_COLOR": "", "FORCE_COLOR": "1"}, False),
], ids=["tty", "pipe", "dumb-terminal", "force-color", "force-beats-dumb", "force-color-0", "no-color-wins"])
def test_colour_follows_the_terminal_and_the_variables(tty, env, expected):
    assert wants_color(tty, env) is expected


def test_force_color_colours_a_pipe(tree):
    assert "\x1b[" in run("scan", "prod.env", cwd=tree, FORCE_COLOR="1").stdout
    assert "\x1b[" not in run("scan", "prod.env", cwd=tree).stdout


@pytest.mark.parametrize("command", ["", *sorted(COMMANDS)])
def test_help_shows_an_example(tmp_path, command):
    proc = run(*([command] if command else []), "--help", cwd=tmp_path)
    assert proc.returncode == 0
    example = proc.stdout.split("Examples:\n", 1)[1].splitlines()[0].strip()
    assert "leakscan " + (command or "") in example, example


def test_shell_completion(tmp_path):
    script = run(cwd=tmp_path, _LEAKSCAN_COMPLETE="bash_source")
    assert script.returncode == 0 and "complete -o nosort -F _leakscan_completion leakscan" in script.stdout
    words = run(cwd=tmp_path, _LEAKSCAN_COMPLETE="bash_complete", COMP_WORDS="leakscan sc", COMP_CWORD="1")
    assert "plain,scan" in words.stdout.splitlines()
