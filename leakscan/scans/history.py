"""The library API for full-history audits (``leakscan git``): each unique blob scanned once.

Forked workers each read their share of the blobs through their own
``git cat-file --batch``, in pack order:

1. every blob, without its path: Hyperscan says whether any rule could match;
2. the few blobs that hit go through the detector under the path they have in
   history.  ``rev-list --objects --all`` names the blobs meanwhile; it is usually
   done within the first second, and hits met before that are held until it is.
   Hits it could not name in time (or all of them, if the walk had to be redone)
   are read again afterwards;
3. attribute only the blobs that hold a finding (:mod:`leakscan.sources.git_attribution`),
   keeping one finding per (secret, path).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from leakscan.config import Config, resolve_config
from leakscan.detect import Detector
from leakscan.model import Finding, Fragment, ScanResult, ScanStats, Skipped
from leakscan.parallel import batches_by_size, default_jobs, map_batches
from leakscan.pipeline import finish
from leakscan.scans.files import SMALL_SCAN
from leakscan.sources import archives, git_attribution, git_objects, textenc
from leakscan.sources.git_objects import Blob
from leakscan.sources.git_reader import Unreadable, read_blob_views, read_blobs
from leakscan.sources.gitcmd import Background, Repo, open_repo
from leakscan.suppress.stored import BaselineArg, IgnoreArg, suppressions

if TYPE_CHECKING:
    from leakscan.progress import Meter

T = TypeVar("T")
_SKIP_REASON = {"binary": "binary", "lfs": "Git LFS pointer (the content is stored outside git)"}


HELD = 128 << 20  # bytes of hit blobs a worker keeps for detection until the history walk ends


@dataclass(frozen=True)
class _Work:
    detector: Detector
    repo: Repo
    names: dict[str, bytes]
    walk: git_objects.Names | None = None
    all_objects: bool = False
    meter: Meter | None = None  # --progress: blobs read, from every worker


@dataclass
class _Pass1:
    hits: list[str]  # blobs some rule could match
    skipped: list[tuple[str, str]]  # (blob, kind)
    scanned: list[str]
    missing: int = 0
    found: list[Finding] = field(default_factory=list)  # from the hits detected here, under their paths
    deferred: list[str] = field(default_factory=list)  # hits left for a second read (their paths came too late)
    unreadable: list[Unreadable] = field(default_factory=list)  # listed by the store, but git cannot read them
    faults: list[Skipped] = field(default_factory=list)  # rules stopped on a blob (regex timeout)


def _scan_blobs(work: _Work, batch: list[Blob]) -> _Pass1:
    """Which blobs any rule could match (Hyperscan), and what the detector finds in those.

    Paths come from the history walk, which runs meanwhile: hits met before it
    ends are held (up to :data:`HELD` bytes) and detected once it has.
    """
    probe = work.detector.matcher.probe  # decoding's gate included: what could match once decoded
    out = _Pass1([], [], [])
    received = held_bytes = 0
    held: list[tuple[str, bytes]] = []
    names = None
    for sha, view in read_blob_views(work.repo, [b.sha for b in batch], out.unreadable):
        received += 1
        if work.meter is not None:
            work.meter.add(len(view))
        kind = git_objects.kind_of(view.obj, len(view))  # type: ignore[arg-type]
        if kind == "wide":  # UTF-16/UTF-32 text, scanned as the UTF-8 it reads as
            view = memoryview(textenc.utf8_of(view)[0])
        elif kind == "binary" and archives.kind_of("", view[:512]):  # type: ignore[arg-type]
            kind = "archive"  # compressed: no probe can see inside, so every archive is opened
        elif kind != "text":
            out.skipped.append((sha, kind))
            continue
        out.scanned.append(sha)
        if kind != "archive" and not probe(view):
            continue
        data = bytes(view)
        out.hits.append(sha)
        if names is None and work.walk is not None:
            names = work.walk.early()
        if names is not None:
            out.found.extend(_detect_one(work, names, sha, data, out.faults))
        elif held_bytes + len(data) <= HELD:
            held.append((sha, data))
            held_bytes += len(data)
        else:
            out.deferred.append(sha)
    if held:
        names = work.walk.early(wait=True) if work.walk is not None else None
        for sha, data in held:
            if names is None:
                out.deferred.append(sha)
            else:
                out.found.extend(_detect_one(work, names, sha, data, out.faults))
    out.missing = len(batch) - received - len(out.unreadable)
    return out


def _detect_one(work: _Work, names: dict[str, bytes], sha: str, data: bytes, faults: list[Skipped]
                ) -> list[Finding]:
    if not (work.all_objects or sha in names):
        return []  # unreachable, and not asked for
    path, extra = blob_path(sha, names), (("blob", sha),)
    if not archives.kind_of("", data[:512]):
        return work.detector.detect(Fragment(data=data, path=path, extra=extra), faults)
    found = []  # a committed release zip, jar or tarball: its text entries, as `scan` reads them
    for item in archives.expand(data, path, work.detector.config.archives):
        if isinstance(item, Skipped):
            faults.append(item)  # listed with the scan's skips (a fault only when it says so)
        else:
            found.extend(work.detector.detect(replace(item, extra=extra), faults))
    return found


def blob_path(sha: str, names: dict[str, bytes]) -> str:
    """The printable path a blob goes by; unreachable blobs have none."""
    name = names.get(sha)
    if name is None:
        return f"unreachable:{sha}"
    return name.decode("utf-8", "backslashreplace")


def _batches(blobs: list[Blob], jobs: int) -> list[list[Blob]]:
    # one batch per worker, contiguous in pack order: each batch's git process resolves a delta
    # chain once (splitting the pack further made git redo ~15% of its work per split)
    total = sum(b.size for b in blobs)
    return batches_by_size(blobs, lambda b: b.size, max(total // jobs + 1, 1 << 20), max_items=1 << 30)


def scan_history(
    repo_path: str = ".",
    config: Config | Path | str | None = None,
    *,
    all_objects: bool = False,
    engine: str = "auto",
    jobs: int | None = None,
    now: float | None = None,
    max_file_size: int | None = None,
    baseline: BaselineArg = None,
    ignore: IgnoreArg = True,
    known_clean: set[str] | None = None,
    progress: Meter | None = None,
) -> ScanResult:
    """Every blob reachable from any ref (or every blob in the store): ``leakscan git``.

    ``.leakscanignore`` is read from the repository (a full history covers it, so its
    entries matching nothing are stale).  ``known_clean`` (audits): blobs no rule could
    match under this config, found by an earlier scan; they are not read, and the set
    gains the blobs this scan found so.  ``progress`` counts the blobs read, for a display.
    """
    started = time.perf_counter()
    repo = open_repo(repo_path)
    listing = git_objects.list_blobs(repo)  # while the rules compile
    # walks the history on the other core while the store is listed, and on while the blobs are scanned
    pending_names = git_objects.Names(repo)
    cfg = resolve_config(config, repo.root)
    detector = Detector(cfg, engine=engine, now=now)
    limit = max_file_size or cfg.max_file_size
    blobs = git_objects.blobs_listed(listing)
    jobs = jobs or default_jobs()
    work = _Work(detector, repo, {}, pending_names, all_objects, progress)
    skip = known_clean or set()
    todo = [b for b in blobs if b.size <= limit and b.sha not in skip]
    if progress is not None:
        progress.begin(len(todo), sum(b.size for b in todo))
    passes = _parallel(work, _scan_blobs, todo, jobs)
    if known_clean is not None:  # the prefilter reads content only, so "clean" holds under any path
        known_clean.update(sha for p in passes for sha in set(p.scanned).difference(p.hits))
    names = pending_names.result()
    keep = (lambda sha: True) if all_objects or pending_names.error else names.__contains__  # noqa: E731
    sizes = {b.sha: b.size for b in blobs}
    stats = ScanStats(engine=detector.engine)
    scanned = [sha for p in passes for sha in p.scanned if keep(sha)]
    stats.files_scanned, stats.bytes_scanned = len(scanned), sum(sizes[sha] for sha in scanned)
    skipped = [(b.sha, f"too large ({b.size} bytes > limit {limit})") for b in blobs if b.size > limit]
    skipped += [(sha, _SKIP_REASON[kind]) for p in passes for sha, kind in p.skipped]
    stats.skipped = _collapse([(sha, why) for sha, why in skipped if keep(sha)], names)
    if pending_names.early_valid:  # the workers detected their hits under the right paths
        found = [f for p in passes for f in p.found]
        again = [sha for p in passes for sha in p.deferred if keep(sha)]
    else:  # the walk failed or was redone: every hit again, under the names result() settled on
        found, again = [], [sha for p in passes for sha in p.hits if keep(sha)]
    graph = git_attribution.commit_graph(repo) if (found or again) and not repo.empty else None  # meanwhile
    hits = [Blob(sha, sizes[sha]) for sha in again]
    second = _parallel(_Work(detector, repo, names), _detect, hits, jobs)
    found += [f for p in second for f in p.found]
    passes += second
    stats.skipped += _unreadable(repo, [u for p in passes for u in p.unreadable if keep(u.sha)], names)
    stats.skipped += dict.fromkeys(s for p in passes for s in p.faults)  # once per (path, rule)
    supp = suppressions(cfg, root=repo_path, ignore=ignore, baseline=baseline, complete=True)
    result = finish(_attribute(repo, found, names, graph), stats, supp, started)
    unread = sum(p.missing for p in passes)
    result.incomplete.extend(_incomplete(pending_names, unread))
    result.warnings.extend(_warnings(repo, names, pending_names, unread))
    return result


def _detect(work: _Work, batch: list[Blob]) -> _Pass1:
    """The detector on hits read again: those whose paths were not known in time."""
    out = _Pass1([], [], [])
    for sha, data in read_blobs(work.repo, [b.sha for b in batch], out.unreadable):
        text = data if archives.kind_of("", data[:512]) else textenc.utf8_of(data)[0]
        out.found.extend(_detect_one(work, work.names, sha, text, out.faults))
    return out


def _unreadable(repo: Repo, bad: list[Unreadable], names: dict[str, bytes]) -> list[Skipped]:
    """One fault per object git could not read, under the path the walk gave it, naming every other
    path it had in history: the scan is incomplete by exactly these blobs."""
    if not bad:
        return []
    paths = git_objects.paths_holding(repo, (u.sha for u in bad))
    out = []
    for u in bad:
        path = blob_path(u.sha, names)
        others = sorted(p.decode("utf-8", "backslashreplace") for p in paths.get(u.sha, ()))
        others = [p for p in others if p != path]
        also = f"; also at {', '.join(others)}" if others else ""
        out.append(Skipped(path, f"unreadable git object ({u.reason}{also})", fault=True))
    return out


def _parallel(work: _Work, fn: Callable[[_Work, list[Blob]], T], blobs: list[Blob], jobs: int) -> list[T]:
    if sum(b.size for b in blobs) < SMALL_SCAN:
        jobs = 1
    return list(map_batches(work, fn, _batches(blobs, jobs), jobs))


def _collapse(skipped: list[tuple[str, str]], names: dict[str, bytes]) -> list[Skipped]:
    """One Skipped per (path, reason), however many versions of the file were skipped."""
    counts = Counter((blob_path(sha, names), reason) for sha, reason in skipped)
    return [Skipped(path if n == 1 else f"{path} ({n} versions)", reason)
            for (path, reason), n in counts.items()]


def _attribute(repo: Repo, found: list[Finding], names: dict[str, bytes], graph: Background | None
               ) -> list[Finding]:
    """One finding per (secret, path), named after the commit that introduced it there."""
    groups: dict[tuple[str, bytes], dict[str, Finding]] = {}
    for f in found:
        blob = f.extra["blob"]
        raw = names.get(blob, b"")  # the raw path (non-UTF-8 names included); b"" when unreachable
        per_blob = groups.setdefault((f.fingerprint, raw), {})
        if blob not in per_blob or (f.line, f.column) < (per_blob[blob].line, per_blob[blob].column):
            per_blob[blob] = f
    walked = git_attribution.graph_listed(graph) if graph is not None else []
    history = _follow_renames(repo, groups, walked)
    meta = git_attribution.commit_meta(repo, (a.commit for a in history.values() if a.commit))
    out = []
    for key, per_blob in groups.items():
        att = history.get(key)
        blob = att.blob if att and att.blob in per_blob else min(per_blob)
        finding = per_blob[blob]
        extra: dict[str, object] = {"blob": blob}
        if att is None:
            extra["reachable"] = False
        else:
            extra.update(present_in_head=att.present_in_head, commits_carrying=att.carried_by)
            if att.introductions > 1:
                extra["introduced_independently"] = att.introductions
            if att.commit in meta:
                m = meta[att.commit]
                extra.update(author=f"{m.author} <{m.email}>", date=m.date, subject=m.subject)
            if repo.shallow:
                extra["shallow_history"] = True
        outer = finding.archive[0] if finding.archive else finding.path
        path = key[1].decode("utf-8", "backslashreplace") if key[1] else outer
        chain = (path, *finding.archive[1:]) if finding.archive else ()  # an archive's entry keeps its inner path
        out.append(replace(finding, path="!".join(chain) or path, archive=chain, commit=att.commit if att else None,
                           extra=extra))
    return out


def _follow_renames(repo: Repo, groups: dict[tuple[str, bytes], dict[str, Finding]],
                    graph: git_attribution.Graph) -> dict[tuple[str, bytes], git_attribution.Attribution]:
    """Attribute each (secret, path); a path that got the secret by a rename or copy adds the old path
    (git names a blob after one path only, so an unchanged renamed file would otherwise hide its origin)."""
    history: dict[tuple[str, bytes], git_attribution.Attribution] = {}
    todo = {key: set(blobs) for key, blobs in groups.items() if key[1]}
    for _ in range(20):  # rename chains are short; bounded all the same
        if not todo:
            break
        history.update(git_attribution.attribute(repo, todo, graph))
        found, todo = todo, {}
        moves = git_attribution.renames(repo, {c for key in found if (c := history[key].commit)})
        for key, blobs in found.items():
            origin = moves.get(history[key].commit or "", {}).get(key[1])
            if origin and origin[1] in blobs and (key[0], origin[0]) not in history:
                todo[(key[0], origin[0])] = blobs
                groups[(key[0], origin[0])] = groups[key]
    return history


def _incomplete(walk: git_objects.Names, unread: int) -> list[str]:
    """Why the history was not read whole (``ScanResult.incomplete``): an audit must not call it clean."""
    out = []
    if walk.error:
        out.append(f"could not walk the history ({walk.error}): every object in the store was scanned, "
                   "and findings could not be attributed to commits")
    if unread + walk.missing:
        out.append(f"{unread + walk.missing} objects could not be read (missing or corrupt): not scanned")
    return out


def _warnings(repo: Repo, names: dict[str, bytes], walk: git_objects.Names, unread: int) -> list[str]:
    out = _incomplete(walk, unread)
    if repo.empty:
        out.append("the repository has no commits: nothing in history to scan")
    if repo.shallow:
        out.append("shallow clone: only the history that was fetched is scanned, and a secret older than "
                   "the clone's depth is attributed to the oldest fetched commit (git fetch --unshallow "
                   "for a full audit)")
    if any(name == b".gitmodules" or name.endswith(b"/.gitmodules") for name in names.values()):
        paths = repo.run("config", "--blob", "HEAD:.gitmodules", "--get-regexp", r"\.path$", check=False)
        listed = ", ".join(line.split(" ", 1)[-1] for line in paths.decode("utf-8", "replace").splitlines())
        out.append(f"submodules are not scanned (scan each submodule's own repository): {listed or 'see .gitmodules'}")
    return out
