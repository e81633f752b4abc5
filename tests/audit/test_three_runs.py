"""The scheduled audit of 20 generated repositories over three runs, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from testing.fleet import Fleet


def statuses(report: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"new": set(), "open": set(), "reintroduced": set(), "fixed": set()}
    for entry in report["secrets"]:
        out[entry["status"]].add(entry["fingerprint"])
    return out


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return Fleet(tmp_path_factory.mktemp("fleet"))


def test_three_runs_report_exactly_what_changed(fleet: Fleet, tmp_path: Path, run_cli) -> None:
    store = str(tmp_path / "audit.sqlite")
    repos_file = tmp_path / "repos.txt"
    reports = []
    for run in (1, 2, 3):
        fleet.step(run)
        repos_file.write_text("# the fleet\n" + "\n".join(fleet.paths()) + "\n")
        if run == 2:  # triage between runs: one false positive, one acceptance that has already lapsed
            for fp, status, extra in ((fleet.b(0)[0], "false-positive", []),
                                      (fleet.b(2)[0], "accepted-risk", ["--expires", "2020-01-01"])):
                done = run_cli("audit", "triage", fp[:12], "--status", status, "--reason", "reviewed",
                               *extra, "--store", store)
                assert done.exit_code == 0, done.stderr
        result = run_cli("audit", "--repos-file", str(repos_file), "--store", store, "--format", "json",
                         "--no-progress", "--cache", str(tmp_path / "cache"))
        assert result.exit_code == 1, result.stderr  # every run here has something new or reintroduced
        report = json.loads(result.stdout)
        assert statuses(report) == fleet.expected(run), f"run {run}"
        assert report["summary"]["repositories"]["failed"] == 0
        reports.append(report)

    by_fp = {e["fingerprint"]: e for e in reports[2]["secrets"]}
    shared = by_fp[fleet.shared()[0]]
    assert sorted(Path(o["repository"]).name for o in shared["occurrences"]) == ["repo01", "repo02"]
    a3 = by_fp[fleet.a(3)[0]]
    assert (a3["first_seen"]["run"], a3["last_seen"]["run"]) == (1, 3)
    assert by_fp[fleet.b(0)[0]]["triage"] == {"status": "false-positive", "reason": "reviewed", "expires": None}
    assert by_fp[fleet.b(2)[0]]["triage"] is None and by_fp[fleet.b(2)[0]]["triage_expired"] is True
    assert reports[1]["summary"]["triaged"] == {"false-positive": 1}
    # repositories the plan left alone between runs are not read again
    untouched = {str(fleet.repos[i].path) for i in range(fleet.size) if i % 3 and i % 4 and i not in (1, 2)}
    second = {r["location"]: r for r in reports[2]["repositories"]}
    assert {loc for loc, r in second.items() if r["status"] == "unchanged"} == untouched
    assert all(second[loc]["blobs_read"] == 0 for loc in untouched)
    secret_text = json.dumps(reports)
    for i in range(fleet.size):
        assert fleet.a(i)[1].split('"')[1] not in secret_text  # never a whole secret


def test_report_again_and_in_other_formats(tmp_path: Path, run_cli) -> None:
    fleet = Fleet(tmp_path / "fleet", size=4)
    fleet.step(1)
    store = str(tmp_path / "audit.sqlite")
    first = run_cli("audit", *fleet.paths(), "--store", store, "--no-progress")
    assert first.exit_code == 1 and "New (6):" in first.stdout
    again = run_cli("audit", "report", "--store", store, "--format", "json", "--fail-on", "never")
    assert again.exit_code == 0
    assert statuses(json.loads(again.stdout)) == fleet.expected(1)
    for fmt in ("csv", "sarif", "text"):
        out = run_cli("audit", "report", "--store", store, "--format", fmt)
        assert out.exit_code == 1 and fleet.a(1)[0][:16] in out.stdout, fmt


def test_changing_the_config_rescans_and_says_so(tmp_path: Path, run_cli) -> None:
    fleet = Fleet(tmp_path / "fleet", size=2)
    fleet.step(1)
    store = str(tmp_path / "audit.sqlite")
    first = json.loads(run_cli("audit", *fleet.paths(), "--store", store, "--format", "json").stdout)
    same = json.loads(run_cli("audit", *fleet.paths(), "--store", store, "--format", "json").stdout)
    assert [r["status"] for r in same["repositories"]] == ["unchanged", "unchanged"]
    config = tmp_path / "audit.toml"
    config.write_text('[scan]\nmax_file_size = "5MiB"\n')
    changed = run_cli("audit", *fleet.paths(), "--store", store, "--config", str(config))
    assert "rules or configuration changed since the last run: every blob was read again" in changed.stdout
    report = json.loads(run_cli("audit", "report", "--store", store, "--format", "json").stdout)
    assert report["run"]["rescanned"] is True
    assert [r["status"] for r in report["repositories"]] == ["scanned", "scanned"]
    assert report["summary"]["blobs_read"] == first["summary"]["blobs_read"]
    assert {e["status"] for e in report["secrets"] if e["status"] != "fixed"} == {"open"}
