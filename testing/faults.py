"""Faults injected into audit workers by tests (importable, so Dask workers can unpickle them)."""

from __future__ import annotations

import os
from pathlib import Path

from leakscan.audit.records import RepoOutcome, ScanTask
from leakscan.audit.scanner import scan_repo


def die_once(task: ScanTask) -> RepoOutcome:
    """Kill the worker process the first time it meets each repository (marker files in $LEAKSCAN_TEST_MARKS)."""
    marks = Path(os.environ["LEAKSCAN_TEST_MARKS"])
    mark = marks / Path(task.target.location).name
    if not mark.exists():
        mark.write_text("died\n")
        os._exit(1)
    return scan_repo(task)
