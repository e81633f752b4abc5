"""``leakscan git`` through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys

from testing import secrets
from testing.gitrepo import GitRepo


def leakscan(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leakscan", *args], capture_output=True, text=True, cwd=cwd)


def test_history_json_names_commit_author_and_head_presence(tmp_path):
    repo = GitRepo(tmp_path / "r")
    key = secrets.glomo_key("live", "secret", seed=21)
    adding = repo.commit("add key", {"server/app.py": f'API_KEY = "{key}"\n'})
    repo.commit("drop key", {"server/app.py": "API_KEY = None\n"})
    proc = leakscan("git", str(repo.path), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    [finding] = doc["findings"]
    assert finding["commit"] == adding
    assert finding["path"] == "server/app.py" and finding["line"] == 1
    assert finding["provenance"]["present_in_head"] is False
    assert finding["provenance"]["subject"] == "add key"
    assert key not in proc.stdout  # redacted


def test_text_report_shows_provenance(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.commit("add key", {"k.env": f"GLOMO_SECRET_KEY={secrets.glomo_key('live', 'secret', seed=22)}\n"})
    proc = leakscan("git", str(repo.path), "--no-color")
    assert proc.returncode == 1
    assert "present_in_head: True" in proc.stdout and "subject: add key" in proc.stdout


def test_not_a_repository_is_one_line_and_exit_2(tmp_path):
    proc = leakscan("git", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"leakscan: error: {tmp_path}: not a git repository"]


def test_since_and_range_are_exclusive(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.commit("one")
    proc = leakscan("git", str(repo.path), "--since", "HEAD", "--range", "HEAD..HEAD")
    assert proc.returncode == 2 and "exclusive" in proc.stderr


def test_clean_history_exits_0(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.commit("one", {"a.py": "print('hello')\n"})
    proc = leakscan("git", str(repo.path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 files" in proc.stdout
