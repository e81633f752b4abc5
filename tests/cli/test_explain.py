"""``leakscan explain``: rule, validator, policy row and every suppression behind a finding."""

from __future__ import annotations

import json
import subprocess

import pytest

from testing import secrets

KEY = secrets.glomo_key("live", "secret", seed=91)
TEST_KEY = secrets.glomo_key("test", "secret", seed=92)
HEX = secrets.hex_key(93)


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "server.env").write_text(f"GLOMO_SECRET_KEY={KEY}\nGLOMO_TEST_KEY={TEST_KEY}\n")
    (tmp_path / "wallet.py").write_text(f"private_key = '{HEX}'  # leakscan:allow hex-private-key demo wallet\n"
                                        "auth = 'Basic dXNlcm5hbWU6cGFzc3dvcmQ='\n")
    (tmp_path / ".leakscan.toml").write_text('[[allowlist]]\nreason = "test keys live in CI only"\n'
                                             'paths = ["server.env"]\nrules = ["glomo-api-key"]\n'
                                             'regexes = ["^nomatch$"]\ncondition = "all"\n')
    return tmp_path


def _fingerprints(tree, leakscan):
    doc = json.loads(leakscan("scan", ".", "--format", "json", "--show-suppressed", cwd=tree).stdout)
    return {(f["path"], f["line"]): f["fingerprint"] for f in doc["findings"] + doc["suppressed"]}


def test_explains_a_reported_finding_by_path_and_line(tree, leakscan):
    proc = leakscan("explain", "server.env:1", cwd=tree)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("glomo-api-key at server.env:1:18: critical, secret eyJh****")
    assert KEY not in proc.stdout
    assert any(line.startswith('  rule: glomo-api-key "Glomo API key" from ') for line in lines)
    assert any(line.startswith("  validator: jwt accepted it: environment live, key type secret") for line in lines)
    assert "  policy row: glomo-api-key.secret.live (client: critical, elsewhere: critical; " in proc.stdout
    assert "  allowlists: none of 1 match" in lines
    assert lines[-1] == "  verdict: reported"


def test_explains_the_policy_row_that_lowered_a_test_key(tree, leakscan):
    out = leakscan("explain", "server.env:2", cwd=tree).stdout
    assert "policy row: glomo-api-key.secret.test (client: high, elsewhere: medium" in out
    assert "the elsewhere column gives medium" in out


def test_explains_an_inline_suppression(tree, leakscan):
    out = leakscan("explain", "wallet.py:1", cwd=tree).stdout
    assert "  inline: inline leakscan:allow (demo wallet)" in out
    assert out.splitlines()[-1] == "  verdict: suppressed by inline"


def test_explains_why_a_line_has_no_finding(tree, leakscan):
    proc = leakscan("explain", "wallet.py:2", cwd=tree)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "no finding at wallet.py:2",
        "  gluwa-basic-token matched dXNl****Q= at column 15; validator basic rejected it: placeholder credentials",
    ]


def test_explains_by_fingerprint_prefix_with_ignore_entry_and_baseline(tree, leakscan):
    fp = _fingerprints(tree, leakscan)[("server.env", 1)]
    assert leakscan("baseline", "create", "--reason", "legacy key, rotation ticket SEC-1", cwd=tree).returncode == 0
    (tree / ".leakscanignore").write_text(f"{fp} 2999-01-01 # rotation in progress\n")
    out = leakscan("explain", fp[:10], cwd=tree).stdout
    assert "  ignore entry .leakscanignore:1 (rotation in progress, until 2999-01-01)" in out
    assert "  baseline entry in .leakscan-baseline.json (legacy key, rotation ticket SEC-1; paths: server.env)" in out
    # the ignore file applies before the baseline
    assert out.splitlines()[-1] == "  verdict: suppressed by ignore"


def test_an_expired_ignore_entry_is_named_as_no_longer_suppressing(tree, leakscan):
    fp = _fingerprints(tree, leakscan)[("server.env", 1)]
    (tree / ".leakscanignore").write_text(f"{fp} 2001-01-01\n")
    out = leakscan("explain", "server.env:1", cwd=tree).stdout
    assert "expired on 2001-01-01, no longer suppresses" in out
    assert out.splitlines()[-1] == "  verdict: reported"


def test_explains_an_allowlist_by_its_reason(tree, leakscan):
    (tree / ".leakscan.toml").write_text('[[allowlist]]\nreason = "test keys live in CI only"\n'
                                         'paths = ["server.env"]\nrules = ["glomo-api-key"]\n')
    out = leakscan("explain", "server.env:2", cwd=tree).stdout
    assert "allowlist: test keys live in CI only" in out
    assert out.splitlines()[-1] == "  verdict: suppressed by allowlist"


def test_a_stale_entry_is_explained_when_no_finding_has_the_fingerprint(tree, leakscan):
    (tree / ".leakscanignore").write_text(f"{'d' * 64} # old key\n")
    proc = leakscan("explain", "d" * 12, cwd=tree)
    assert proc.returncode == 1
    assert proc.stdout.strip() == "ignore entry .leakscanignore:1 (old key) matches no finding: stale"


@pytest.mark.parametrize("target", ["xyz", "nofile.py:3"], ids=["not-a-fingerprint", "no-such-file"])
def test_bad_targets_are_one_line_and_exit_2(tree, leakscan, target):
    proc = leakscan("explain", target, cwd=tree)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_explains_a_fingerprint_found_only_in_history(tmp_path, leakscan):
    repo = tmp_path / "repo"
    repo.mkdir()
    env_git = ["git", "-C", str(repo), "-c", "user.name=Ada", "-c", "user.email=ada@example.com"]
    subprocess.run([*env_git, "init", "-q", "-b", "main"], check=True)
    (repo / "deploy.py").write_text(f"private_key = '{HEX}'\n")
    subprocess.run([*env_git, "add", "."], check=True)
    subprocess.run([*env_git, "commit", "-q", "-m", "add key"], check=True)
    (repo / "deploy.py").write_text("private_key = os.environ['KEY']\n")
    subprocess.run([*env_git, "commit", "-q", "-am", "remove key"], check=True)
    doc = json.loads(leakscan("git", ".", "--format", "json", cwd=repo).stdout)
    [finding] = doc["findings"]
    assert leakscan("explain", finding["fingerprint"][:12], cwd=repo).returncode == 1  # not in the files
    proc = leakscan("explain", finding["fingerprint"][:12], "--git", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"hex-private-key at deploy.py:1:16 in commit {finding['commit']}")
    assert HEX not in proc.stdout
