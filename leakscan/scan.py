"""The library API: each function runs the pipeline end to end and returns a ScanResult.

sources -> detect (engine, validators, policy, findings) -> suppression.
Nothing here prints or exits; the CLI and tests call these directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from leakscan.config import Config, find_config, load_config
from leakscan.detect import Detector
from leakscan.findings import share_line_secrets
from leakscan.model import Finding, Fragment, ScanResult, ScanStats, Skipped
from leakscan.parallel import batches_by_size, default_jobs, map_batches
from leakscan.sources import files
from leakscan.suppress.apply import apply
from leakscan.suppress.where import config_relative

BATCH_BYTES = 4 * 1024 * 1024
SMALL_SCAN = 2 * 1024 * 1024  # below this, forking workers costs more than it saves


def resolve_config(config: Config | Path | str | None, root: str = ".") -> Config:
    """An explicit Config or file, else the .leakscan.toml / pyproject beside ``root``."""
    if isinstance(config, Config):
        return config
    if config is not None:
        return load_config(Path(config))
    return load_config(find_config(Path(root)))


def with_depths(config: Config, archive_depth: int | None, decode_depth: int | None) -> Config:
    """The configuration with ``--max-archive-depth`` / ``--max-decode-depth`` applied."""
    if archive_depth is not None:
        config = replace(config, archives=replace(config.archives, max_depth=archive_depth))
    if decode_depth is not None:
        config = replace(config, max_decode_depth=decode_depth)
    return config


def sort_key(finding: Finding) -> tuple[str, str, int, int, str]:
    return (finding.commit or "", finding.path, finding.line, finding.column, finding.rule_id)


def detect_items(detector: Detector, items: Iterable[Fragment | Skipped]) -> tuple[list[Finding], ScanStats]:
    """Findings of every fragment, and the counts: what was scanned, what was skipped and why."""
    stats = ScanStats(engine=detector.engine)
    found: list[Finding] = []
    for item in items:
        if isinstance(item, Skipped):
            stats.skipped.append(item)
            continue
        stats.files_scanned += 1
        stats.bytes_scanned += len(item.data)
        found.extend(detector.detect(item))
    return found, stats


def _scan_batch(detector: Detector, batch: list[files.FileEntry]) -> tuple[list[Finding], ScanStats]:
    return detect_items(detector, files.iter_fragments(batch, detector.config.archives))


def scan_paths(
    paths: Sequence[str] = (".",),
    config: Config | Path | str | None = None,
    *,
    engine: str = "auto",
    jobs: int | None = None,
    now: float | None = None,
    max_file_size: int | None = None,
    max_archive_depth: int | None = None,
    max_decode_depth: int | None = None,
) -> ScanResult:
    """Scan files and folders (``leakscan scan``), archives among them opened in memory."""
    started = time.perf_counter()
    cfg = with_depths(resolve_config(config, paths[0] if paths else "."), max_archive_depth, max_decode_depth)
    detector = Detector(cfg, engine=engine, now=now)
    walk = files.walk(paths, max_file_size or cfg.max_file_size, cfg.exclude)
    stats = ScanStats(skipped=list(walk.skipped), engine=detector.engine)
    total = sum(f.size for f in walk.files)
    jobs = jobs or default_jobs()
    if total < SMALL_SCAN:
        jobs = 1
    found: list[Finding] = []
    batches = batches_by_size(walk.files, lambda f: f.size, min(BATCH_BYTES, max(total // (jobs * 4), 65536)))
    for batch_found, batch_stats in map_batches(detector, _scan_batch, batches, jobs):
        found.extend(batch_found)
        stats.merge(batch_stats)
    return finish(found, stats, cfg, started, config_relative(cfg, {f.display: f.path for f in walk.files}))


def scan_fragments(
    fragments: Iterable[Fragment | Skipped],
    config: Config | Path | str | None = None,
    *,
    engine: str = "auto",
    now: float | None = None,
    detector: Detector | None = None,
) -> ScanResult:
    """Scan fragments from any source in this process (diffs, logs, staged files, tests)."""
    started = time.perf_counter()
    cfg = detector.config if detector else resolve_config(config)
    detector = detector or Detector(cfg, engine=engine, now=now)
    found, stats = detect_items(detector, fragments)
    return finish(found, stats, cfg, started)


def scan_bytes(
    data: bytes,
    path: str = "<bytes>",
    config: Config | Path | str | None = None,
    *,
    engine: str = "auto",
    now: float | None = None,
) -> ScanResult:
    """Scan one buffer as if it were the file ``path`` (its name drives the client-side judgement)."""
    return scan_fragments([Fragment(data=data, path=path)], config, engine=engine, now=now)


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


def finish(found: list[Finding], stats: ScanStats, config: Config, started: float,
           locate: Callable[[str], str] | None = None) -> ScanResult:
    """Suppression and a deterministic order: the same input always gives the same report."""
    kept, suppressed = apply(share_line_secrets(found), config, locate)
    kept.sort(key=sort_key)
    suppressed.sort(key=lambda s: sort_key(s.finding))
    stats.skipped.sort(key=lambda s: s.path)
    stats.elapsed = time.perf_counter() - started
    return ScanResult(findings=kept, suppressed=suppressed, stats=stats)
