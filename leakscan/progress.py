"""Counting a scan's work across its forked workers, for a progress display (``--progress``).

The scans fork their workers (:mod:`leakscan.parallel`), so a counter in one process is
invisible to the others.  A :class:`Meter` is a small shared memory map, made before the fork:
each process writes its own running totals into a slot of its own (claimed once, by creating that
slot's marker file with O_EXCL, which is atomic), so the hot path takes no lock, and the display thread
sums the slots.  It only
counts; drawing is the CLI's (``leakscan.cli.progress``), so the library stays silent.
"""

from __future__ import annotations

import mmap
import os
import shutil
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
        self._map = mmap.mmap(-1, _TOTALS.size + SLOTS * _SLOT.size)  # anonymous and MAP_SHARED: forks share it
        self._claims = tempfile.mkdtemp(prefix="leakscan-progress-")
        self._owner = os.getpid()
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
        # creating a file with O_EXCL is atomic across processes: exactly one claimant gets each slot
        # (a lock on a shared open file is not enough: forked children share the parent's)
        for i in range(SLOTS):
            try:
                os.close(os.open(os.path.join(self._claims, str(i)), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except FileExistsError:
                continue
            offset = _TOTALS.size + i * _SLOT.size
            _SLOT.pack_into(self._map, offset, pid, 0, 0)
            return offset
        return -1

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
        if os.getpid() == self._owner:
            shutil.rmtree(self._claims, ignore_errors=True)
