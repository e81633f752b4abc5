"""Reading blobs through ``git cat-file --batch`` when some of them cannot be read."""

from __future__ import annotations

import pytest

from leakscan.sources import git_reader
from leakscan.sources.gitcmd import open_repo
from testing.gitrepo import GitRepo, damage_loose_object, damage_packed_object


@pytest.fixture
def blobs(tmp_path):
    repo = GitRepo(tmp_path / "r")
    files = {f"f{i}.txt": f"content of file {i}\n" * (i + 1) for i in range(12)}
    repo.commit("files", files)
    shas = [repo.git("rev-parse", f"HEAD:{name}") for name in files]
    return repo, shas, {sha: text.encode() for sha, text in zip(shas, files.values(), strict=True)}


@pytest.mark.parametrize("reader", [git_reader.read_blobs, git_reader.read_blob_views])
def test_a_healthy_store_reads_every_blob_in_order(blobs, reader):
    repo, shas, content = blobs
    unreadable: list[git_reader.Unreadable] = []
    got = [(sha, bytes(data)) for sha, data in reader(open_repo(str(repo.path)), shas, unreadable)]
    assert got == [(sha, content[sha]) for sha in shas] and unreadable == []


@pytest.mark.parametrize("store", ["loose", "packed"])
@pytest.mark.parametrize("reader", [git_reader.read_blobs, git_reader.read_blob_views])
def test_a_bad_object_costs_only_itself(blobs, store, reader):
    repo, shas, content = blobs
    bad = {shas[0], shas[5], shas[6], shas[-1]}
    if store == "packed":
        repo.git("repack", "-adq", "--window=0")  # no deltas: each damaged entry costs itself alone
    for sha in bad:
        (damage_packed_object if store == "packed" else damage_loose_object)(repo, sha)
    unreadable: list[git_reader.Unreadable] = []
    got = [(sha, bytes(data)) for sha, data in reader(open_repo(str(repo.path)), shas, unreadable)]
    assert got == [(sha, content[sha]) for sha in shas if sha not in bad]
    assert sorted(u.sha for u in unreadable) == sorted(bad)
    assert all(u.sha in u.reason and not u.reason.startswith("fatal") for u in unreadable)


def test_a_reader_that_dies_for_another_reason_loses_nothing(blobs, monkeypatch):
    """cat-file killed mid-stream (out of memory, a signal): the object it stopped at reads fine
    alone, so it is read, and a new cat-file goes on from the next one."""
    repo, shas, content = blobs
    objects = git_reader._Batch.objects

    def dies_after_two(self, into):
        for n, item in enumerate(objects(self, into)):
            yield item
            if n == 2:
                self._proc.kill()
                return

    monkeypatch.setattr(git_reader._Batch, "objects", dies_after_two)
    unreadable: list[git_reader.Unreadable] = []
    got = [(sha, bytes(data)) for sha, data in git_reader.read_blob_views(open_repo(str(repo.path)), shas,
                                                                          unreadable)]
    assert got == [(sha, content[sha]) for sha in shas] and unreadable == []
