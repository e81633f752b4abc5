"""Suppressions kept in files beside the repository: ``.leakscanignore`` and the baseline.

Loaded once per scan into :class:`~leakscan.suppress.apply.Suppressions`, which
:func:`leakscan.pipeline.finish` applies after inline pragmas and config
allowlists, for every source (files, history, diffs, logs, hooks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from leakscan.config import Config
from leakscan.suppress.apply import Suppressions
from leakscan.suppress.ignorefile import IgnoreFile

if TYPE_CHECKING:  # json is imported only when a baseline is in use (the hook path stays light)
    from leakscan.suppress.baseline import Baseline

BASELINE_NAME = ".leakscan-baseline.json"  # here, not in .baseline: finding it must not import json

# True: find .leakscanignore from the scan's root; False: none; else a file or its path
IgnoreArg: TypeAlias = "IgnoreFile | str | Path | bool"
BaselineArg: TypeAlias = "Baseline | str | Path | None"


def _shown(path: Path) -> str:
    """Relative to the current folder when inside it, so warnings name the file as users typed it."""
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_ignore(ignore: IgnoreArg, root: str | Path | None) -> IgnoreFile | None:
    from leakscan.suppress import ignorefile

    if isinstance(ignore, IgnoreFile):
        return ignore
    if ignore is False:
        return None
    if ignore is True:
        found = ignorefile.find(root or ".")
        return ignorefile.load(_shown(found)) if found else None
    return ignorefile.load(ignore)


def find_baseline(start: str | Path = ".") -> Path | None:
    """The ``.leakscan-baseline.json`` every command uses when present (``--no-baseline`` opts out):
    in ``start`` (a folder, or a file's folder) or the nearest parent, stopping at the repository's
    top, as ``.leakscanignore`` is found; ``leakscan baseline create`` writes it there."""
    import os

    here = Path(os.path.realpath(start))
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / BASELINE_NAME).is_file():
            return folder / BASELINE_NAME
        if (folder / ".git").exists():
            return None
    return None


def load_baseline(baseline: BaselineArg) -> Baseline | None:
    if baseline is None or not isinstance(baseline, (str, Path)):
        return baseline
    from leakscan.suppress.baseline import load

    return load(baseline)


def suppressions(
    config: Config,
    *,
    root: str | Path | None = None,
    ignore: IgnoreArg = True,
    baseline: BaselineArg = None,
    complete: bool = False,
    locate: Callable[[str], str] | None = None,
    today: dt.date | None = None,
) -> Suppressions:
    """What suppresses a scan rooted at ``root`` (None: the current folder).

    ``complete`` says the scan covered all of ``root``: ignore entries that match
    nothing there are stale, and worth a warning.
    """
    found = load_ignore(ignore, root)
    stale = complete and found is not None and Path(found.source).resolve().parent == Path(root or ".").resolve()
    return Suppressions(config, found, load_baseline(baseline), locate, stale, today or dt.date.today())
