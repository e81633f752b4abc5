"""Progress of an audit on stderr, through ``rich`` (repositories done / total, blobs, MB/s, ETA).

rich because it is well kept, already pulled in by much of the Python tooling users have, and draws a
live bar that degrades to nothing off a terminal.  Shown on a TTY, or anywhere with ``--progress``;
never in pipes or CI logs otherwise.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator

from leakscan.audit.records import RepoOutcome
from leakscan.audit.runner import Progress


def wanted(flag: bool | None) -> bool:
    """``--progress``/``--no-progress`` win; else on when stderr is a terminal."""
    return sys.stderr.isatty() if flag is None else flag


@contextlib.contextmanager
def bar(total: int, enabled: bool) -> Iterator[Progress | None]:
    if not enabled or total == 0:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as RichProgress

    started = time.monotonic()
    totals = {"blobs": 0, "bytes": 0}
    columns = (TextColumn("audit"), BarColumn(), MofNCompleteColumn(), TextColumn("repos  {task.fields[detail]}"),
               TimeRemainingColumn())
    console = Console(stderr=True, force_terminal=None if sys.stderr.isatty() else False)
    with RichProgress(*columns, console=console, transient=False) as live:
        task = live.add_task("audit", total=total, detail="")

        def advance(outcome: RepoOutcome) -> None:
            totals["blobs"] += outcome.blobs_read
            totals["bytes"] += outcome.bytes_read
            rate = totals["bytes"] / 1e6 / max(time.monotonic() - started, 1e-6)
            live.update(task, advance=1, detail=f"{totals['blobs']} blobs, {rate:.1f} MB/s")
            if not outcome.ok:
                live.console.print(f"leakscan: audit of {outcome.location} failed: {outcome.reason}")

        yield advance
