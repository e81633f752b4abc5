"""Scale-out: a Dask LocalCluster of 2 workers gives exactly the single-process run's findings and store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from leakscan.audit import AuditOptions, build_report, open_store, run_audit, targets  # noqa: E402
from leakscan.audit.cluster import Dask  # noqa: E402
from leakscan.audit.report.json import document  # noqa: E402
from testing.fleet import Fleet  # noqa: E402

# every table, without what depends on the clock
TABLES = {
    "secrets": "SELECT * FROM secrets ORDER BY fingerprint",
    "occurrences": "SELECT run_id, location, fingerprint, path, line, severity, commit_sha, author, date, blob, "
                   "at_tip FROM occurrences JOIN repos ON repos.id=repo_id ORDER BY 1, 2, 3, 4",
    "run_repos": "SELECT run_id, location, status, reason, state, blobs_read, bytes_read FROM run_repos "
                 "JOIN repos ON repos.id=repo_id ORDER BY 1, 2",
    "clean_blobs": "SELECT digest, hex(sha) FROM clean_blobs ORDER BY 1, 2",
    "runs": "SELECT id, status, digest, targets, options FROM runs ORDER BY id",
}


def contents(store: str) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(store)
    return {name: db.execute(sql).fetchall() for name, sql in TABLES.items()}


def stable(report: dict) -> dict:
    """The JSON report without timings."""
    for key in ("started", "finished"):
        report["run"].pop(key)
    for repo in report["repositories"]:
        repo.pop("elapsed")
    for entry in report["secrets"]:
        entry["first_seen"].pop("date"), entry["last_seen"].pop("date")
    for run in report["history"]:
        run.pop("date")
    return report


@pytest.fixture(scope="module")
def scheduler():
    """One LocalCluster of 2 workers for the three runs, reached by address as --dask-scheduler does."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster:
        yield cluster.scheduler_address


def test_local_cluster_gives_the_same_findings_and_store(tmp_path: Path, scheduler: str) -> None:
    fleet = Fleet(tmp_path / "fleet", size=8)
    local = AuditOptions(store=str(tmp_path / "local.sqlite"), cache=str(tmp_path / "cache"))
    dask = AuditOptions(store=str(tmp_path / "dask.sqlite"), cache=str(tmp_path / "cache"))
    for run in (1, 2, 3):
        fleet.step(run)
        run_audit(local, targets(fleet.paths(), None))
        run_audit(dask, targets(fleet.paths(), None), Dask(scheduler))
        reports = [stable(document(build_report(open_store(o.store)), "low")) for o in (local, dask)]
        assert reports[0] == reports[1], f"run {run}"
        statuses = {s: {e["fingerprint"] for e in reports[1]["secrets"] if e["status"] == s}
                    for s in ("new", "open", "reintroduced", "fixed")}
        assert statuses == fleet.expected(run)
    assert contents(local.store) == contents(dask.store)


def test_a_worker_that_dies_is_retried_and_the_run_completes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    from testing.faults import die_once

    marks = tmp_path / "marks"
    marks.mkdir()
    monkeypatch.setenv("LEAKSCAN_TEST_MARKS", str(marks))  # the LocalCluster's workers inherit it
    fleet = Fleet(tmp_path / "fleet", size=3)
    fleet.step(1)
    local = AuditOptions(store=str(tmp_path / "local.sqlite"), cache=str(tmp_path / "cache"))
    dask = AuditOptions(store=str(tmp_path / "dask.sqlite"), cache=str(tmp_path / "cache"))
    run_audit(local, targets(fleet.paths(), None))
    run_audit(dask, targets(fleet.paths(), None), Dask(local_workers=2, scan=die_once))
    assert len(list(marks.iterdir())) == 3  # each repository's first try killed its worker
    reports = [stable(document(build_report(open_store(o.store)), "low")) for o in (local, dask)]
    assert reports[0] == reports[1]
    assert json.dumps(reports[1]).count('"status": "failed"') == 0


def test_cli_local_cluster(tmp_path: Path, run_cli) -> None:
    fleet = Fleet(tmp_path / "fleet", size=2)
    fleet.step(1)
    done = run_cli("audit", *fleet.paths(), "--local-cluster", "2", "--store", str(tmp_path / "s.sqlite"),
                   "--format", "json", "--no-progress")
    assert done.exit_code == 1, done.stderr
    assert {e["fingerprint"] for e in json.loads(done.stdout)["secrets"]} == set().union(*fleet.expected(1).values())


def test_verify_on_the_cluster_gives_the_same_answers_and_store(tmp_path: Path, scheduler: str) -> None:
    """Workers check the secrets they found (the coordinator never sees a raw value) against the stub."""
    from leakscan import scan_text
    from testing import secrets
    from testing.gitrepo import GitRepo
    from testing.httpstub import StubServer
    from tests.verify.conftest import glomo_source

    live, dead = secrets.glomo_key(seed=71), secrets.glomo_key(seed=72)
    repos = []
    for i in range(3):
        repo = GitRepo(tmp_path / f"r{i}")
        repo.commit("keys", {"a.py": glomo_source(live), "b.py": glomo_source(dead) if i else "x = 1\n"})
        repos.append(str(repo.path))
    with StubServer() as stub:
        stub.state.answers.update({live: [200], dead: [401]})
        config = tmp_path / "audit.toml"
        config.write_text(f'[verify]\nbackoff = 0.01\n\n[verify.glomo]\nbase_url = "{stub.url}"\n')
        answers = []
        for name, executor in (("local", None), ("cluster", Dask(scheduler))):
            options = AuditOptions(store=str(tmp_path / f"{name}.sqlite"), cache=str(tmp_path / "cache"),
                                   config=str(config), verify=True, verify_allow_http=True)
            run_audit(options, targets(repos, None), executor)
            db = sqlite3.connect(options.store)
            answers.append(db.execute("SELECT fingerprint, status, endpoint_host, http_status, reason "
                                      "FROM verifications ORDER BY 1").fetchall())
            assert contents(options.store)["occurrences"]
    fp = {scan_text(glomo_source(k), "a.py").findings[0].fingerprint: k for k in (live, dead)}
    assert answers[0] == answers[1]
    assert {fp[row[0]]: row[1] for row in answers[0]} == {live: "valid", dead: "invalid"}
