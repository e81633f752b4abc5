"""``leakscan git`` through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from testing import secrets
from testing.gitrepo import GitRepo, damage_object


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


def test_range_and_since_report_only_what_the_commits_added(tmp_path):
    repo = GitRepo(tmp_path / "r")
    old, new = secrets.glomo_key("live", "secret", seed=23), secrets.glomo_key("live", "secret", seed=24)
    base = repo.commit("old key", {"a.env": f"GLOMO_SECRET_KEY={old}\n"})
    adding = repo.commit("new key", {"a.env": f"GLOMO_SECRET_KEY={old}\nGLOMO_SECRET_KEY_2={new}\n"})
    for option in (["--since", base], ["--range", f"{base}..HEAD"]):
        proc = leakscan("git", str(repo.path), *option, "--format", "json")
        assert proc.returncode == 1, proc.stderr
        [finding] = json.loads(proc.stdout)["findings"]
        assert (finding["line"], finding["commit"]) == (2, adding)


def _repo_with_a_corrupt_blob(tmp_path, store):
    repo = GitRepo(tmp_path / "r")
    keys = {f"f{i:02d}.py": f'KEY = "{secrets.glomo_key("live", "secret", seed=40 + i)}"\n' for i in range(21)}
    repo.commit("keys", keys)
    bad = repo.git("rev-parse", "HEAD:f05.py")
    damage_object(repo, bad, store)
    return repo, bad


@pytest.mark.parametrize("store", ["loose", "packed"])
def test_a_corrupt_object_fails_the_run_unless_skips_are_allowed(tmp_path, store):
    repo, bad = _repo_with_a_corrupt_blob(tmp_path, store)
    proc = leakscan("git", str(repo.path), "--format", "json")
    assert proc.returncode == 2, proc.stderr
    doc = json.loads(proc.stdout)  # the report is still written, whole
    assert len(doc["findings"]) == 20
    [skipped] = doc["skipped"]
    assert skipped["path"] == "f05.py" and bad in skipped["reason"] and skipped["fault"] is True
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("leakscan: error: scan incomplete: 1 could not be read: f05.py (unreadable git object)")
    assert "--allow-skipped" in line
    allowed = leakscan("git", str(repo.path), "--format", "json", "--allow-skipped")
    assert allowed.returncode == 1, allowed.stderr
    assert len(json.loads(allowed.stdout)["findings"]) == 20


def test_text_summary_counts_the_corrupt_object(tmp_path):
    repo, bad = _repo_with_a_corrupt_blob(tmp_path, "loose")
    proc = leakscan("git", str(repo.path), "--no-color", "--allow-skipped")
    assert proc.returncode == 1
    assert "skipped: f05.py: unreadable git object (" in proc.stdout
    assert "1 skipped (1 unreadable git object)" in proc.stdout
