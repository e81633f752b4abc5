"""Per-host limits shared by every worker thread of a run: request spacing, and hosts given up on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

TIMEOUTS_BEFORE_GIVING_UP = 3


class HostLimiter:
    """At most ``rate`` request releases per second to each host, across threads.

    Each release waits until ``1/rate`` after the previous one *as it actually
    happened* (the wait holds that host's lock), so a thread woken late delays
    the next rather than bunching with it: releases are never closer than the
    interval, and any one-second window holds at most ``rate + 1`` of them.
    """

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self._interval = 1.0 / rate
        self._last: dict[str, float] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def wait(self, host: str) -> None:
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            last = self._last.get(host)
            if last is not None:
                due = last + self._interval - self._clock()
                if due > 0:
                    self._sleep(due)
            self._last[host] = self._clock()


class HostHealth:
    """Hosts that failed in a way that will not change within the run (no DNS, refused, bad TLS).

    Without this, a run with no network waits out a DNS lookup or a timeout for
    every finding; with it, each host costs one failure (three for timeouts, which
    may be passing), and the rest answer at once with the same reason.
    """

    def __init__(self) -> None:
        self._down: dict[str, str] = {}
        self._timeouts: dict[str, int] = {}
        self._lock = threading.Lock()

    def down(self, host: str) -> str | None:
        with self._lock:
            return self._down.get(host)

    def failed(self, host: str, reason: str, permanent: bool, timeout: bool) -> None:
        with self._lock:
            if timeout:
                self._timeouts[host] = self._timeouts.get(host, 0) + 1
                permanent = self._timeouts[host] >= TIMEOUTS_BEFORE_GIVING_UP
            if permanent:
                self._down.setdefault(host, reason)
