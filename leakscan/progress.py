"""Counting a scan's work across its forked workers, for a progress display (``--progress``).

The scans fork their workers (:mod:`leakscan.parallel`), so a counter in one process is
invisible to the others.  A :class:`Meter` is a small shared memory map, made before the fork:
each process writes its own running totals into a slot of its own (claimed once, under a
POSIX record lock), so the hot path takes no lock, and the display thread sums the slots.  It only
counts; drawing is the CLI's (``leakscan.cli.progress``), so the library stays silent.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import struct
import tempfile
from dataclasses import dataclass

SLOTS = 64  # processes that can report at once (jobs per pass, two passes in a history scan)
_TOTALS = struct.Struct("<qq")  # items, bytes: the whole of the work, once known
_SLOT = struct.Struct("<qqq")  # pid, items done, bytes done


@dataclass(frozen=True)
class Snapshot:
    done: int
    done_bytes: int
    total: int  # 0 until the scan knows it (still listing)
    total_bytes: int


class Meter:
    """Work done so far, writable from any forked worker; ``begin`` once the total is known."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the Meter (close())
        self._file.truncate(_TOTALS.size + SLOTS * _SLOT.size)
        self._map = mmap.mmap(self._file.fileno(), _TOTALS.size + SLOTS * _SLOT.size)  # MAP_SHARED
        self._pid, self._offset, self._items, self._bytes = 0, -1, 0, 0

    def begin(self, items: int, nbytes: int) -> None:
        _TOTALS.pack_into(self._map, 0, items, nbytes)

    def add(self, nbytes: int, items: int = 1) -> None:
        pid = os.getpid()
        if pid != self._pid:  # first call in this process (a fork inherits the parent's totals: start at 0)
            self._pid, self._offset, self._items, self._bytes = pid, self._claim(pid), 0, 0
        if self._offset < 0:
            return  # more processes than slots: this one goes uncounted, the scan is unaffected
        self._items += items
        self._bytes += nbytes
        _SLOT.pack_into(self._map, self._offset, pid, self._items, self._bytes)

    def _claim(self, pid: int) -> int:
        # a POSIX record lock (lockf), owned by the process: a forked child shares the parent's open
        # file, so flock (owned by the open file) would let both claim the same slot at once
        fcntl.lockf(self._file.fileno(), fcntl.LOCK_EX)
        try:
            for i in range(SLOTS):
                offset = _TOTALS.size + i * _SLOT.size
                if _SLOT.unpack_from(self._map, offset)[0] == 0:
                    _SLOT.pack_into(self._map, offset, pid, 0, 0)
                    return offset
            return -1
        finally:
            fcntl.lockf(self._file.fileno(), fcntl.LOCK_UN)

    def snapshot(self) -> Snapshot:
        total, total_bytes = _TOTALS.unpack_from(self._map, 0)
        done = done_bytes = 0
        for i in range(SLOTS):
            pid, items, nbytes = _SLOT.unpack_from(self._map, _TOTALS.size + i * _SLOT.size)
            if pid:
                done, done_bytes = done + items, done_bytes + nbytes
        return Snapshot(done, done_bytes, total, total_bytes)

    def close(self) -> None:
        self._map.close()
        self._file.close()
