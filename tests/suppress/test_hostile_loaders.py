"""Config, baseline and ignore-file loaders on hostile input: one config error, never a crash."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import leakscan
from leakscan.sources.ignore import LazySpec


def leakscan_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leakscan", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def one_error_line(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leakscan: error:") and "internal error" not in lines[0], lines
    assert all(w in lines[0] for w in words), lines[0]


@pytest.mark.parametrize(("toml", "words"), [
    ("[scan]\nmax_file_size = \"" + "9" * 400 + "\"\n", ["scan.max_file_size", "not a size"]),
    ("[scan]\nmax_file_size = " + "9" * 400 + "\n", ["scan.max_file_size"]),
    ("[scan]\nmax_file_size = " + "9" * 5000 + "\n", ["invalid TOML"]),
    ("x = " + "[" * 100_000 + "]" * 100_000 + "\n", ["invalid TOML"]),
    ("[scan]\nexclud = [\"x\"]\n", ["scan.exclud", "unknown key"]),
    ("[scan]\nexclude = [\"[z-a]\"]\n", ["scan.exclude", "invalid glob"]),
    ("[[allowlist]]\nreason = \"r\"\npaths = [\"!\"]\n", ["allowlist[0].paths", "invalid glob"]),
    ("[[allowlist]]\nreason = \"r\"\npaths = [\"foo\\\\\"]\n", ["allowlist[0].paths"]),
], ids=["huge-size-string", "huge-size-int", "5000-digits", "deep-array", "typo", "bad-range", "bang", "backslash"])
def test_config_loader(tmp_path, toml, words):
    (tmp_path / ".leakscan.toml").write_text(toml)
    one_error_line(leakscan_cli(tmp_path, "scan", "."), ".leakscan.toml", *words)


@pytest.mark.parametrize(("text", "words"), [
    ("[" * 100_000 + "]" * 100_000, ["not a leakscan baseline"]),
    ('{"version": 1, "entries": [], "n": ' + "9" * 5000 + "}", ["not a leakscan baseline"]),
    ('{"version": true, "entries": []}', ["not a leakscan baseline"]),
], ids=["deep", "5000-digits", "version-true"])
def test_baseline_loader(tmp_path, text, words):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "base.json").write_text(text)
    one_error_line(leakscan_cli(tmp_path, "scan", ".", "--baseline", "base.json"), "base.json", *words)


@pytest.mark.parametrize("line", ["!", "\\", "[z-a]", "foo\\", "!!", "[", "[!]"])
def test_ignore_lines_git_accepts_do_not_abort_the_scan(tmp_path, line):
    (tmp_path / ".gitignore").write_text(f"{line}\n*.log\n")
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "app.log").write_text("x = 2\n")
    proc = leakscan_cli(tmp_path, "scan", ".", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["files_scanned"] == 2  # a.py and .gitignore: app.log still ignored


@pytest.mark.parametrize("stars", [8, 10, 40])
def test_runs_of_stars_cost_nothing(tmp_path, stars):
    (tmp_path / ".gitignore").write_text("*" * stars + "q\n")
    for i in range(4):
        (tmp_path / f"{'a' * 40}{i}.txt").write_text("x = 1\n")
    started = time.monotonic()
    result = leakscan.scan_paths([str(tmp_path)])
    assert time.monotonic() - started < 5 and result.stats.files_scanned == 5


@pytest.mark.parametrize(("line", "path", "ignored"), [
    ("a***b", "aXYZb", True), ("a***b", "a/b", False), ("***/x", "d/e/x", True), ("x/***", "x/y/z", True),
    ("\\***", "*abc", True), ("\\***", "abc", False),
])
def test_star_runs_mean_what_git_says(line, path, ignored):
    assert bool(LazySpec([line]).match_file(path)) is ignored
