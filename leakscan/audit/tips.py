"""Which secrets sit at the tip of some branch, beyond HEAD (the history scan answers for HEAD).

A secret fixed on the default branch but still present on a live branch is not fixed: a branch's tip
is where the next deploy may come from.  Tags are left out: a release tag keeps an old tree forever,
and would hold every fixed secret open.
"""

from __future__ import annotations

from collections import defaultdict

from leakscan.model import Finding
from leakscan.sources import git_reader
from leakscan.sources.gitcmd import Repo


def at_branch_tips(repo: Repo, findings: list[Finding]) -> set[tuple[str, str]]:
    """(fingerprint, path) of each finding not at HEAD whose path holds its secret at some branch's tip."""
    todo = [f for f in findings if not f.extra.get("present_in_head") and f.extra.get("reachable", True)]
    if not todo:
        return set()
    tips = set(repo.run("for-each-ref", "--format=%(objectname)", "refs/heads").decode().split())
    head = repo.run("rev-parse", "-q", "--verify", "HEAD", check=False).decode().strip()
    tips.discard(head)
    paths = sorted({f.path for f in todo})
    blobs_at: dict[str, set[str]] = defaultdict(set)  # path -> blobs it has at some tip
    for tip in sorted(tips):
        listing = repo.run("ls-tree", "-z", "--full-tree", tip, "--", *paths, check=False)
        for entry in listing.split(b"\0"):
            meta, _, name = entry.partition(b"\t")
            fields = meta.split()
            if len(fields) == 3 and fields[1] == b"blob":
                blobs_at[name.decode("utf-8", "backslashreplace")].add(fields[2].decode())
    wanted = sorted({sha for shas in blobs_at.values() for sha in shas})
    unreadable: list[git_reader.Unreadable] = []
    contents = dict(git_reader.read_blobs(repo, wanted, unreadable)) if wanted else {}
    unsure = {u.sha for u in unreadable}  # a tip blob that cannot be read may still hold it: never "fixed"
    return {(f.fingerprint, f.path) for f in todo
            if any(sha in unsure or f.secret.reveal().encode() in contents.get(sha, b"")
                   for sha in blobs_at.get(f.path, ()))}
