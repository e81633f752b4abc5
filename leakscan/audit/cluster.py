"""Scale-out on Dask ``distributed``: each repository is a task; workers return outcomes, the coordinator writes.

Dask reschedules the tasks of a worker that dies (``distributed.scheduler.allowed-failures``), so a
lost worker costs time, not results.  Needs the ``leakscan[distributed]`` extra.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from leakscan.audit.records import RepoOutcome, ScanTask
from leakscan.audit.scanner import scan_repo
from leakscan.errors import UsageError


def _client(scheduler: str | None, local_workers: int | None) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--dask-scheduler/--local-cluster need Dask: pip install 'leakscan[distributed]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout=30), None  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    # processes, one thread each: a history scan holds the GIL, and forks its own git readers;
    # everything on the loopback interface (a local cluster is no server for the network)
    cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                           host="127.0.0.1",
                           dashboard_address="127.0.0.1:0")
    return Client(cluster), cluster  # type: ignore[no-untyped-call]


class Dask:
    """Runs repositories on a Dask cluster: a scheduler's address, or a LocalCluster of N workers."""

    def __init__(self, scheduler: str | None = None, local_workers: int | None = None,
                 scan: Callable[[ScanTask], RepoOutcome] = scan_repo):
        self.scheduler, self.local_workers, self.scan = scheduler, local_workers, scan

    def run(self, tasks: Sequence[ScanTask]) -> Iterator[RepoOutcome]:
        if not tasks:
            return
        from distributed import as_completed

        client, cluster = _client(self.scheduler, self.local_workers)
        try:
            run = uuid.uuid4().hex[:12]  # keys unique per run: a shared scheduler may remember old ones
            # the blobs known clean are the same for every task and may be millions: one task makes them, and
            # each worker fetches its result once (a task, not scattered data: a lost worker's copy is remade)
            known = client.submit(_same, tasks[0].known_clean, key=f"leakscan-known-{run}")
            light = [replace(t, known_clean=frozenset()) for t in tasks]
            futures = client.map(_with_known, light, known=known, scan=self.scan, pure=False,
                                 key=[f"leakscan-audit-{run}-{i}" for i in range(len(tasks))])
            by_future = dict(zip(futures, tasks, strict=True))
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                yield _outcome(future, by_future[future])
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def _same(known: frozenset[str]) -> frozenset[str]:
    return known


def _with_known(task: ScanTask, known: frozenset[str], scan: Callable[[ScanTask], RepoOutcome]) -> RepoOutcome:
    return scan(replace(task, known_clean=known))


def _outcome(future: Any, task: ScanTask) -> RepoOutcome:
    try:
        return future.result()  # type: ignore[no-any-return]
    except Exception as exc:  # the task died on every try (e.g. its workers kept dying): record it, go on
        return RepoOutcome(task.target.location, ok=False, reason=f"failed on the cluster: {type(exc).__name__}: {exc}")
