"""The library API for what commits *add*: pull-request ranges, pushes and the staged index.

Only added lines count, each with its new line number and the commit that
added it (``git log -p`` / ``git diff --cached`` through
:mod:`leakscan.sources.diff`).  A file git calls binary is read whole from the
object store and scanned when it is text after all (``-diff`` in
.gitattributes must not hide a secret).  The staged scan fails closed: every
staged file is scanned or skipped for a stated reason, or the scan is an error.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from leakscan.config import Config, resolve_config
from leakscan.errors import SourceError
from leakscan.model import Fragment, ScanResult, Skipped
from leakscan.pipeline import detect_items, finish
from leakscan.sources.gitcmd import ZERO, Repo, open_repo
from leakscan.suppress.stored import BaselineArg, IgnoreArg, suppressions

if TYPE_CHECKING:
    from leakscan.sources.diff import FilePatch
    from leakscan.suppress.apply import Suppressions

_DIFF = ("--no-color", "--no-ext-diff", "--no-textconv", "-U0", "-M", "--src-prefix=a/", "--dst-prefix=b/")


def _fragments(repo: Repo, patches: Iterable[FilePatch], limit: int, index: bool = False
               ) -> Iterable[Fragment | Skipped]:
    from leakscan.sources.diff import fragments

    for patch in patches:
        if patch.deleted:
            continue
        if patch.binary:
            yield _whole(repo, f":{patch.path}" if index else f"{patch.commit}:{patch.path}", patch, limit)
            continue
        extra = tuple(patch.meta)
        for item in fragments([patch]):
            if isinstance(item, Fragment):
                item = replace(item, commit=item.commit or patch.commit, extra=item.extra or extra)
            yield item


def _whole(repo: Repo, spec: str, patch: FilePatch, limit: int) -> Fragment | Skipped:
    """A file git diffs as binary: scanned whole when its bytes are text after all."""
    sizes = repo.run("cat-file", "-s", spec, check=False).strip()
    if not sizes.isdigit():
        return Skipped(patch.path, "binary (not readable from git)")
    if int(sizes) > limit:
        return Skipped(patch.path, f"binary and too large ({int(sizes)} bytes > limit {limit})")
    from leakscan.sources.git_objects import kind_of

    data = repo.run("cat-file", "blob", spec)
    kind = kind_of(data)
    if kind not in ("text", "wide"):
        return Skipped(patch.path, "binary")
    extra = tuple(patch.meta)
    if kind == "wide":  # a .env saved as UTF-16 by PowerShell: git calls it binary, it is text
        from leakscan.sources import textenc

        data, wide = textenc.utf8_of(data)
        extra += (("encoding", wide.encoding),) if wide else ()
    return Fragment(data=data, path=patch.path, commit=patch.commit, extra=extra)


def _scan(items: Iterable[Fragment | Skipped], cfg: Config, engine: str, now: float | None,
          started: float, supp: Suppressions) -> ScanResult:
    from leakscan.detect import Detector

    # Hyperscan even for a few staged lines: its database loads from the user's cache in ~2 ms,
    # where the fallback engine compiles the rules' regexes (~15 ms) on every commit
    found, stats = detect_items(Detector(cfg, engine=engine, now=now), items)
    return finish(found, stats, supp, started)


def scan_range(repo_path: str, revisions: str | Sequence[str], config: Config | Path | str | None = None, *,
               engine: str = "auto", max_file_size: int | None = None, now: float | None = None,
               baseline: BaselineArg = None, ignore: IgnoreArg = True, paths: Sequence[str] = ()) -> ScanResult:
    """What the commits of a range added (``A..B``, or rev-list arguments), line by line; ``paths``
    limits it to those files."""
    from leakscan.sources.diff import parse_patch

    started = time.perf_counter()
    repo = open_repo(repo_path)
    cfg = resolve_config(config, repo.root)
    revs = [revisions] if isinstance(revisions, str) else list(revisions)
    for rev in revs:
        for end in rev.replace("...", "..").split(".."):
            if end and not end.startswith("-") and not repo.run("rev-parse", "--verify", "-q", f"{end}^{{commit}}",
                                                                  check=False).strip():
                raise SourceError(f"{end}: unknown revision in {repo.root}")
    proc = repo.popen("log", "-p", "--date=iso-strict", "--format=medium", *_DIFF, *revs, "--", *paths)
    assert proc.stdout is not None
    try:
        items = list(_fragments(repo, parse_patch(proc.stdout), max_file_size or cfg.max_file_size))
    finally:
        proc.stdout.close()
        if proc.wait() != 0:
            raise SourceError(f"git log {' '.join(revs)} failed in {repo.root}")
    return _scan(items, cfg, engine, now, started, suppressions(cfg, root=repo_path, ignore=ignore, baseline=baseline))


def push_revisions(env: Mapping[str, str]) -> list[str]:
    """The commits a push sends, from pre-commit's environment; new branches included."""
    src, dst = env.get("PRE_COMMIT_FROM_REF", ""), env.get("PRE_COMMIT_TO_REF", "")
    if src and dst and src != ZERO:
        return [f"{src}..{dst}"]
    tip = dst or env.get("PRE_COMMIT_LOCAL_BRANCH") or "HEAD"
    remote = env.get("PRE_COMMIT_REMOTE_NAME")
    return [tip, "--not", f"--remotes={remote}" if remote else "--remotes"]


def scan_staged(repo_path: str = ".", files: Sequence[str] = (), config: Config | Path | str | None = None, *,
                engine: str = "auto", max_file_size: int | None = None, now: float | None = None,
                baseline: BaselineArg = None, ignore: IgnoreArg = True) -> ScanResult:
    """The lines the index adds (``leakscan hook``); fails closed when a staged file cannot be read."""
    from leakscan.sources.diff import parse_patch

    started = time.perf_counter()
    repo = open_repo(repo_path, probe_empty=False)
    cfg = resolve_config(config, repo.root)
    paths = ["--", *files] if files else ["--"]
    staged = [p.decode("utf-8", "backslashreplace") for p in
              repo.run("diff", "--cached", "--name-only", "-z", "-M", "--diff-filter=d", *paths).split(b"\0") if p]
    patches = list(parse_patch(repo.run("diff", "--cached", *_DIFF, *paths).splitlines(keepends=True)))
    items = list(_fragments(repo, patches, max_file_size or cfg.max_file_size, index=True))
    accounted = {p.path for p in patches}
    missing = [p for p in staged if p not in accounted]
    if missing:
        raise SourceError(f"{len(missing)} staged file(s) could not be read from the index, refusing to pass "
                          f"them unscanned: {', '.join(missing[:5])}")
    result = _scan(items, cfg, engine, now, started, suppressions(cfg, root=repo_path, ignore=ignore, baseline=baseline))
    _refuse_unread(result, cfg)
    result.warnings.extend(f"staged {s.path} not scanned: {s.reason}" for s in result.stats.skipped)
    return result


def _refuse_unread(result: ScanResult, cfg: Config) -> None:
    """A staged file that is text but could not be read (too large, unreadable) fails the hook,
    unless the user excluded its path; only true binaries stay a counted skip."""
    from leakscan.sources.ignore import LazySpec

    allowed = LazySpec(cfg.exclude) if cfg.exclude else None
    unread = [s for s in result.stats.skipped if s.reason != "binary"
              and not (allowed is not None and allowed.match_file(s.path))]
    if unread:
        named = "; ".join(f"{s.path} ({s.reason})" for s in unread[:5])
        raise SourceError(f"{len(unread)} staged file(s) could not be scanned, refusing to pass them: {named} "
                          "(add the path to [scan] exclude to allow it)")


def hook_mode(files: Sequence[str], env: Mapping[str, str]) -> str:
    """What ``leakscan hook`` scans, as pre-commit calls it: ``range`` when pre-commit names one
    (``run --from-ref/--to-ref``), ``commit`` (the staged lines) inside a commit, where git sets
    GIT_INDEX_FILE, and otherwise ``files``: those it passes, on disk (``run --all-files`` / ``--files``)."""
    if env.get("PRE_COMMIT_FROM_REF") and env.get("PRE_COMMIT_TO_REF"):
        return "range"
    return "commit" if not files or "GIT_INDEX_FILE" in env else "files"


def scan_hook(repo_path: str, files: Sequence[str], env: Mapping[str, str],
              config: Config | Path | str | None = None, *, engine: str = "auto",
              baseline: BaselineArg = None) -> ScanResult:
    """``leakscan hook``, as pre-commit calls it (:func:`hook_mode` says what it scans).

    Files given but nothing scanned is an error, never a pass.
    """
    mode = hook_mode(files, env)
    if mode == "range":
        return scan_range(repo_path, push_revisions(env), config, engine=engine, baseline=baseline, paths=files)
    if mode == "commit":
        return scan_staged(repo_path, files, config, engine=engine, baseline=baseline)
    from leakscan.scans.files import scan_paths

    root = open_repo(repo_path, probe_empty=False).root
    result = scan_paths(files, resolve_config(config, root), engine=engine, jobs=1, baseline=baseline)
    if result.stats.bytes_scanned == 0:
        reasons = "; ".join(f"{s.path} ({s.reason})" for s in result.stats.skipped[:5])
        raise SourceError(f"given {len(files)} file(s) in {root} but scanned 0 bytes"
                          + (f": {reasons}" if reasons else " (all empty)") + "; refusing to pass")
    return result
