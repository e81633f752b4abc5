"""Spread batches of work over forked processes, results in input order.

The detector (compiled rules, Hyperscan database) is built once in the parent
and inherited by forked workers, so nothing heavy is pickled: workers share
the batch list by inheritance, take batch numbers from one pipe (so a slow
batch does not hold the others up), and send back only their results.  The
parent works too, so ``jobs`` processes run in all.  This costs far less than
a ``multiprocessing`` pool (its import, threads, and pickled batches), which
matters when a whole scan takes a fraction of a second.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def map_batches(state: Any, fn: Callable[[Any, T], R], batches: Sequence[T], jobs: int) -> Iterator[R]:
    """``fn(state, batch)`` for each batch, in order; in-process when one job suffices."""
    jobs = min(jobs, len(batches))
    if jobs <= 1 or not hasattr(os, "fork"):
        for batch in batches:
            yield fn(state, batch)
        return
    if len(batches) > _MAX_TICKETS:  # keep every ticket in the pipe buffer: regroup consecutive batches
        per = -(-len(batches) // _MAX_TICKETS)
        grouped = [batches[i : i + per] for i in range(0, len(batches), per)]
        for results in map_batches((state, fn), _run_group, grouped, jobs):
            yield from results
        return
    tickets_r, tickets_w = os.pipe()
    os.write(tickets_w, b"".join(_TICKET.pack(i) for i in range(len(batches))))
    os.close(tickets_w)
    children: list[tuple[int, int]] = []
    finished = False
    try:
        for _ in range(jobs - 1):
            results_r, results_w = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                os.close(results_r)
                _child(state, fn, batches, tickets_r, results_w)
            os.close(results_w)
            children.append((pid, results_r))
        done: dict[int, Any] = dict(_work(state, fn, batches, tickets_r))
        for pid, results_r in children:
            done.update(_receive(pid, results_r))
        finished = True
    finally:
        os.close(tickets_r)
        for pid, results_r in children:
            _reap(pid, results_r, kill=not finished)
    for index in range(len(batches)):
        yield done[index]


_TICKET = struct.Struct("<I")
_MAX_TICKETS = 4096 // _TICKET.size  # all tickets are written before any process reads: stay within any pipe buffer


def _run_group(work: tuple[Any, Callable[[Any, Any], Any]], group: Sequence[Any]) -> list[Any]:
    state, fn = work
    return [fn(state, batch) for batch in group]


def _work(state: Any, fn: Callable[[Any, Any], Any], batches: Sequence[Any], tickets: int) -> Iterator[tuple[int, Any]]:
    while ticket := os.read(tickets, _TICKET.size):  # pipe reads this small are atomic: one owner per batch
        (index,) = _TICKET.unpack(ticket)
        yield index, fn(state, batches[index])


def _child(state: Any, fn: Callable[[Any, Any], Any], batches: Sequence[Any], tickets: int, out: int) -> None:
    """Work, send ``(ok, payload)`` back, and leave without running the parent's cleanup."""
    status = 0
    payload: tuple[bool, Any]
    try:
        try:
            payload = (True, list(_work(state, fn, batches, tickets)))
        except BaseException as exc:  # noqa: BLE001 - any failure is re-raised in the parent
            payload = (False, f"{type(exc).__name__}: {exc}")
        with os.fdopen(out, "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 - e.g. the parent went away; nothing left to report to
        status = 1
    finally:
        os._exit(status)  # never flush or clean up what the parent owns (its stdout buffer, temp files)


def _receive(pid: int, results_r: int) -> list[tuple[int, Any]]:
    with os.fdopen(os.dup(results_r), "rb") as fh:
        data = fh.read()
    if not data:
        raise RuntimeError(f"worker process {pid} died without a result")
    ok, payload = pickle.loads(data)
    if not ok:
        raise RuntimeError(f"worker process {pid} failed: {payload}")
    return payload  # type: ignore[no-any-return]


def _reap(pid: int, results_r: int, kill: bool) -> None:
    os.close(results_r)
    with contextlib.suppress(ProcessLookupError, ChildProcessError):
        if kill:
            os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)


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
