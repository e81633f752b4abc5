"""The library API: each function runs the pipeline end to end and returns a ScanResult.

sources -> detect (engine, validators, policy, findings) -> suppression.
Nothing here prints or exits; the CLI and tests call these directly.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from leakscan.config import Config, resolve_config
from leakscan.detect import Detector
from leakscan.model import Finding, Fragment, ScanResult, ScanStats, Skipped
from leakscan.parallel import batches_by_size, default_jobs, map_batches
from leakscan.pipeline import Sink, detect_items, finish, streamed
from leakscan.sources import files
from leakscan.suppress.stored import BaselineArg, IgnoreArg, suppressions
from leakscan.suppress.where import config_relative

if TYPE_CHECKING:
    from leakscan.progress import Meter

BATCH_BYTES = 4 * 1024 * 1024
WINDOWED = 16 * 1024 * 1024  # a text file larger than this is scanned in windows (leakscan.scans.large_files)
SMALL_SCAN = 2 * 1024 * 1024  # below this, forking workers costs more than it saves


def with_depths(config: Config, archive_depth: int | None, decode_depth: int | None) -> Config:
    """The configuration with ``--max-archive-depth`` / ``--max-decode-depth`` applied."""
    if archive_depth is not None:
        config = replace(config, archives=replace(config.archives, max_depth=archive_depth))
    if decode_depth is not None:
        config = replace(config, max_decode_depth=decode_depth)
    return config


def _scan_batch(work: tuple[Detector, Meter | None], batch: list[files.FileEntry]
                ) -> tuple[list[Finding], ScanStats]:
    detector, meter = work
    large = [e for e in batch if e.size > WINDOWED]  # few: their reader's imports cost a small scan ~10 ms
    if large:
        from leakscan.scans import large_files

        large = [e for e in large if large_files.plain_text(e)]
    whole = [e for e in batch if e not in large] if large else batch
    found, stats = detect_items(detector, files.iter_fragments(whole, detector.config.archives))
    if large:  # read in windows: bounded memory whatever the size or the longest line
        for entry in large:
            large_files.scan_windowed(detector, entry, found, stats)
    if meter is not None:
        meter.add(sum(f.size for f in batch), len(batch))
    # a .env file git ignores but a bundler reads: only the values it inlines into client code ship
    key, _ = files.GITIGNORED_ENV
    return [f for f in found if f.client_side or key not in f.extra], stats


def scan_paths(
    paths: Sequence[str] = (".",),
    config: Config | Path | str | None = None,
    *,
    engine: str = "auto",
    jobs: int | None = None,
    now: float | None = None,
    max_file_size: int | None = None,
    baseline: BaselineArg = None,
    ignore: IgnoreArg = True,
    gitignore: bool = True,
    max_archive_depth: int | None = None,
    max_decode_depth: int | None = None,
    on_final: Sink | None = None,
    progress: Meter | None = None,
) -> ScanResult:
    """Scan files and folders (``leakscan scan``), archives among them opened in memory.

    ``on_final`` gets each reported finding once it is final, batch by batch, as the scan runs.

    ``.leakscanignore`` is found from the scanned folder (``ignore`` may name another file,
    or False for none); ``baseline`` is a baseline file or :class:`Baseline` to apply;
    ``gitignore=False`` reads no .gitignore (``--no-ignore``); ``progress`` counts files done.
    """
    started = time.perf_counter()
    cfg = with_depths(resolve_config(config, paths[0] if paths else "."), max_archive_depth, max_decode_depth)
    detector = Detector(cfg, engine=engine, now=now)
    archive_limit = cfg.archives.max_bytes if cfg.archives.max_depth else 0
    walk = files.walk(paths, max_file_size or cfg.max_file_size, cfg.exclude, gitignore, archive_limit)
    stats = ScanStats(skipped=list(walk.skipped), engine=detector.engine, ignored=sorted(walk.ignored))
    total = sum(f.size for f in walk.files)
    if progress is not None:
        progress.begin(len(walk.files), total)
    jobs = jobs or default_jobs()
    if total < SMALL_SCAN:
        jobs = 1
    # a scan of one folder covers it all: ignore entries matching nothing there are stale
    root = paths[0] if len(paths) == 1 else "." if not paths else None
    supp = suppressions(cfg, root=root, ignore=ignore, baseline=baseline,
                        complete=root is not None and os.path.isdir(root),
                        locate=config_relative(cfg, {f.display: f.path for f in walk.files}))
    stream = streamed(supp, on_final)
    found: list[Finding] = []
    batches = batches_by_size(walk.files, lambda f: f.size, min(BATCH_BYTES, max(total // (jobs * 4), 65536)))
    for batch_found, batch_stats in map_batches((detector, progress), _scan_batch, batches, jobs):
        found.extend(batch_found)
        stats.merge(batch_stats)
        stream(batch_found)
    return finish(found, stats, supp, started)


def scan_fragments(
    fragments: Iterable[Fragment | Skipped],
    config: Config | Path | str | None = None,
    *,
    engine: str = "auto",
    now: float | None = None,
    detector: Detector | None = None,
    baseline: BaselineArg = None,
    ignore: IgnoreArg = True,
    on_final: Sink | None = None,
) -> ScanResult:
    """Scan fragments from any source in this process (diffs, tests); suppression as from the current folder.
    ``on_final`` gets each reported finding once it is final, fragment by fragment."""
    started = time.perf_counter()
    cfg = detector.config if detector else resolve_config(config)
    detector = detector or Detector(cfg, engine=engine, now=now)
    supp = suppressions(cfg, ignore=ignore, baseline=baseline)
    found, stats = detect_items(detector, fragments, streamed(supp, on_final))
    return finish(found, stats, supp, started)


def scan_bytes(
    data: bytes,
    path: str = "<bytes>",
    config: Config | Path | str | None = None,
    *,
    engine: str = "auto",
    now: float | None = None,
) -> ScanResult:
    """Scan one buffer as if it were the file ``path`` (its name drives the client-side judgement)."""
    return scan_fragments([Fragment(data=data, path=path)], config, engine=engine, now=now, ignore=False)


def scan_text(
    text: str,
    path: str = "<text>",
    config: Config | Path | str | None = None,
    *,
    engine: str = "auto",
    now: float | None = None,
) -> ScanResult:
    """Scan a string (UTF-8 encoded) as if it were the file ``path``."""
    return scan_bytes(text.encode("utf-8", "surrogatepass"), path, config, engine=engine, now=now)


