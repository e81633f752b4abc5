"""The Dockerfile: slim, non-root, leakscan and git only, and its build context holds what the build needs.

No container is built here (no daemon, no registry); the build stage's context is replayed instead:
exactly the files the Dockerfile copies, turned into a wheel as its ``pip wheel`` step does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions(name: str) -> list[str]:
    return re.findall(rf"^{name} (.+)$", DOCKERFILE, re.M)


def test_slim_non_root_with_git_only():
    assert all(base.startswith("python:${PYTHON}-slim") for base in instructions("FROM"))
    [user] = instructions("USER")
    assert not user.startswith(("root", "0")) and re.fullmatch(r"\d+:\d+", user)
    assert "apt-get install -y --no-install-recommends git \\" in DOCKERFILE
    assert instructions("ENTRYPOINT") == ['["leakscan"]']


def test_the_build_stage_context_makes_a_wheel(tmp_path):
    context = tmp_path / "context"
    context.mkdir()
    for line in instructions("COPY"):
        if line.startswith("--from"):
            continue
        *sources, _ = line.split()
        for src in sources:
            path = ROOT / src
            (shutil.copytree if path.is_dir() else shutil.copy)(path, context / src)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "w"),
                            str(context)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert list((tmp_path / "w").glob("leakscan-*.whl"))
