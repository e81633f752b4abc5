"""Spread batches of work over a process pool, results in input order.

The detector (compiled rules, Hyperscan database) is built once in the parent
and inherited by forked workers, so nothing heavy is pickled; only batches go
out and findings come back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_WORK: tuple[Any, Callable[[Any, Any], Any]] | None = None


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _call(batch: Any) -> Any:
    assert _WORK is not None
    state, fn = _WORK
    return fn(state, batch)


def map_batches(state: Any, fn: Callable[[Any, T], R], batches: Sequence[T], jobs: int) -> Iterator[R]:
    """``fn(state, batch)`` for each batch, in order; in-process when one job suffices."""
    global _WORK
    if jobs <= 1 or len(batches) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for batch in batches:
            yield fn(state, batch)
        return
    _WORK = (state, fn)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_call, batches)
    finally:
        _WORK = None


def batches_by_size(items: Sequence[T], size: Callable[[T], int], target: int, max_items: int = 256) -> list[list[T]]:
    """Consecutive batches of about ``target`` bytes, so workers stay evenly loaded."""
    out: list[list[T]] = []
    current: list[T] = []
    total = 0
    for item in items:
        current.append(item)
        total += size(item)
        if total >= target or len(current) >= max_items:
            out.append(current)
            current, total = [], 0
    if current:
        out.append(current)
    return out
