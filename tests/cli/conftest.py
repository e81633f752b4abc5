from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_leakscan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command line, in ``cwd``, as CI runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "leakscan", *args], cwd=cwd, capture_output=True, text=True,
                          env=env)


@pytest.fixture
def leakscan():
    return run_leakscan
