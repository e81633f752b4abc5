"""Suppressions kept in files beside the repository: ``.leakscanignore`` and the baseline.

They apply to a finished :class:`ScanResult` from any source (files, history,
diffs, logs), after inline pragmas and config allowlists, which is why they
are not part of :func:`leakscan.suppress.apply.apply`: every command that emits
results passes through here (``leakscan.cli.output.emit``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from leakscan.model import ScanResult, Suppressed
from leakscan.suppress.apply import split_by_fingerprint
from leakscan.suppress.ignorefile import IgnoreFile

if TYPE_CHECKING:  # json is imported only when a baseline is in use (the hook path stays light)
    from leakscan.suppress.baseline import Baseline


def apply_ignore(result: ScanResult, ignore: IgnoreFile, today: dt.date, report_stale: bool) -> ScanResult:
    """Ignored findings move to ``suppressed`` (kind ``ignore``); expired and stale entries become warnings."""
    warnings = list(result.warnings)
    live = {}
    for entry in ignore.entries:
        if entry.expired(today):
            warnings.append(f"{ignore.where(entry)}: entry {entry.fingerprint[:12]} expired on "
                            f"{entry.expires}; it no longer suppresses ({entry.reason})")
        else:
            live.setdefault(entry.fingerprint, entry)
    kept, suppressed = split_by_fingerprint(
        result, live, lambda e: f"{ignore.where(e)} ({e.reason})", "ignore")
    if report_stale:
        seen = {f.fingerprint for f in result.findings} | {s.finding.fingerprint for s in result.suppressed}
        for fp, entry in live.items():
            if fp not in seen:
                warnings.append(f"{ignore.where(entry)}: entry {fp[:12]} matches no finding (stale; remove it)")
    return replace(result, findings=kept, suppressed=suppressed, warnings=warnings)


def apply_stored(
    result: ScanResult,
    *,
    ignore: IgnoreFile | None = None,
    baseline: Baseline | None = None,
    today: dt.date | None = None,
    report_stale: bool = False,
) -> ScanResult:
    """The ignore file, then the baseline; ``report_stale`` only when the scan covered everything."""
    if ignore is not None:
        result = apply_ignore(result, ignore, today or dt.date.today(), report_stale)
    if baseline is not None:
        from leakscan.suppress.baseline import apply_baseline

        result = apply_baseline(result, baseline)
    return replace(result, suppressed=_order(result.suppressed))


def _shown(path: Path) -> str:
    """Relative to the current folder when inside it, so warnings name the file as users typed it."""
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _order(suppressed: list[Suppressed]) -> list[Suppressed]:
    """The order :func:`leakscan.scan.finish` gives, so reports stay deterministic."""
    return sorted(suppressed, key=lambda s: (s.finding.commit or "", s.finding.path, s.finding.line,
                                             s.finding.column, s.finding.rule_id))


def load_stored(baseline_path: str | None, root: str | Path | None) -> tuple[IgnoreFile | None, Baseline | None]:
    """The ignore file found from ``root`` (default: the current folder) and the named baseline."""
    from leakscan.suppress import ignorefile

    found = ignorefile.find(root or ".")
    ignore = ignorefile.load(_shown(found)) if found else None
    baseline = None
    if baseline_path:
        from leakscan.suppress.baseline import load

        baseline = load(baseline_path)
    return ignore, baseline
