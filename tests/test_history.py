"""Full-history audits (leakscan.scans.history.scan_history) on real repositories in tmp_path."""

from __future__ import annotations

import pytest

from leakscan.errors import SourceError
from leakscan.scans.history import scan_history
from testing import secrets
from testing.gitrepo import GitRepo, damage_loose_object, damage_object

KEY = secrets.glomo_key("live", "secret", seed=11)
OTHER = secrets.glomo_key("live", "secret", seed=12)


def line(key: str = KEY) -> str:
    return f'GLOMO_SECRET_KEY = "{key}"\n'


@pytest.fixture
def repo(tmp_path):
    return GitRepo(tmp_path / "repo")


def only(result):
    assert len(result.findings) == 1, [(f.path, f.line, f.commit) for f in result.findings]
    return result.findings[0]


def test_secret_added_then_removed_is_attributed_to_the_adding_commit(repo):
    repo.commit("readme", {"README.md": "hello\n"})
    adding = repo.commit("add settings", {"server/settings.py": "DEBUG = True\n" + line()})
    repo.commit("remove the key", {"server/settings.py": "DEBUG = True\n"})
    repo.commit("later work", {"README.md": "hello again\n"})
    finding = only(scan_history(str(repo.path)))
    assert (finding.path, finding.line, finding.commit) == ("server/settings.py", 2, adding)
    assert finding.extra["present_in_head"] is False
    assert finding.extra["commits_carrying"] == 1
    assert finding.extra["subject"] == "add settings"
    assert finding.extra["author"] == "Ada Author <ada@example.com>"
    assert finding.extra["date"].startswith("2024-01-01")


def test_secret_on_an_unmerged_branch(repo):
    repo.commit("base", {"app.py": "print('hi')\n"})
    repo.git("checkout", "-q", "-b", "feature")
    on_branch = repo.commit("wip", {"app.py": "print('hi')\n" + line()})
    repo.git("checkout", "-q", "main")
    repo.commit("main moves on", {"other.py": "x = 1\n"})
    finding = only(scan_history(str(repo.path)))
    assert (finding.commit, finding.extra["present_in_head"]) == (on_branch, False)


def test_secret_in_a_deleted_file(repo):
    adding = repo.commit("add", {"secrets/.env": line()})
    repo.commit("delete", {"secrets/.env": None})
    finding = only(scan_history(str(repo.path)))
    assert (finding.path, finding.commit, finding.extra["present_in_head"]) == ("secrets/.env", adding, False)


def test_same_secret_across_twenty_edits_is_one_finding(repo):
    adding = repo.commit("add", {"config.py": line() + "version = 0\n"})
    for i in range(1, 21):
        repo.commit(f"edit {i}", {"config.py": line() + f"version = {i}\n" + "# note\n" * i})
    finding = only(scan_history(str(repo.path)))
    assert finding.commit == adding
    assert finding.extra["commits_carrying"] == 21
    assert finding.extra["present_in_head"] is True


def test_unreachable_blob_only_with_all_objects(repo):
    repo.commit("base", {"a.txt": "nothing here\n"})
    blob = repo.git("hash-object", "-w", "--stdin", input=line().encode())
    assert scan_history(str(repo.path)).findings == []
    finding = only(scan_history(str(repo.path), all_objects=True))
    assert finding.path == f"unreachable:{blob}"
    assert finding.commit is None
    assert finding.extra["reachable"] is False


def test_merge_keeps_the_side_branch_commit_as_introducer(repo):
    repo.commit("base", {"a.py": "a = 1\n"})
    repo.git("checkout", "-q", "-b", "side")
    adding = repo.commit("side adds key", {"b.py": line()})
    repo.git("checkout", "-q", "main")
    repo.commit("main work", {"a.py": "a = 2\n"})
    repo.git("merge", "-q", "--no-edit", "side")
    finding = only(scan_history(str(repo.path)))
    assert (finding.commit, finding.extra["present_in_head"]) == (adding, True)
    assert finding.extra["commits_carrying"] == 2  # the side commit and the merge


def test_rename_gives_one_finding_per_path(repo):
    adding = repo.commit("add", {"old.py": line()})
    repo.git("mv", "old.py", "new.py")
    renaming = repo.commit("rename")
    result = scan_history(str(repo.path))
    by_path = {f.path: f for f in result.findings}
    assert set(by_path) == {"old.py", "new.py"}
    assert (by_path["old.py"].commit, by_path["old.py"].extra["present_in_head"]) == (adding, False)
    assert (by_path["new.py"].commit, by_path["new.py"].extra["present_in_head"]) == (renaming, True)


def test_two_secrets_in_one_file_are_two_findings(repo):
    repo.commit("add", {"k.py": line() + line(OTHER)})
    result = scan_history(str(repo.path))
    assert sorted(f.line for f in result.findings) == [1, 2]


def test_non_utf8_path(repo):
    adding = repo.commit("add", {b"caf\xe9/.env": line()})
    finding = only(scan_history(str(repo.path)))
    assert finding.path == "caf\\xe9/.env"
    assert finding.commit == adding


def test_empty_repository_warns(repo):
    result = scan_history(str(repo.path))
    assert result.findings == [] and result.stats.files_scanned == 0
    assert any("no commits" in w for w in result.warnings)


def test_not_a_repository(tmp_path):
    with pytest.raises(SourceError, match="not a git repository"):
        scan_history(str(tmp_path))


def test_shallow_clone_scans_what_exists_and_warns(repo, tmp_path):
    repo.commit("old", {"a.py": "a = 1\n"})
    repo.commit("key", {"b.py": line()})
    repo.commit("newer", {"a.py": "a = 2\n"})
    clone = tmp_path / "shallow"
    GitRepo(tmp_path, init=False).git("clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone))
    result = scan_history(str(clone))
    finding = only(result)
    assert finding.extra["shallow_history"] is True
    assert any("shallow clone" in w for w in result.warnings)


def test_submodule_is_skipped_with_a_warning(repo, tmp_path):
    sub = GitRepo(tmp_path / "sub")
    sub.commit("sub", {"s.py": line()})
    repo.commit("base", {"a.py": "a = 1\n"})
    repo.git("-c", "protocol.file.allow=always", "submodule", "-q", "add", str(sub.path), "vendor/sub")
    repo.commit("add submodule")
    result = scan_history(str(repo.path))
    assert result.findings == []
    assert any("submodules are not scanned" in w and "vendor/sub" in w for w in result.warnings)


def test_huge_blob_and_lfs_pointer_are_reported_skipped(repo):
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "ab" * 32 + "\nsize 12345\n"
    repo.commit("add", {"big.txt": "x" * 5000 + "\n" + line(), "model.bin": pointer})
    result = scan_history(str(repo.path), max_file_size=4096)
    assert result.findings == []
    reasons = {s.path: s.reason for s in result.stats.skipped}
    assert reasons["big.txt"].startswith("too large")
    assert "LFS" in reasons["model.bin"]


def test_parallel_workers_find_the_same(repo):
    filler = "".join(f"line {i} of filler text\n" for i in range(150_000))  # > 2 MiB: workers fork
    adding = repo.commit("filler", {"filler.txt": filler + line(), "k.py": line()})
    second = repo.commit("more", {"filler2.txt": filler + "more\n" + line(OTHER)})
    result = scan_history(str(repo.path), jobs=2)
    assert sorted((f.path, f.line, f.commit) for f in result.findings) == [
        ("filler.txt", 150_001, adding), ("filler2.txt", 150_002, second), ("k.py", 1, adding)]
    assert result.stats.files_scanned == 3


@pytest.mark.parametrize("mode", ["walk-late", "walk-late-nothing-held", "walk-redone"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_every_way_paths_can_arrive_gives_the_same_findings(repo, monkeypatch, mode, jobs):
    """Hits are detected as they come once the walk has named the blobs; before that they are held,
    past the budget they are read again, and if the walk had to be redone all of them are."""
    from leakscan.scans import history
    from leakscan.sources import git_objects

    filler = "".join(f"line {i} of filler text\n" for i in range(150_000))  # > 2 MiB: workers fork
    adding = repo.commit("filler", {"filler.txt": filler + line(), "k.py": line()})
    second = repo.commit("more", {"filler2.txt": filler + "more\n" + line(OTHER), "k.py": line() + "x\n"})
    expected = [("filler.txt", 150_001, adding), ("filler2.txt", 150_002, second), ("k.py", 1, adding)]
    early, result = git_objects.Names.early, git_objects.Names.result
    monkeypatch.setattr(git_objects.Names, "early", lambda self, wait=False: early(self, wait) if wait else None)
    if mode == "walk-late-nothing-held":
        monkeypatch.setattr(history, "HELD", 0)
    if mode == "walk-redone":
        def redone(self):
            names = result(self)
            self.early_valid = False
            return names
        monkeypatch.setattr(git_objects.Names, "result", redone)
    found = scan_history(str(repo.path), jobs=jobs)
    assert sorted((f.path, f.line, f.commit) for f in found.findings) == expected
    assert {f.extra["commits_carrying"] for f in found.findings if f.path == "k.py"} == {2}


def test_the_regex_engine_reads_history_the_same(repo):
    adding = repo.commit("add", {"k.py": line(), "notes.txt": "nothing here\n"})
    repo.commit("edit", {"k.py": line() + "x = 1\n", "other.py": line(OTHER)})
    found = {engine: sorted((f.path, f.line, f.commit) for f in scan_history(str(repo.path), engine=engine).findings)
             for engine in ("hyperscan", "regex")}
    assert found["hyperscan"] == found["regex"] and ("k.py", 1, adding) in found["regex"]


def test_corrupt_repository_scans_what_it_can_and_warns(repo):
    repo.commit("add", {"k.py": line(), "gone.txt": "this blob will be lost\n"})
    blob = repo.git("rev-parse", "HEAD:gone.txt")
    (repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = scan_history(str(repo.path))
    assert [f.path for f in result.findings] == ["k.py"]
    assert any("1 objects could not be read (missing or corrupt)" in w for w in result.warnings)


def _twenty_one_keys(repo):
    """21 files, each with its own key, and the blob of f05.py also kept under an old name."""
    files = {f"f{i:02d}.py": line(secrets.glomo_key("live", "secret", seed=100 + i)) for i in range(21)}
    repo.commit("old name", {"old/f05.py": files["f05.py"]})
    repo.commit("keys", {**files, "old/f05.py": None})
    return {repo.git("rev-parse", f"HEAD:{name}"): name for name in files}


@pytest.mark.parametrize("store", ["loose", "packed"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_corrupt_object_costs_exactly_that_object(repo, store, jobs):
    blobs = _twenty_one_keys(repo)
    bad = repo.git("rev-parse", "HEAD:f05.py")
    damage_object(repo, bad, store)
    result = scan_history(str(repo.path), jobs=jobs)
    assert sorted(f.path for f in result.findings) == sorted(n for n in blobs.values() if n != "f05.py")
    [skipped] = result.stats.skipped
    assert skipped.path == "f05.py" and skipped.fault
    assert skipped.reason.startswith("unreadable git object (") and bad in skipped.reason
    assert "old/f05.py" in skipped.reason  # every path the object had in history
    assert result.stats.files_scanned == 20


def test_every_corrupt_object_is_listed_and_the_rest_read(repo):
    """The first, two adjacent and the last blob in the order cat-file reads them."""
    from leakscan.sources import git_objects
    from leakscan.sources.gitcmd import open_repo

    blobs = _twenty_one_keys(repo)
    order = [b.sha for b in git_objects.blobs_listed(git_objects.list_blobs(open_repo(str(repo.path))))]
    bad = {order[0], order[7], order[8], order[-1]}
    for sha in bad:
        damage_loose_object(repo, sha)
    result = scan_history(str(repo.path))
    good = [n for s, n in blobs.items() if s not in bad]
    assert sorted(f.path for f in result.findings) == sorted(good + ["old/f05.py"] * ("f05.py" in good))
    assert sorted(s.path for s in result.stats.skipped) == sorted(blobs[s] for s in bad if s in blobs)
    assert all(s.fault for s in result.stats.skipped)
@pytest.mark.parametrize("engine", ["hyperscan", "regex"])
def test_known_clean_blobs_are_not_read_again_and_findings_stay_the_same(repo, engine):
    from leakscan.engine.matcher import hyperscan_available

    if engine == "hyperscan" and not hyperscan_available():
        pytest.skip("hyperscan is not installed")
    repo.commit("readme", {"README.md": "hello\n", "src/app.py": "print('hi')\n"})
    repo.commit("add settings", {"server/settings.py": line()})
    repo.commit("more", {"README.md": "hello again\n"})
    known: set[str] = set()
    first = scan_history(str(repo.path), engine=engine, known_clean=known)
    assert first.stats.files_scanned == 4 and len(known) == 3  # all but the blob holding the key
    again = scan_history(str(repo.path), engine=engine, known_clean=known)
    assert again.stats.files_scanned == 1  # only the blob a rule could match is read again
    assert [(f.fingerprint, f.path, f.commit, f.extra) for f in again.findings] == \
        [(f.fingerprint, f.path, f.commit, f.extra) for f in first.findings]
    repo.commit("new file", {"docs/new.md": "text\n"})
    third = scan_history(str(repo.path), engine=engine, known_clean=known)
    assert third.stats.files_scanned == 2 and len(known) == 4  # the new blob, and the hit
