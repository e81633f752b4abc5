"""Audit faults: failing repositories, interrupted runs, two audits on one store, a newer store."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leakscan.audit import StoreError, open_store, targets
from leakscan.audit.repos import without_credentials
from leakscan.audit.store import run_lock
from testing.fleet import Fleet
from testing.gitrepo import GitRepo


def audit(run_cli, store: Path, *repos: str, fmt: str = "json"):
    return run_cli("audit", *repos, "--store", str(store), "--format", fmt, "--no-progress",
                   "--cache", str(store.parent / "cache"))


def test_failing_repositories_are_recorded_and_the_others_finish(tmp_path: Path, run_cli) -> None:
    fleet = Fleet(tmp_path / "fleet", size=2)
    fleet.step(1)
    empty = GitRepo(tmp_path / "empty")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", fleet.repos[0].path.as_uri(), str(shallow)], check=True)
    corrupt = GitRepo(tmp_path / "corrupt")
    corrupt.commit("one", {"a.txt": "some text\n", "b.txt": "more text\n"})
    blob = corrupt.git("rev-parse", "HEAD:b.txt")
    (corrupt.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    (tmp_path / "plain").mkdir()
    missing = (tmp_path / "nowhere.git").as_uri()
    repos = [*fleet.paths(), str(empty.path), str(shallow), str(corrupt.path), str(tmp_path / "plain"), missing]
    done = audit(run_cli, tmp_path / "s.sqlite", *repos)
    assert done.exit_code == 2
    report = json.loads(done.stdout)
    by = {r["location"]: r for r in report["repositories"]}
    assert [by[p]["status"] for p in fleet.paths()] == ["scanned", "scanned"]
    reasons = {Path(loc).name: r["reason"] for loc, r in by.items() if r["status"] == "failed"}
    assert reasons.keys() == {"empty", "shallow", "corrupt", "plain", "nowhere.git"}
    assert "no commits" in reasons["empty"] and "shallow" in reasons["shallow"]
    assert "could not be read" in reasons["corrupt"] and "not a git repository" in reasons["plain"]
    assert reasons["nowhere.git"].startswith(f"cannot fetch {missing}")
    assert "5 of 7 repositories could not be audited" in done.stderr and "Traceback" not in done.stderr
    assert {e["fingerprint"] for e in report["secrets"]} == set().union(*fleet.expected(1).values())


def test_a_repository_that_fails_later_keeps_its_findings_open(tmp_path: Path, run_cli) -> None:
    fleet = Fleet(tmp_path / "fleet", size=1)
    fleet.step(1)
    store = tmp_path / "s.sqlite"
    assert audit(run_cli, store, *fleet.paths()).exit_code == 1
    os.rename(fleet.repos[0].path / ".git", tmp_path / "moved.git")  # now not a repository
    again = audit(run_cli, store, *fleet.paths())
    assert again.exit_code == 2
    statuses = {e["status"] for e in json.loads(again.stdout)["secrets"] if e["fingerprint"] == fleet.a(0)[0]}
    assert statuses == {"open"}  # a failure never reads as "fixed"


def test_clone_urls_are_mirrored_and_fetched_again(tmp_path: Path, run_cli) -> None:
    fleet = Fleet(tmp_path / "fleet", size=1)
    fleet.step(1)
    url = fleet.repos[0].path.as_uri()
    store = tmp_path / "s.sqlite"
    first = json.loads(audit(run_cli, store, url).stdout)
    assert first["repositories"][0]["status"] == "scanned" and list((tmp_path / "cache").iterdir())
    fleet.step(2)
    second = json.loads(audit(run_cli, store, url).stdout)
    assert second["repositories"][0]["status"] == "scanned"
    assert {e["fingerprint"] for e in second["secrets"] if e["status"] == "fixed"} >= {fleet.a(0)[0]}
    third = json.loads(audit(run_cli, store, url).stdout)
    assert third["repositories"][0]["status"] == "unchanged"


def test_all_objects_reaches_a_dangling_blob(tmp_path: Path, run_cli) -> None:
    from testing.fleet import hex_secret

    repo = GitRepo(tmp_path / "r")
    repo.commit("one", {"a.txt": "text\n"})
    fp, text = hex_secret(900)
    repo.git("hash-object", "-w", "--stdin", input=text.encode())  # in the object store, in no commit
    store = tmp_path / "s.sqlite"
    plain = json.loads(audit(run_cli, store, str(repo.path)).stdout)
    assert plain["secrets"] == []
    everything = run_cli("audit", str(repo.path), "--all-objects", "--store", str(store), "--format", "json")
    assert [e["fingerprint"] for e in json.loads(everything.stdout)["secrets"]] == [fp]


def test_credentials_in_urls_are_never_kept() -> None:
    assert without_credentials("https://bot:tok3n@git.example.com/org/repo.git") == "https://git.example.com/org/repo.git"
    assert targets(["https://bot:tok3n@git.example.com/org/repo.git"], None)[0].location == \
        "https://git.example.com/org/repo.git"


def test_a_second_audit_on_the_same_store_is_refused_and_nothing_is_lost(tmp_path: Path, run_cli) -> None:
    fleet = Fleet(tmp_path / "fleet", size=2)
    fleet.step(1)
    store = tmp_path / "s.sqlite"
    assert audit(run_cli, store, fleet.paths()[0]).exit_code == 1
    with run_lock(store):  # another audit holds the store
        refused = audit(run_cli, store, *fleet.paths())
        assert refused.exit_code == 2
        assert refused.stderr.startswith(f"leakscan: error: another audit (pid {os.getpid()}) is writing {store}")
        reading = run_cli("audit", "report", "--store", str(store), "--format", "json")  # readers go on
        assert reading.exit_code == 1 and len(json.loads(reading.stdout)["repositories"]) == 1
    after = audit(run_cli, store, *fleet.paths())
    assert after.exit_code == 1 and len(json.loads(after.stdout)["repositories"]) == 2


def test_a_store_from_a_newer_leakscan_is_refused_not_rewritten(tmp_path: Path, run_cli) -> None:
    store = tmp_path / "s.sqlite"
    open_store(store).close()
    db = sqlite3.connect(store)
    db.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    db.commit()
    db.close()
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    repo = GitRepo(tmp_path / "r")
    repo.commit("one", {"a.txt": "x\n"})
    for args in (("audit", str(repo.path)), ("audit", "report"), ("audit", "export")):
        done = run_cli(*args, "--store", str(store))
        assert done.exit_code == 2
        assert "written by a newer leakscan (store schema 99" in done.stderr and "Traceback" not in done.stderr
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
    with pytest.raises(StoreError):
        open_store(store)


def test_a_store_of_schema_1_is_migrated_and_keeps_its_runs(tmp_path: Path, run_cli) -> None:
    """A store written before verification results were kept (schema 1) gains the table, and its runs stay."""
    from leakscan.audit import schema

    store = tmp_path / "s.sqlite"
    db = sqlite3.connect(store)
    for statement in schema.MIGRATIONS[1]:
        db.execute(statement)
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.commit()
    db.close()
    fleet = Fleet(tmp_path / "fleet", size=1)
    fleet.step(1)
    assert audit(run_cli, store, *fleet.paths()).exit_code == 1
    db = sqlite3.connect(store)
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (str(schema.VERSION),)
    assert db.execute("SELECT count(*) FROM verifications").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM runs").fetchone() == (1,)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_an_interrupted_run_resumes_without_rescanning_finished_repositories(tmp_path: Path, sig) -> None:
    fleet = Fleet(tmp_path / "fleet", size=20)
    fleet.step(1)
    store = tmp_path / "s.sqlite"
    (tmp_path / "repos.txt").write_text("\n".join(fleet.paths()) + "\n")
    command = [sys.executable, "-m", "leakscan", "audit", "--repos-file", str(tmp_path / "repos.txt"),
               "--store", str(store), "--no-progress", "--jobs", "1", "--cache", str(tmp_path / "cache")]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = 0
    deadline = time.monotonic() + 120
    while done < 3 and time.monotonic() < deadline:  # wait for three repositories, then kill -9
        time.sleep(0.02)
        if store.exists():
            with contextlib.suppress(sqlite3.OperationalError):  # not created yet
                done = sqlite3.connect(store).execute("SELECT count(*) FROM run_repos").fetchone()[0]
    os.kill(proc.pid, sig)
    code = proc.wait()
    assert code == (-9 if sig == signal.SIGKILL else 130)
    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    (status,), = db.execute("SELECT status FROM runs").fetchall()
    finished = db.execute("SELECT repo_id, elapsed FROM run_repos ORDER BY repo_id").fetchall()
    assert status == "running" and 3 <= len(finished) < 20
    db.close()
    resumed = subprocess.run(command, capture_output=True, text=True)
    assert resumed.returncode == 1, resumed.stderr
    db = sqlite3.connect(store)
    assert db.execute("SELECT id, status FROM runs").fetchall() == [(1, "complete")]
    kept = db.execute("SELECT repo_id, elapsed FROM run_repos ORDER BY repo_id").fetchall()
    assert kept[:len(finished)] == finished and len(kept) == 20  # the finished ones were not scanned again
    # and the result is the uninterrupted one
    rows = db.execute("SELECT DISTINCT fingerprint FROM occurrences").fetchall()
    assert {r[0] for r in rows} == set().union(*fleet.expected(1).values())


@pytest.mark.parametrize(("args", "message"), [
    ((), "name at least one repository (REPO… or --repos-file FILE)"),
    (("--repos-file", "/nonexistent/list.txt"), "cannot read --repos-file /nonexistent/list.txt"),
    (("report", "--since", "last week"), "--since 'last week': not a date"),
    (("triage", "zz", "--status", "revoked", "--reason", "r"), "not a fingerprint: 'zz'"),
    (("triage", "abcdef12", "--status", "revoked"), "a triage needs a --reason"),
    (("triage", "abcdef12", "--status", "revoked", "--reason", "r"), "no audit store at"),
    (("import", "/dev/null"), "/dev/null: not JSON"),
], ids=["no-repos", "repos-file", "since", "fingerprint", "no-reason", "no-store", "import"])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, run_cli, args, message) -> None:
    done = run_cli("audit", *args, "--store", str(tmp_path / "s.sqlite"))
    assert done.exit_code == 2 and message in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_triage_export_and_import_round_trip(tmp_path: Path, run_cli) -> None:
    fleet = Fleet(tmp_path / "fleet", size=1)
    fleet.step(1)
    store, other = tmp_path / "s.sqlite", tmp_path / "other.sqlite"
    audit(run_cli, store, *fleet.paths())
    fp = fleet.a(0)[0]
    assert run_cli("audit", "triage", fp, "--status", "test-key", "--reason", "fixture", "--expires",
                   "2999-01-01", "--store", str(store)).exit_code == 0
    exported = run_cli("audit", "export", "--store", str(store)).stdout
    (tmp_path / "triage.json").write_text(exported)
    assert run_cli("audit", "import", str(tmp_path / "triage.json"), "--store", str(other)).exit_code == 0
    assert run_cli("audit", "export", "--store", str(other)).stdout == exported
    report = json.loads(audit(run_cli, store, *fleet.paths()).stdout)
    entry = next(e for e in report["secrets"] if e["fingerprint"] == fp)
    assert entry["triage"] == {"status": "test-key", "reason": "fixture", "expires": "2999-01-01"}
    assert run_cli("audit", "triage", fp[:10], "--clear", "--store", str(store)).exit_code == 0
    assert json.loads(run_cli("audit", "export", "--store", str(store)).stdout)["triage"] == []


def test_a_secret_still_on_a_branch_is_not_fixed(tmp_path: Path, run_cli) -> None:
    from testing.fleet import hex_secret

    repo = GitRepo(tmp_path / "r")
    repo.commit("one", {"README.md": "x\n"})
    fp, text = hex_secret(901)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("key on a branch", {"conf/key.py": text})
    repo.git("checkout", "-q", "main")
    store = tmp_path / "s.sqlite"
    first = json.loads(audit(run_cli, store, str(repo.path)).stdout)
    assert [(e["fingerprint"], e["status"]) for e in first["secrets"]] == [(fp, "new")]
    assert first["secrets"][0]["occurrences"][0]["present_at_tip"] is True  # at the tip of feature, not HEAD
    repo.git("checkout", "-q", "feature")
    repo.commit("fix it", {"conf/key.py": "key = os.environ['KEY']\n"})
    fixed = json.loads(audit(run_cli, store, str(repo.path)).stdout)
    assert [(e["fingerprint"], e["status"]) for e in fixed["secrets"]] == [(fp, "fixed")]


def test_a_history_not_read_whole_is_typed_incomplete_and_the_audit_fails_it(tmp_path: Path, run_cli) -> None:
    """The library says so in ``ScanResult.incomplete`` (no warning text is matched); the audit records a failure."""
    from leakscan import scan_history

    clean = GitRepo(tmp_path / "clean")
    clean.commit("one", {"a.txt": "x\n"})
    assert scan_history(str(clean.path)).incomplete == []
    walk = GitRepo(tmp_path / "walk")
    first = walk.commit("one", {"a.txt": "x\n"})
    walk.commit("two", {"b.txt": "y\n"})
    (walk.path / ".git" / "objects" / first[:2] / first[2:]).unlink()  # a commit gone: the walk cannot finish
    result = scan_history(str(walk.path))
    assert [w[:26] for w in result.incomplete] == ["could not walk the history"]
    assert result.incomplete[0] in result.warnings
    done = audit(run_cli, tmp_path / "s.sqlite", str(walk.path))
    assert done.exit_code == 2
    repo = json.loads(done.stdout)["repositories"][0]
    assert repo["status"] == "failed" and repo["reason"].startswith("could not walk the history")


NOBODY = 65534


def _unprivileged_python() -> list[str] | None:
    """A command running this checkout's leakscan as user nobody, or None where that cannot be done here.

    The suite runs as root, which reads everything; setpriv drops to nobody for one child process.  This
    venv's interpreter may live where nobody cannot go (/root/.pyenv), so the system interpreter of the
    same minor version runs it, with this checkout and the venv's site-packages on PYTHONPATH.
    """
    import shutil
    import sysconfig

    setpriv = shutil.which("setpriv")
    python = shutil.which(f"python{sys.version_info[0]}.{sys.version_info[1]}", path="/usr/bin:/usr/local/bin")
    if os.geteuid() != 0 or setpriv is None or python is None:
        return None
    root = str(Path(__file__).resolve().parents[2])
    env = ["env", f"PYTHONPATH={root}:{sysconfig.get_paths()['purelib']}", "HOME=/nonexistent"]
    command = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *env, python]
    probe = subprocess.run([*command, "-c", "import leakscan.cli"], capture_output=True, cwd="/")
    return command if probe.returncode == 0 else None


def test_a_repository_the_user_cannot_read_is_recorded_as_permission_denied(tmp_path: Path) -> None:
    import tempfile

    command = _unprivileged_python()
    if command is None:
        pytest.skip("needs root, setpriv and a system python that user nobody can run")
    base = Path(tempfile.mkdtemp(prefix="leakscan-perm-", dir="/tmp"))  # pytest's tmp is root-only (0700)
    try:
        base.chmod(0o755)
        fleet = Fleet(base / "fleet", size=2)
        fleet.step(1)
        denied = GitRepo(base / "denied")
        denied.commit("one", {"a.txt": "text\n"})
        subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(base)], check=True)
        (base / "denied").chmod(0)
        proc = subprocess.run([*command, "-m", "leakscan", "audit", *fleet.paths(), str(denied.path), "--store",
                               str(base / "s.sqlite"), "--format", "json", "--no-progress"],
                              capture_output=True, text=True, cwd="/", timeout=300)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        repos = {Path(r["location"]).name: r for r in json.loads(proc.stdout)["repositories"]}
        assert repos["denied"]["status"] == "failed"
        assert "permission denied" in repos["denied"]["reason"]
        assert [repos[n]["status"] for n in ("repo00", "repo01")] == ["scanned", "scanned"]  # the others finish
        assert f"audit of {denied.path} failed: {denied.path}: permission denied" in proc.stderr
    finally:
        (base / "denied").chmod(0o755)
        import shutil

        shutil.rmtree(base)
