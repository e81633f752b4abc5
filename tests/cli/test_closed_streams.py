"""A symlink loop named on the command line, closed stdin/stdout and a full disk: one clear line each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(cwd: Path, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leakscan", *args], cwd=cwd, capture_output=False, text=True,
                          stderr=subprocess.PIPE, timeout=120, **kwargs)


def one_line(proc: subprocess.CompletedProcess[str], text: str) -> None:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and "internal error" not in lines[0], proc.stderr
    assert lines[0].startswith("leakscan: error: ") and text in lines[0]


def test_a_symlink_loop_named_on_the_command_line(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    one_line(run(tmp_path, "scan", "a", stdout=subprocess.DEVNULL), "a (symlink loop)")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_disk_on_stdout(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    with open("/dev/full", "w") as full:
        one_line(run(tmp_path, "scan", ".", stdout=full), "No space left on device")


def test_a_closed_stdout(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    one_line(subprocess.run(f"{sys.executable} -m leakscan scan . >&-", shell=True, cwd=tmp_path, text=True,
                            stderr=subprocess.PIPE, timeout=120), "standard output is closed")
    ok = subprocess.run(f"{sys.executable} -m leakscan scan . -o report.txt >&-", shell=True, cwd=tmp_path,
                        text=True, stderr=subprocess.PIPE, timeout=120)
    assert ok.returncode == 0 and (tmp_path / "report.txt").exists()


@pytest.mark.parametrize("command", ["diff", "logs", "redact"])
def test_a_closed_stdin(tmp_path, command):
    one_line(subprocess.run(f"{sys.executable} -m leakscan {command} - <&-", shell=True, cwd=tmp_path, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120),
             "standard input is closed")
