"""An ordered map over a stream, spread over forked workers, with a bounded number of items in flight.

:func:`leakscan.parallel.map_batches` wants its batches as a list; a log is a
stream of unknown length that must stay in bounded memory, so here at most
``2 × jobs`` items are out at once and results come back in input order (the
redaction filter writes them in that order).  The state (a compiled scanner)
is inherited by the forked workers, never pickled.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_WORK: tuple[Any, Callable[[Any, Any], Any]] | None = None


def _call(item: Any) -> Any:
    assert _WORK is not None
    state, fn = _WORK
    return fn(state, item)


def map_ordered(state: Any, fn: Callable[[Any, T], R], items: Iterable[T], jobs: int) -> Iterator[tuple[T, R]]:
    """``(item, fn(state, item))`` for each item, in order; in this process when ``jobs`` is 1."""
    global _WORK
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            yield item, fn(state, item)
        return
    _WORK = (state, fn)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pending: deque[tuple[T, Any]] = deque()
            for item in items:
                pending.append((item, pool.apply_async(_call, (item,))))
                if len(pending) >= 2 * jobs:
                    done, result = pending.popleft()
                    yield done, result.get()
            while pending:
                done, result = pending.popleft()
                yield done, result.get()
    finally:
        _WORK = None
