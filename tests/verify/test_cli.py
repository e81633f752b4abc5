"""``--verify`` and its companions through the real command line, on scan, git, diff, logs and the hook."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from testing import secrets
from testing.gitrepo import GitRepo
from tests.cli.conftest import ROOT, run_leakscan
from tests.verify.conftest import glomo_source

LIVE, DEAD = secrets.glomo_key(seed=41), secrets.glomo_key(seed=42)


@pytest.fixture
def project(tmp_path, stub):
    stub.state.answers.update({LIVE: [200], DEAD: [401]})
    (tmp_path / ".leakscan.toml").write_text(
        f'[verify]\nbackoff = 0.01\n\n[verify.glomo]\nbase_url = "{stub.url}"\n', encoding="utf-8")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "server.py").write_text(glomo_source(LIVE, DEAD), encoding="utf-8")
    return tmp_path


def _json(proc: subprocess.CompletedProcess[str]) -> dict:
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_scan_json_carries_each_verification(project, stub):
    doc = _json(run_leakscan("scan", ".", "--verify", "--verify-allow-http", "--format", "json", cwd=project))
    got = [(f["verification"]["status"], f["verification"]["http_status"]) for f in doc["findings"]]
    assert got == [("valid", 200), ("invalid", 401)]
    assert set(doc["findings"][0]["verification"]) == {"status", "checked_at", "endpoint_host", "http_status",
                                                       "reason"}
    assert doc["summary"]["verification"] == {"valid": 1, "invalid": 1}
    assert LIVE not in json.dumps(doc) and DEAD not in json.dumps(doc)


def test_text_and_sarif_show_it(project):
    text = run_leakscan("scan", ".", "--verify", "--verify-allow-http", cwd=project)
    assert "verified: VALID: ping answered 200" in text.stdout
    assert "verified: INVALID: ping answered 401" in text.stdout
    assert "; verified: 1 valid, 1 invalid;" in text.stdout
    sarif = _json(run_leakscan("scan", ".", "--verify", "--verify-allow-http", "--format", "sarif", cwd=project))
    statuses = [r["properties"]["verification"]["status"] for r in sarif["runs"][0]["results"]]
    assert statuses == ["valid", "invalid"]
    jsonschema.validate(sarif, json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text()))


@pytest.mark.parametrize("fmt", ["github", "junit", "csv", "markdown"])
def test_the_other_formats_show_it_too(project, fmt):
    proc = run_leakscan("scan", ".", "--verify", "--verify-allow-http", "--format", fmt, cwd=project)
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    if fmt == "csv":
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(r["verification"], r["verification_reason"][:16]) for r in rows] == [
            ("valid", "ping answered 20"), ("invalid", "ping answered 40")]
    elif fmt == "markdown":
        assert "| verified |" in out and "| valid |" in out and "| invalid |" in out
    else:
        assert "verified: VALID: ping answered 200" in out and "verified: INVALID: ping answered 401" in out
    assert LIVE not in out and DEAD not in out


def test_verify_uses_the_config_the_scan_resolved(project, stub):
    """``git sub/`` reads the repository root's config; --verify must use the same endpoints, not sub/'s."""
    from testing.gitrepo import GitRepo

    repo = GitRepo(project)
    repo.commit("keys", {"app/server.py": glomo_source(LIVE)})
    (project / "app" / ".leakscan.toml").write_text('[verify.glomo]\nbase_url = "http://127.0.0.1:9"\n')
    doc = _json(run_leakscan("git", "app", "--verify", "--verify-allow-http", "--format", "json", cwd=project))
    assert [f["verification"]["status"] for f in doc["findings"]] == ["valid"]
    assert [s.headers["Authorization"] for s in stub.seen] == [f"Bearer {LIVE}"]


def test_library_results_carry_their_config(project):
    from leakscan import scan_paths
    from leakscan.config import find_config

    result = scan_paths([str(project)])
    assert result.config is not None and result.config.verify is not None
    assert result.config.verify.glomo.base_url.startswith("http://127.0.0.1:")
    assert find_config(project) is not None and "config=" not in repr(result)


def test_nothing_is_sent_without_verify(project, stub):
    proc = run_leakscan("scan", ".", "--format", "json", cwd=project)
    assert "verification" not in proc.stdout and stub.seen == []


def test_plain_http_without_the_flag_is_one_line_exit_2(project, stub):
    proc = run_leakscan("scan", ".", "--verify", cwd=project)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "HTTPS only" in proc.stderr and "Traceback" not in proc.stderr
    assert stub.seen == []


def test_allow_http_alone_is_a_usage_error(project):
    proc = run_leakscan("scan", ".", "--verify-allow-http", cwd=project)
    assert proc.returncode == 2 and "only with --verify" in proc.stderr


def test_unknown_config_key_is_exit_2(project):
    (project / ".leakscan.toml").write_text('[verify.glomo]\nbase = "https://x"\n', encoding="utf-8")
    proc = run_leakscan("scan", ".", cwd=project)
    assert proc.returncode == 2 and "verify.glomo.base" in proc.stderr


def test_only_verified(project):
    doc = _json(run_leakscan("scan", ".", "--only-verified", "--verify-allow-http", "--format", "json", cwd=project))
    assert [f["verification"]["status"] for f in doc["findings"]] == ["valid"]
    assert any("not proven live" in w for w in doc["warnings"])


def test_fail_on_verified_gates_on_live_keys_only(project):
    args = ("scan", ".", "--fail-on-verified", "--verify-allow-http")
    proc = run_leakscan(*args, cwd=project)
    assert proc.returncode == 1
    assert ("warning: --fail-on-verified: the exit status counts 1 of 2 finding(s) at or above low" in proc.stdout)
    (project / "app" / "server.py").write_text(glomo_source(DEAD), encoding="utf-8")
    assert run_leakscan(*args, cwd=project).returncode == 0
    assert run_leakscan("scan", ".", cwd=project).returncode == 1  # without it the dead key still fails


def test_no_network_summary_and_all_findings(project):
    (project / ".leakscan.toml").write_text('[verify.glomo]\nbase_url = "http://127.0.0.1:9"\n', encoding="utf-8")
    proc = run_leakscan("scan", ".", "--verify", "--verify-allow-http", cwd=project)
    assert proc.returncode == 1
    assert proc.stdout.count("verified: UNKNOWN") == 2
    assert "warning: verification: 2 of 2 check(s) got no usable answer" in proc.stdout
    assert "2 findings" in proc.stdout and "verified: 2 unknown" in proc.stdout
    # a gate that could not check does not pass as if it had
    assert run_leakscan("scan", ".", "--fail-on-verified", "--verify-allow-http", cwd=project).returncode == 1


def test_git_diff_and_logs(project, stub):
    repo = GitRepo(project / "repo")
    repo.commit("add keys", {"server/app.py": glomo_source(LIVE, DEAD)})
    (repo.path / ".leakscan.toml").write_text((project / ".leakscan.toml").read_text(), encoding="utf-8")
    doc = _json(run_leakscan("git", ".", "--verify", "--verify-allow-http", "--format", "json", cwd=repo.path))
    assert [f["verification"]["status"] for f in doc["findings"]] == ["valid", "invalid"]
    patch = repo.git("show", "HEAD")
    proc = subprocess.run([sys.executable, "-m", "leakscan", "diff", "-", "--verify", "--verify-allow-http", "--format",
                           "json"], input=patch, capture_output=True, text=True, cwd=project)
    assert [f["verification"]["status"] for f in _json(proc)["findings"]] == ["valid", "invalid"]
    (project / "app.log").write_text(f"2026-12-01T10:00:00Z GET /x Authorization: Bearer {LIVE}\n", encoding="utf-8")
    doc = _json(run_leakscan("logs", "app.log", "--verify", "--verify-allow-http", "--format", "json", cwd=project))
    assert [f["verification"]["status"] for f in doc["findings"]] == ["valid"]


def test_the_hook_never_verifies_unless_its_args_say_so(project, stub):
    repo = GitRepo(project / "repo")
    (repo.path / ".leakscan.toml").write_text((project / ".leakscan.toml").read_text(), encoding="utf-8")
    repo.write("server/app.py", glomo_source(DEAD))
    repo.git("add", "server/app.py")
    assert run_leakscan("hook", cwd=repo.path).returncode == 1
    assert stub.seen == []
    proc = run_leakscan("hook", "--fail-on-verified", "--verify-allow-http", cwd=repo.path)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # the only key is dead: nothing proven live
    assert len(stub.seen) == 1
