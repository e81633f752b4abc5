"""``leakscan audit --verify``: live checks against a real HTTP server on 127.0.0.1, kept in the store.

The auditor's ``--config`` names the provider's host; the store keeps the last answer per secret;
an unchanged repository's open secrets are checked again (their blobs read again, nothing else);
a secret only in history keeps its answer; triaged secrets are never sent.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from testing import secrets
from testing.gitrepo import GitRepo
from testing.httpstub import StubServer
from tests.verify.conftest import glomo_source

pytestmark = pytest.mark.usefixtures("no_proxy")
LIVE, GONE, OTHER = secrets.glomo_key(seed=61), secrets.glomo_key(seed=62), secrets.glomo_key(seed=63)


@pytest.fixture
def setup(tmp_path: Path, stub: StubServer) -> tuple[GitRepo, Path]:
    """A repository with LIVE at HEAD and GONE only in history; the auditor's config names the stub."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("keys", {"app/pay.py": glomo_source(LIVE), "app/old.py": glomo_source(GONE)})
    repo.commit("remove the old key", {"app/old.py": None})
    config = tmp_path / "audit.toml"
    config.write_text(f'[verify]\nbackoff = 0.01\ntimeout = 2\n\n[verify.glomo]\nbase_url = "{stub.url}"\n')
    stub.state.answers.update({LIVE: [200], GONE: [401], OTHER: [200]})
    return repo, config


def tokens(stub: StubServer) -> list[str]:
    return [s.headers.get("Authorization", "").removeprefix("Bearer ") for s in stub.seen]


def audit(run_cli, repo: GitRepo, config: Path, store: Path, *extra: str, fmt: str = "json"):
    return run_cli("audit", str(repo.path), "--store", str(store), "--config", str(config), "--format", fmt,
                   "--no-progress", *extra)


def by_key(report: dict) -> dict[str, dict]:
    fps = {secrets_fp(report, key): key for key in (LIVE, GONE, OTHER)}
    return {fps[e["fingerprint"]]: e for e in report["secrets"] if e["fingerprint"] in fps}


def secrets_fp(report: dict, key: str) -> str | None:
    from leakscan import scan_text

    found = scan_text(glomo_source(key), "app/pay.py").findings
    return found[0].fingerprint if found else None


def test_each_secret_is_checked_once_and_the_answer_kept(setup, stub, tmp_path, run_cli) -> None:
    repo, config = setup
    store = tmp_path / "audit.sqlite"
    first = audit(run_cli, repo, config, store, "--verify", "--verify-allow-http")
    assert first.exit_code == 1, first.stderr
    report = json.loads(first.stdout)
    got = by_key(report)
    assert (got[LIVE]["status"], got[LIVE]["verification"]["status"]) == ("new", "valid")
    assert (got[GONE]["status"], got[GONE]["verification"]["status"]) == ("fixed", "invalid")
    assert got[LIVE]["verification"]["endpoint_host"] == "127.0.0.1"
    assert got[LIVE]["verification"]["http_status"] == 200
    assert report["summary"]["verification"] == {"invalid": 1, "valid": 1}
    assert sorted(tokens(stub)) == sorted([LIVE, GONE])  # once per secret, and only to the configured host
    assert all(s.path == "/api/v1/ping" for s in stub.seen)
    assert LIVE.encode() not in store.read_bytes() and LIVE not in first.stdout  # the store keeps no raw secret


def test_an_unchanged_repository_has_its_open_secrets_checked_again(setup, stub, tmp_path, run_cli) -> None:
    repo, config = setup
    store = tmp_path / "audit.sqlite"
    audit(run_cli, repo, config, store, "--verify", "--verify-allow-http")
    stub.state.answers[LIVE] = [401]  # the key was revoked since
    before = len(stub.seen)
    second = json.loads(audit(run_cli, repo, config, store, "--verify", "--verify-allow-http").stdout)
    assert [(r["status"], r["blobs_read"]) for r in second["repositories"]] == [("unchanged", 0)]
    got = by_key(second)
    assert (got[LIVE]["status"], got[LIVE]["verification"]["status"]) == ("open", "invalid")
    assert tokens(stub)[before:] == [LIVE]  # the open one again; the one only in history keeps its answer
    assert got[GONE]["verification"]["status"] == "invalid"
    # a run without --verify sends nothing and still shows the last answers
    before = len(stub.seen)
    third = json.loads(audit(run_cli, repo, config, store).stdout)
    assert len(stub.seen) == before
    assert by_key(third)[LIVE]["verification"]["status"] == "invalid"
    # an earlier run's report shows what was known then
    old = json.loads(run_cli("audit", "report", "--store", str(store), "--run", "1", "--format", "json").stdout)
    assert by_key(old)[LIVE]["verification"] is None  # run 2's answer replaced run 1's: not shown as of run 1


def test_new_commits_check_new_secrets_and_triaged_ones_are_never_sent(setup, stub, tmp_path, run_cli) -> None:
    repo, config = setup
    store = tmp_path / "audit.sqlite"
    first = json.loads(audit(run_cli, repo, config, store).stdout)  # no --verify: nothing sent
    assert stub.seen == [] and all(e["verification"] is None for e in first["secrets"])
    live_fp = by_key(first)[LIVE]["fingerprint"]
    assert run_cli("audit", "triage", live_fp[:12], "--status", "test-key", "--reason", "sandbox",
                   "--store", str(store)).exit_code == 0
    repo.commit("another key", {"app/more.py": glomo_source(OTHER)})
    second = json.loads(audit(run_cli, repo, config, store, "--verify", "--verify-allow-http").stdout)
    got = by_key(second)
    assert got[OTHER]["verification"]["status"] == "valid" and got[OTHER]["status"] == "new"
    assert got[LIVE]["verification"] is None  # triaged: settled by a person, never sent
    assert sorted(tokens(stub)) == sorted([OTHER, GONE])


def test_unchanged_repository_checks_secrets_never_checked_before(setup, stub, tmp_path, run_cli) -> None:
    repo, config = setup
    store = tmp_path / "audit.sqlite"
    audit(run_cli, repo, config, store)
    again = json.loads(audit(run_cli, repo, config, store, "--verify", "--verify-allow-http").stdout)
    assert again["repositories"][0]["status"] == "unchanged"
    assert {k: e["verification"]["status"] for k, e in by_key(again).items()} == {LIVE: "valid", GONE: "invalid"}


def test_plain_http_without_the_flag_is_refused_before_anything_is_read(setup, stub, tmp_path, run_cli) -> None:
    repo, config = setup
    store = tmp_path / "audit.sqlite"
    done = audit(run_cli, repo, config, store, "--verify")
    assert done.exit_code == 2 and "HTTPS only" in done.stderr and "Traceback" not in done.stderr
    assert stub.seen == [] and not store.exists()
    alone = audit(run_cli, repo, config, store, "--verify-allow-http")
    assert alone.exit_code == 2 and "only with --verify" in alone.stderr


def test_every_audit_format_shows_the_verification(setup, stub, tmp_path, run_cli) -> None:
    repo, config = setup
    store = tmp_path / "audit.sqlite"
    text = audit(run_cli, repo, config, store, "--verify", "--verify-allow-http", fmt="text").stdout
    assert "verified: VALID: ping answered 200" in text and "verified: INVALID: ping answered 401" in text
    assert "; verified: 1 invalid, 1 valid" in text
    report = ["audit", "report", "--store", str(store), "--format"]
    sarif = json.loads(run_cli(*report, "sarif").stdout)
    assert sorted(r["properties"]["verification"]["status"] for r in sarif["runs"][0]["results"]) == [
        "invalid", "valid"]
    rows = list(csv.DictReader(io.StringIO(run_cli(*report, "csv").stdout)))
    assert sorted(r["verification"] for r in rows) == ["invalid", "valid"]
    assert all(r["verified_at"] for r in rows)
    html = run_cli(*report, "html").stdout
    assert '<span class="ver valid"' in html and 'data-verification="invalid"' in html
    assert 'data-card="live"' in html
    for out in (text, html, json.dumps(sarif), json.dumps(rows)):
        assert LIVE not in out and GONE not in out


VERIFY_PROBE = """<script>
(function () {
  var rows = function () { return Array.prototype.filter.call(document.querySelectorAll('#secrets tbody tr'),
      function (r) { return !r.hidden; }); };
  var pick = document.getElementById('verification'), out = {};
  ['valid', 'invalid', 'unchecked'].forEach(function (v) {
    pick.value = v; pick.dispatchEvent(new Event('input'));
    out[v] = rows().map(function (r) { return r.cells[4].textContent; });
  });
  out.live = document.querySelector('.card.live .n').textContent;
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script></body>"""


def test_chromium_filters_the_html_report_by_verification(setup, tmp_path, run_cli) -> None:
    from tests.audit.test_html import CHROMIUM, chromium

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    repo, config = setup
    store = tmp_path / "audit.sqlite"
    html = audit(run_cli, repo, config, store, "--verify", "--verify-allow-http", fmt="html").stdout
    page = tmp_path / "report.html"
    page.write_text(html.replace("</body>", VERIFY_PROBE, 1), encoding="utf-8")
    dom = chromium("--dump-dom", page.as_uri())
    import re

    probe = json.loads(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)[1].replace("&quot;", '"'))
    assert probe == {"valid": ["valid"], "invalid": ["invalid"], "unchecked": [], "live": "1"}
    (tmp_path / "plain.html").write_text(html, encoding="utf-8")
    chromium(f"--screenshot={tmp_path / 'shot.png'}", "--window-size=1400,700", (tmp_path / "plain.html").as_uri())
    assert (tmp_path / "shot.png").stat().st_size > 10_000


def test_fail_on_verified_pages_only_for_keys_proven_live_or_unchecked(setup, stub, tmp_path, run_cli) -> None:
    repo, config = setup
    stub.state.answers[LIVE] = [401]  # every key here is dead
    store = tmp_path / "audit.sqlite"
    done = audit(run_cli, repo, config, store, "--fail-on-verified", "--verify-allow-http")  # implies --verify
    assert done.exit_code == 0, done.stderr
    assert "--fail-on-verified: the exit status counts 0 of 1 new secret(s)" in done.stderr
    assert by_key(json.loads(done.stdout))[LIVE]["verification"]["status"] == "invalid"
    assert run_cli("audit", "report", "--store", str(store)).exit_code == 1  # by severity alone it pages
    before = len(stub.seen)
    repo.commit("a live one", {"app/live.py": glomo_source(OTHER)})
    done = audit(run_cli, repo, config, store, "--fail-on-verified", "--verify-allow-http")
    assert done.exit_code == 1 and "counts 1 of 1 new secret(s)" in done.stderr
    again = run_cli("audit", "report", "--store", str(store), "--fail-on-verified")  # the stored answers, no network
    assert again.exit_code == 1 and len(stub.seen) == before + 3
