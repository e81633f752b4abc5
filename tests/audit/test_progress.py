"""Progress on stderr: with --progress (as on a terminal), never by default in a pipe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from testing.fleet import Fleet


def run(tmp_path: Path, store: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leakscan", "audit", *extra, "--store", str(tmp_path / store),
                           "--format", "json", "--output", str(tmp_path / "r.json")],
                          capture_output=True, text=True)


def test_progress_only_when_asked_off_a_terminal(tmp_path: Path) -> None:
    fleet = Fleet(tmp_path / "fleet", size=3)
    fleet.step(1)
    quiet = run(tmp_path, "a.sqlite", *fleet.paths())
    assert quiet.returncode == 1 and "repos" not in quiet.stderr
    assert quiet.stderr.startswith("leakscan audit: run 1: 5 new, 0 reintroduced, 0 open, 1 fixed")
    shown = run(tmp_path, "b.sqlite", *fleet.paths(), "--progress")
    assert shown.returncode == 1
    assert "3/3 repos" in shown.stderr and "blobs" in shown.stderr and "MB/s" in shown.stderr
