"""map_batches: forked workers take batches from one pipe; results come back complete and in input order."""

from __future__ import annotations

import os

import pytest

from leakscan import parallel
from leakscan.parallel import batches_by_size, map_batches


def _square_all(state: int, batch: list[int]) -> list[tuple[int, int]]:
    return [(x * x + state, os.getpid()) for x in batch]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_in_input_order(jobs: int):
    batches = [[i, i + 1] for i in range(0, 200, 2)]
    out = list(map_batches(5, _square_all, batches, jobs))
    assert [[v for v, _ in r] for r in out] == [[x * x + 5 for x in b] for b in batches]


def test_work_is_shared_between_processes():
    import time

    def slow(_state: None, batch: int) -> int:
        time.sleep(0.01)
        return os.getpid()

    pids = set(map_batches(None, slow, list(range(40)), 2))
    assert os.getpid() in pids and len(pids) == 2


def test_many_batches_are_regrouped(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(parallel, "_MAX_TICKETS", 7)
    batches = [[i] for i in range(100)]
    assert [r[0][0] for r in map_batches(0, _square_all, batches, 2)] == [i * i for i in range(100)]


def _fail_on_odd(_state: None, batch: int) -> int:
    if batch % 2:
        raise ValueError(f"bad batch {batch}")
    return batch


def test_a_worker_failure_is_raised_in_the_parent():
    with pytest.raises((RuntimeError, ValueError), match="bad batch"):
        list(map_batches(None, _fail_on_odd, list(range(20)), 2))


def test_batches_by_size():
    assert batches_by_size([5, 5, 5, 5, 1], lambda x: x, 10) == [[5, 5], [5, 5], [1]]
    assert batches_by_size(list(range(5)), lambda x: 1, 100, max_items=2) == [[0, 1], [2, 3], [4]]


def test_map_stream_keeps_order_and_reads_the_stream_a_group_at_a_time() -> None:
    read: list[int] = []

    def stream():
        for i in range(50):
            read.append(i)
            yield i

    out = []
    for item, result in parallel.map_stream(3, lambda state, x: (x * state, os.getpid()), stream(), 2):
        out.append((item, result[0]))
        assert len(read) - item <= 4  # at most 2 x jobs items read ahead of what is returned
    assert out == [(i, 3 * i) for i in range(50)]
