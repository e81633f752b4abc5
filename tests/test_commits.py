"""What commits add (leakscan.scans.commits): pull-request ranges, pushes, the staged index."""

from __future__ import annotations

import pytest

from leakscan.errors import SourceError
from leakscan.scans.commits import push_revisions, scan_range, scan_staged
from leakscan.sources.gitcmd import ZERO
from testing import secrets
from testing.gitrepo import GitRepo

OLD = secrets.glomo_key("live", "secret", seed=41)
NEW = secrets.glomo_key("live", "secret", seed=42)


@pytest.fixture
def repo(tmp_path):
    return GitRepo(tmp_path / "r")


def test_pr_range_reports_only_the_new_secret_with_its_commit(repo):
    repo.commit("old", {"config.py": f'OLD = "{OLD}"\n'})
    base = repo.head()
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit("unrelated", {"README.md": "docs\n"})
    adding = repo.commit("add new key", {"config.py": f'OLD = "{OLD}"\n\nNEW = "{NEW}"\n'})
    result = scan_range(str(repo.path), f"{base}..pr")
    [finding] = result.findings
    assert finding.secret.reveal() == NEW
    assert (finding.path, finding.line, finding.commit) == ("config.py", 3, adding)


def test_since_means_up_to_head(repo):
    first = repo.commit("one", {"a.py": "a = 1\n"})
    adding = repo.commit("two", {"b.env": f"GLOMO_SECRET_KEY={NEW}\n"})
    [finding] = scan_range(str(repo.path), f"{first}..HEAD").findings
    assert finding.commit == adding


def test_secret_added_and_removed_inside_the_range_is_still_reported(repo):
    base = repo.commit("base")
    adding = repo.commit("add", {"k.py": f'K = "{NEW}"\n'})
    repo.commit("remove", {"k.py": "K = None\n"})
    [finding] = scan_range(str(repo.path), f"{base}..HEAD").findings
    assert finding.commit == adding


def test_unknown_revision_is_a_source_error(repo):
    repo.commit("one")
    with pytest.raises(SourceError, match="unknown revision"):
        scan_range(str(repo.path), "nope..HEAD")


def test_push_revisions_from_pre_commit_environment():
    assert push_revisions({"PRE_COMMIT_FROM_REF": "a" * 40, "PRE_COMMIT_TO_REF": "b" * 40}) == [
        f"{'a' * 40}..{'b' * 40}"]
    assert push_revisions({"PRE_COMMIT_FROM_REF": ZERO, "PRE_COMMIT_TO_REF": "b" * 40,
                           "PRE_COMMIT_REMOTE_NAME": "origin"}) == ["b" * 40, "--not", "--remotes=origin"]
    assert push_revisions({"PRE_COMMIT_LOCAL_BRANCH": "refs/heads/x"}) == ["refs/heads/x", "--not", "--remotes"]


def test_push_of_a_new_root_branch_scans_every_commit(repo):
    adding = repo.commit("root", {"k.env": f"GLOMO_SECRET_KEY={NEW}\n"})
    repo.commit("more", {"a.py": "a = 1\n"})
    revs = push_revisions({"PRE_COMMIT_LOCAL_BRANCH": "refs/heads/main", "PRE_COMMIT_REMOTE_NAME": "origin"})
    [finding] = scan_range(str(repo.path), revs).findings
    assert finding.commit == adding


def test_staged_scan_counts_files_and_bytes(repo):
    repo.commit("base", {"a.py": "a = 1\n"})
    repo.write("a.py", "a = 1\nb = 2\n")
    repo.write("new.py", f'K = "{NEW}"\n')
    repo.git("add", "a.py", "new.py")
    result = scan_staged(str(repo.path))
    assert result.stats.files_scanned == 2
    assert result.stats.bytes_scanned == len("b = 2") + len(f'K = "{NEW}"')  # the added lines
    [finding] = result.findings
    assert (finding.path, finding.line, finding.commit) == ("new.py", 1, None)


def test_staged_scan_limited_to_given_files(repo):
    repo.commit("base")
    repo.write("a.py", f'K = "{NEW}"\n')
    repo.write("b.py", "b = 1\n")
    repo.git("add", "a.py", "b.py")
    assert scan_staged(str(repo.path), ["b.py"]).findings == []


def test_range_findings_carry_author_date_and_subject(repo):
    base = repo.commit("base")
    repo.commit("add the key", {"k.py": f'K = "{NEW}"\n'})
    [finding] = scan_range(str(repo.path), f"{base}..HEAD").findings
    assert finding.extra["author"] == "Ada Author <ada@example.com>"
    assert finding.extra["subject"] == "add the key"
    assert finding.extra["date"].startswith("2024-01-01")


def test_staged_scan_fails_closed_when_the_diff_shows_nothing(repo, monkeypatch):
    import leakscan.sources.diff as diff

    repo.commit("base")
    repo.write("a.py", "a = 1\n")
    repo.git("add", "a.py")
    monkeypatch.setattr(diff, "parse_patch", lambda lines: iter(()))  # a diff that lost the file
    with pytest.raises(SourceError, match="1 staged file.*refusing to pass them unscanned: a.py"):
        scan_staged(str(repo.path))
