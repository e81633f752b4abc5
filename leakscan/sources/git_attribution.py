"""Who introduced a secret at a path, and how long it stayed: only for blobs that hold findings.

For the few paths with findings, ``git log --raw`` (diffs against the first
parent only, merges included) gives every change of those paths; replaying
the changes over the commit graph in topological order gives the blob each
commit holds at each path.  A commit *carries* a secret when that blob is one
of the blobs holding it; it *introduced* the secret when none of its parents
carries it.  Exact for merges and branches, and cheap: the pathspec lets git
prune every other tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from leakscan.sources.gitcmd import Background, Repo

_CHUNK = 500  # paths per git log call (command-line length)


@dataclass(frozen=True)
class Attribution:
    commit: str | None  # the (earliest) commit that introduced the secret at the path
    blob: str | None  # the blob that commit holds at the path
    introductions: int  # commits that introduced it independently (e.g. on two branches)
    carried_by: int  # commits whose tree holds it at the path
    present_in_head: bool


@dataclass(frozen=True)
class CommitMeta:
    author: str
    email: str
    date: str
    subject: str


def commit_graph(repo: Repo) -> Background:
    """Start listing every commit reachable from a ref with its parents, parents first."""
    return repo.background("rev-list", "--all", "--parents", "--topo-order", "--reverse")


def graph_listed(listing: Background) -> list[tuple[str, tuple[str, ...]]]:
    out = listing.output()
    graph = []
    for line in out.decode().splitlines():
        sha, *parents = line.split()
        graph.append((sha, tuple(parents)))
    return graph


def path_changes(repo: Repo, paths: Iterable[bytes]) -> dict[str, dict[bytes, str | None]]:
    """commit -> {path: new blob, or None when deleted}, against each commit's first parent."""
    changes: dict[str, dict[bytes, str | None]] = {}
    todo = sorted(set(paths))
    for i in range(0, len(todo), _CHUNK):
        out = repo.run("log", "--all", "--full-history", "--diff-merges=first-parent", "--raw", "-z",
                       "--no-abbrev", "--no-renames", "--format=%x01%H", "--", *todo[i : i + _CHUNK])
        for chunk in out.split(b"\x01")[1:]:
            sha, _, rest = chunk.partition(b"\0")
            tokens = rest.lstrip(b"\n").split(b"\0")
            mine = changes.setdefault(sha.decode(), {})
            for header, path in zip(tokens[0::2], tokens[1::2], strict=False):
                fields = header.split()
                if len(fields) < 5 or not header.startswith(b":"):
                    continue
                new, status = fields[3].decode(), fields[4][:1]
                mine[path] = None if status == b"D" or set(new) == {"0"} else new
    return changes


Graph = list[tuple[str, tuple[str, ...]]]


def attribute(repo: Repo, wanted: dict[tuple[str, bytes], set[str]], graph: Graph | None = None
              ) -> dict[tuple[str, bytes], Attribution]:
    """For each (secret id, path) with the blobs that hold that secret: its history at that path.

    ``graph`` (from :func:`graph_listed`) saves walking the commits again on a second call."""
    if not wanted:
        return {}
    listing = commit_graph(repo) if graph is None else None  # runs while the paths' changes are read
    changes = path_changes(repo, {path for _, path in wanted})
    walked: Graph = graph if listing is None else graph_listed(listing)  # type: ignore[assignment]
    head = repo.run("rev-parse", "--verify", "-q", "HEAD", check=False).decode().strip()
    by_path: dict[bytes, list[tuple[str, set[str]]]] = {}
    for (key, path), blobs in wanted.items():
        by_path.setdefault(path, []).append((key, blobs))
    out: dict[tuple[str, bytes], Attribution] = {}
    for path, secrets in by_path.items():
        state = _replay(walked, changes, path)
        for key, blobs in secrets:
            out[(key, path)] = _judge(walked, state, blobs, head)
    return out


def _replay(graph: list[tuple[str, tuple[str, ...]]], changes: dict[str, dict[bytes, str | None]],
            path: bytes) -> dict[str, str | None]:
    """The blob each commit holds at ``path``: its own change, else its first parent's."""
    state: dict[str, str | None] = {}
    for sha, parents in graph:
        change = changes.get(sha)
        if change is not None and path in change:
            state[sha] = change[path]
        else:
            state[sha] = state.get(parents[0]) if parents else None
    return state


def _judge(graph: list[tuple[str, tuple[str, ...]]], state: dict[str, str | None], blobs: set[str],
           head: str) -> Attribution:
    carried = 0
    introductions: list[str] = []
    for sha, parents in graph:
        if state[sha] not in blobs:
            continue
        carried += 1
        if not any(state.get(p) in blobs for p in parents):
            introductions.append(sha)
    return Attribution(
        commit=introductions[0] if introductions else None,
        blob=state[introductions[0]] if introductions else None,
        introductions=len(introductions),
        carried_by=carried,
        present_in_head=bool(head) and state.get(head) in blobs,
    )


def commit_meta(repo: Repo, shas: Iterable[str]) -> dict[str, CommitMeta]:
    """Author, date and subject of each commit, in one git call."""
    todo = sorted(set(shas))
    if not todo:
        return {}
    out = repo.run("log", "--no-walk=unsorted", "-z", "--format=%H%x01%an%x01%ae%x01%aI%x01%s", *todo)
    meta = {}
    for record in out.split(b"\0"):
        fields = record.decode("utf-8", "replace").split("\x01")
        if len(fields) == 5:
            meta[fields[0]] = CommitMeta(*fields[1:])
    return meta


def renames(repo: Repo, commits: Iterable[str]) -> dict[str, dict[bytes, tuple[bytes, str]]]:
    """commit -> {new path: (old path, old blob)} for what each commit renamed or copied
    (against its first parent); the diff-trees run side by side."""
    todo = sorted(set(commits))
    out: dict[str, dict[bytes, tuple[bytes, str]]] = {}
    for i in range(0, len(todo), 8):
        jobs = {sha: repo.background("diff-tree", "-r", "-M", "-C", "--root", "--no-commit-id", "--raw", "-z",
                                     "--no-abbrev", sha) for sha in todo[i : i + 8]}
        for sha, job in jobs.items():
            out[sha] = _parse_renames(job.output(check=False))  # no rename found is the safe answer
    return out


def _parse_renames(raw: bytes) -> dict[bytes, tuple[bytes, str]]:
    found: dict[bytes, tuple[bytes, str]] = {}
    tokens = raw.split(b"\0")
    i = 0
    while i < len(tokens):
        fields = tokens[i].split()
        if not tokens[i].startswith(b":") or len(fields) < 5:
            i += 1
        elif fields[4][:1] in (b"R", b"C") and i + 2 < len(tokens):
            found[tokens[i + 2]] = (tokens[i + 1], fields[2].decode())
            i += 3
        else:
            i += 2
    return found
