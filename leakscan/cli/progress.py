"""``--progress`` on ``scan`` and ``git``: a live bar on stderr (files or blobs, MB, MB/s, ETA), through rich.

On by default only where a person watches: stderr a terminal, and not ``--quiet``. Never on stdout,
so a report piped or redirected stays clean; ``--progress`` forces it (a CI log then gets the final
line), ``--no-progress`` turns it off.  By default the bar appears only once the work has taken
half a second, so quick scans (the hook, small trees) never flash one, and it is erased when done.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator

from leakscan.progress import Meter

DELAY = 0.5  # seconds of work before the default bar appears
TICK = 0.1


def wanted(flag: bool | None, quiet: bool) -> bool:
    """``--progress``/``--no-progress`` win; else on when stderr is a terminal and not ``--quiet``."""
    if flag is not None:
        return flag
    return not quiet and sys.stderr.isatty()


@contextlib.contextmanager
def shown(flag: bool | None, quiet: bool, unit: str) -> Iterator[Meter | None]:
    """A :class:`Meter` for the library to count into while a thread draws it, or None (no progress)."""
    if not wanted(flag, quiet):
        yield None
        return
    meter = Meter()
    stop = threading.Event()
    thread = threading.Thread(target=_draw, args=(meter, stop, unit, 0.0 if flag else DELAY), daemon=True)
    thread.start()
    try:
        yield meter
    finally:
        stop.set()
        thread.join()
        meter.close()


def _draw(meter: Meter, stop: threading.Event, unit: str, delay: float) -> None:
    if stop.wait(delay):
        return  # done before anyone needed a bar
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
    from rich.progress import TransferSpeedColumn as Speed

    console = Console(stderr=True)
    columns = (TextColumn("leakscan"), BarColumn(), TextColumn("{task.fields[count]}"), Speed(),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=console.is_terminal) as live:
        task = live.add_task("scan", total=None, count=f"listing {unit}…")
        while True:
            finished = stop.wait(TICK)
            s = meter.snapshot()
            if s.total:
                live.update(task, total=s.total_bytes or None, completed=s.done_bytes,
                            count=f"{s.done}/{s.total} {unit}, {s.done_bytes / 1e6:.1f} MB")
            if finished:
                return
