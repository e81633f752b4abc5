"""``leakscan baseline create|update`` and ``--baseline`` / ``.leakscanignore`` on the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leakscan.errors import ConfigError
from leakscan.suppress import baseline as baselines
from testing import secrets

OLD = secrets.hex_key(81)
NEW = secrets.hex_key(82)
GONE = secrets.hex_key(83)


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "wallet.py").write_text(f"private_key = '{OLD}'\n")
    (tmp_path / "src" / "legacy.py").write_text(f"old_private_key = '{GONE}'\n")
    return tmp_path


def test_create_writes_a_stable_secret_free_file_beside_the_tree(tree, leakscan):
    proc = leakscan("baseline", "create", cwd=tree)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ".leakscan-baseline.json: 2 entries (2 findings)"
    first = (tree / ".leakscan-baseline.json").read_bytes()
    assert OLD.encode() not in first and GONE.encode() not in first
    assert b'"line"' not in first and b"2026" not in first
    doc = json.loads(first)
    assert [e["paths"] for e in doc["entries"]] == sorted([["src/legacy.py"], ["src/wallet.py"]])
    # moving a secret to another line changes nothing
    (tree / "src" / "wallet.py").write_text(f"import os\n\n\nprivate_key = '{OLD}'\n")
    assert leakscan("baseline", "create", cwd=tree).returncode == 0
    assert (tree / ".leakscan-baseline.json").read_bytes() == first


def test_scan_with_baseline_reports_only_new_findings(tree, leakscan):
    leakscan("baseline", "create", "--reason", "accepted in the 2026 audit", cwd=tree)
    clean = leakscan("scan", ".", "--baseline", ".leakscan-baseline.json", cwd=tree)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "0 findings (none), 2 suppressed (2 baseline)" in clean.stdout
    (tree / "src" / "new.py").write_text(f"signing_private_key = '{NEW}'\n")
    gate = leakscan("scan", ".", "--baseline", ".leakscan-baseline.json", "--format", "json",
                    "--show-suppressed", cwd=tree)
    assert gate.returncode == 1
    doc = json.loads(gate.stdout)
    assert [f["path"] for f in doc["findings"]] == ["src/new.py"]
    assert doc["summary"]["suppressed_by_kind"] == {"baseline": 2}
    assert {s["suppressed_by"] for s in doc["suppressed"]} == {"baseline"}
    assert all("accepted in the 2026 audit" in s["reason"] for s in doc["suppressed"])


def test_show_suppressed_lists_them_in_text(tree, leakscan):
    leakscan("baseline", "create", cwd=tree)
    out = leakscan("scan", ".", "--baseline", ".leakscan-baseline.json", "--show-suppressed", cwd=tree).stdout
    assert out.count("suppressed by baseline (baseline .leakscan-baseline.json (present when") == 2


def test_update_drops_entries_that_no_longer_occur_and_says_which(tree, leakscan):
    leakscan("baseline", "create", cwd=tree)
    before = json.loads((tree / ".leakscan-baseline.json").read_text())
    gone = next(e for e in before["entries"] if e["paths"] == ["src/legacy.py"])
    (tree / "src" / "legacy.py").write_text("# key rotated and removed\n")
    (tree / "src" / "new.py").write_text(f"signing_private_key = '{NEW}'\n")
    proc = leakscan("baseline", "update", cwd=tree)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"removed {gone['fingerprint'][:12]} hex-private-key src/legacy.py: no longer found",
        ".leakscan-baseline.json: 1 entries, 1 removed, 0 added",
    ]
    after = json.loads((tree / ".leakscan-baseline.json").read_text())
    assert [e["paths"] for e in after["entries"]] == [["src/wallet.py"]]  # the new finding is not added
    added = leakscan("baseline", "update", "--add-new", "--reason", "triaged", cwd=tree)
    assert "1 added" in added.stdout
    assert {e["reason"] for e in json.loads((tree / ".leakscan-baseline.json").read_text())["entries"]} == {
        "present when the baseline was created", "triaged"}


@pytest.mark.parametrize(
    ("args", "message"),
    [(("scan", ".", "--baseline", "missing.json"), "missing.json: no such baseline file"),
     (("baseline", "update"), "no baseline at .leakscan-baseline.json")],
    ids=["scan", "update"],
)
def test_a_missing_baseline_is_one_line_and_exit_2(tree, leakscan, args, message):
    proc = leakscan(*args, cwd=tree)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and message in proc.stderr


def test_ignore_file_suppresses_and_reports_expired_and_stale_entries(tree, leakscan):
    doc = json.loads(leakscan("scan", ".", "--format", "json", cwd=tree).stdout)
    fps = {f["path"]: f["fingerprint"] for f in doc["findings"]}
    (tree / ".leakscanignore").write_text(
        "# wallet used by the integration tests\n"
        f"{fps['src/wallet.py']}  2999-12-31\n"
        f"{fps['src/legacy.py']}  2020-01-31  # temporary exception\n"
        f"{'e' * 64}  # a key long gone\n"
    )
    proc = leakscan("scan", ".", "--format", "json", "--show-suppressed", cwd=tree)
    out = json.loads(proc.stdout)
    assert [f["path"] for f in out["findings"]] == ["src/legacy.py"]
    assert [(s["path"], s["suppressed_by"]) for s in out["suppressed"]] == [("src/wallet.py", "ignore")]
    assert out["suppressed"][0]["reason"] == ".leakscanignore:2 (wallet used by the integration tests)"
    assert out["warnings"] == [
        f".leakscanignore:3: entry {fps['src/legacy.py'][:12]} expired on 2020-01-31; it no longer suppresses "
        "(temporary exception)",
        f".leakscanignore:4: entry {'e' * 12} matches no finding (stale; remove it)",
    ]
    # a scan of part of the tree cannot call entries stale
    part = json.loads(leakscan("scan", "src/wallet.py", "--format", "json", cwd=tree).stdout)
    assert not any("stale" in w for w in part["warnings"])


def test_a_bad_ignore_file_is_one_line_and_exit_2(tree, leakscan):
    (tree / ".leakscanignore").write_text("not-a-fingerprint\n")
    proc = leakscan("scan", ".", cwd=tree)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith(".leakscanignore:1: expected: FINGERPRINT [YYYY-MM-DD] [# reason]")


def test_create_from_history_keeps_secrets_removed_from_the_tree(tmp_path, leakscan):
    git = ["git", "-C", str(tmp_path), "-c", "user.name=Ada", "-c", "user.email=ada@example.com"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    (tmp_path / "old.py").write_text(f"private_key = '{GONE}'\n")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "add"], check=True)
    (tmp_path / "old.py").write_text("# rotated\n")
    subprocess.run([*git, "commit", "-q", "-am", "rotate"], check=True)
    assert leakscan("baseline", "create", cwd=tmp_path).stdout.strip().endswith("0 entries (0 findings)")
    proc = leakscan("baseline", "create", "--git", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    [entry] = json.loads((tmp_path / ".leakscan-baseline.json").read_text())["entries"]
    assert (entry["rule_id"], entry["paths"]) == ("hex-private-key", ["old.py"])
    assert leakscan("git", ".", "--baseline", ".leakscan-baseline.json", cwd=tmp_path).returncode == 0
    assert leakscan("git", ".", cwd=tmp_path).returncode == 0  # the default baseline, when present
    assert leakscan("git", ".", "--no-baseline", cwd=tmp_path).returncode == 1
    # a history baseline is pruned against the history, even when --git is forgotten
    update = leakscan("baseline", "update", cwd=tmp_path)
    assert update.stdout.strip() == ".leakscan-baseline.json: 1 entries, 0 removed, 0 added"


def test_a_second_update_waits_for_the_first(tree, leakscan):
    """Two runs at once take turns (the folder is locked from reading the baseline to replacing it),
    so neither reports success over what the other wrote."""
    assert leakscan("baseline", "create", cwd=tree).returncode == 0
    (tree / "src" / "new.py").write_text(f"private_key = '{NEW}'\n")
    target = tree / ".leakscan-baseline.json"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    with baselines.locked(target):
        proc = subprocess.Popen([sys.executable, "-m", "leakscan", "baseline", "update", "--add-new"], cwd=tree,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        assert proc.stderr is not None
        said = proc.stderr.readline()  # the child says it waits, then blocks on the lock
        assert "another baseline run holds it; waiting" in said
        time.sleep(0.5)
        assert proc.poll() is None  # still waiting
        before = target.read_bytes()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert target.read_bytes() != before and "1 added" in out


def test_save_replaces_the_file_whole_or_not_at_all(tree, monkeypatch):
    target = tree / ".leakscan-baseline.json"
    target.write_text('{"version": 1, "entries": []}\n')
    before = target.read_bytes()

    def no_rename(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    empty = baselines.Baseline((), str(target), "files")
    with pytest.raises(ConfigError, match="No space left"):
        baselines.save(empty, target)
    assert target.read_bytes() == before and sorted(p.name for p in tree.iterdir()) == [
        ".leakscan-baseline.json", "src"]


def test_every_command_uses_the_baseline_when_present(tmp_path, leakscan):
    """One rule (issue 16): the committed .leakscan-baseline.json applies to scan, git, ranges, diff,
    logs, the hook and explain alike, from any folder of the repository; --no-baseline opts out."""
    from testing.gitrepo import GitRepo

    repo = GitRepo(tmp_path / "repo")
    text = f"private_key = '{OLD}'\n"
    repo.commit("base", {"README.md": "hi\n"})
    repo.commit("add", {"src/app.py": text, "logs/app.log": f"loaded private_key={OLD}\n"})
    assert leakscan("baseline", "create", cwd=repo.path).returncode == 0
    (tmp_path / "p.diff").write_text(repo.git("log", "-p", "-1"))
    repo.write("src/other.py", text)
    repo.git("add", "src/other.py")
    commands = [(".", "scan", "."), ("src", "scan", "."), (".", "scan", "src/app.py"), (".", "git", "."),
                (".", "git", ".", "--range", "HEAD~1..HEAD"), (".", "diff", str(tmp_path / "p.diff")),
                (".", "logs", "logs/app.log"), (".", "hook")]
    for where, *command in commands:
        used = leakscan(*command, cwd=repo.path / where)
        assert used.returncode == 0 and "baseline" in used.stdout + used.stderr, (command, used.stdout)
        bare = leakscan(*command, "--no-baseline", cwd=repo.path / where)
        assert bare.returncode == 1, (command, bare.stdout, bare.stderr)
    both = leakscan("scan", ".", "--no-baseline", "--baseline", ".leakscan-baseline.json", cwd=repo.path)
    assert both.returncode == 2 and "exclusive" in both.stderr
