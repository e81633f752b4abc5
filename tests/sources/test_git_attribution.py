"""Attribution against a brute-force oracle: random histories with branches and merges.

The oracle asks git for the blob every commit holds at the path (``rev-parse C:path``);
git_attribution must agree on which commits carry the secret, which introduced it,
and whether HEAD holds it.
"""

from __future__ import annotations

import subprocess

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakscan.sources import git_attribution
from leakscan.sources.gitcmd import open_repo
from testing.gitrepo import GitRepo

PATH = "conf/app.env"
VARIANTS = {  # content -> holds the "secret"
    "secret": ("KEY=s3cret-value\n", True),
    "secret-edited": ("KEY=s3cret-value\nDEBUG=1\n", True),
    "clean": ("KEY=\n", False),
    "gone": (None, False),
}

ops = st.lists(
    st.one_of(
        st.tuples(st.just("write"), st.sampled_from(sorted(VARIANTS))),
        st.tuples(st.just("branch"), st.just(0)),
        st.tuples(st.just("switch"), st.integers(0, 3)),
        st.tuples(st.just("merge"), st.integers(0, 3)),
    ),
    min_size=1, max_size=12,
)


def build(repo: GitRepo, steps: list[tuple[str, object]]) -> None:
    repo.commit("root", {"README": "r\n"})
    branches = ["main"]
    for op, arg in steps:
        if op == "write":
            text, _ = VARIANTS[str(arg)]
            exists = (repo.path / PATH).exists()
            if text is None and not exists:
                continue
            repo.commit(f"write {arg}", {PATH: text})
        elif op == "branch":
            name = f"b{len(branches)}"
            repo.git("checkout", "-q", "-b", name)
            branches.append(name)
        elif op == "switch":
            repo.git("checkout", "-q", branches[int(arg) % len(branches)])  # type: ignore[arg-type]
        else:
            other = branches[int(arg) % len(branches)]  # type: ignore[arg-type]
            try:
                repo.git("merge", "-q", "--no-edit", "--no-ff", "-X", "theirs", other)
            except subprocess.CalledProcessError:  # modify/delete conflicts: resolve by taking theirs
                repo.git("checkout", "--theirs", "--", ".") if (repo.path / PATH).exists() else None
                repo.git("add", "-A")
                repo.git("commit", "-q", "--no-edit")


def oracle(repo: GitRepo, blobs: set[str]) -> tuple[int, set[str], bool]:
    graph = [line.split() for line in repo.git("rev-list", "--all", "--parents").splitlines()]
    at = {}
    for sha, *_ in graph:
        proc = subprocess.run(["git", "-C", str(repo.path), "rev-parse", "-q", "--verify", f"{sha}:{PATH}"],
                              capture_output=True, text=True)
        at[sha] = proc.stdout.strip() or None
    carrying = {sha for sha, blob in at.items() if blob in blobs}
    introduced = {sha for sha, *parents in graph if sha in carrying and not any(p in carrying for p in parents)}
    return len(carrying), introduced, at[repo.head()] in blobs


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=ops)
def test_attribution_matches_brute_force(tmp_path_factory, steps):
    repo = GitRepo(tmp_path_factory.mktemp("hist") / "r")
    build(repo, steps)
    blobs = {repo.git("hash-object", "--stdin", input=text.encode())
             for text, secret in VARIANTS.values() if secret and text}
    carried, introduced, in_head = oracle(repo, blobs)
    result = git_attribution.attribute(open_repo(str(repo.path)), {("k", PATH.encode()): blobs})
    att = result[("k", PATH.encode())]
    assert (att.carried_by, att.present_in_head, att.introductions) == (carried, in_head, len(introduced))
    assert att.commit in introduced if introduced else att.commit is None
