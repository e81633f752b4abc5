"""Blob bytes out of ``git cat-file --batch``, one bad object costing only that object.

``cat-file --batch`` dies on the first object it cannot inflate (a truncated
loose object, a damaged pack entry), and every blob requested after it would
be lost with it.  The reader notices (a missing header, or content cut short),
reads that one object alone to get git's own reason, and starts a new
``cat-file`` on the rest, so a corrupt store is read to its last good blob.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from leakscan.sources.gitcmd import Repo, git_env

_FEED = 4096  # requests written per pipe write


@dataclass(frozen=True)
class Unreadable:
    """A blob the store lists but git could not read, in git's words."""

    sha: str
    reason: str


def read_blobs(repo: Repo, shas: Sequence[str], unreadable: list[Unreadable]) -> Iterator[tuple[str, bytes]]:
    """(sha, bytes) for each blob git can read, in order; the others are added to ``unreadable``."""
    for sha, view in _cat_file(repo, shas, lambda size: memoryview(bytearray(size)), unreadable):
        yield sha, bytes(view)


def read_blob_views(repo: Repo, shas: Sequence[str], unreadable: list[Unreadable]
                    ) -> Iterator[tuple[str, memoryview]]:
    """As :func:`read_blobs`, each blob read into one reused buffer, the view valid until the next:
    a history holds gigabytes of blob versions, and a new bytes object for each costs ~4% more.
    Each view starts at its buffer's first byte, so ``kind_of(view.obj, len(view))`` reads it in place."""
    state = {"view": memoryview(bytearray(1 << 20))}

    def into(size: int) -> memoryview:
        if size > len(state["view"]):
            grown = bytearray(max(size, 2 * len(state["view"])))
            state["view"].release()
            state["view"] = memoryview(grown)
        return state["view"][:size]

    yield from _cat_file(repo, shas, into, unreadable)


def _cat_file(repo: Repo, shas: Sequence[str], into: Callable[[int], memoryview],
              unreadable: list[Unreadable]) -> Iterator[tuple[str, memoryview]]:
    """Every readable object of ``shas`` in order; a new ``cat-file`` after each one that is not."""
    start = 0
    while start < len(shas):
        batch = _Batch(repo, shas, start)
        try:
            yield from batch.objects(into)
        finally:
            batch.close()
        start += batch.answered
        if start >= len(shas):
            return
        sha = shas[start]  # the object git stopped at
        data, reason = _read_alone(repo, sha)
        if data is None:
            unreadable.append(Unreadable(sha, reason))
        else:  # git stopped for another reason (killed, out of memory): this object reads fine alone
            view = into(len(data))
            view[:] = data
            yield sha, view
        start += 1


class _Batch:
    """One ``git cat-file --batch`` process answering ``shas[start:]`` until it ends or fails."""

    def __init__(self, repo: Repo, shas: Sequence[str], start: int):
        self.answered = 0  # requests answered completely (found or "missing")
        self._proc = repo.popen("cat-file", "--batch", "--buffer", stdin=subprocess.PIPE)
        assert self._proc.stdout is not None
        _widen(self._proc.stdout.fileno())
        self._writer = threading.Thread(target=_feed, args=(self._proc, shas, start), daemon=True)
        self._writer.start()

    def objects(self, into: Callable[[int], memoryview]) -> Iterator[tuple[str, memoryview]]:
        stream = self._proc.stdout
        assert stream is not None
        while (header := stream.readline()).endswith(b"\n"):
            parts = header.split()
            if len(parts) != 3:  # "<sha> missing": counted by the caller as not received
                self.answered += 1
                continue
            view = into(int(parts[2]))
            if _fill(stream, view) < len(view) or stream.read(1) != b"\n":
                return  # git died inside this object
            self.answered += 1
            yield parts[0].decode(), view

    def close(self) -> None:
        assert self._proc.stdout is not None
        self._proc.stdout.close()
        self._proc.kill()
        self._proc.wait()
        self._writer.join()


def _feed(proc: subprocess.Popen[bytes], shas: Sequence[str], start: int) -> None:
    """Write the requests (all up front: ``--buffer``); stop quietly when git has gone."""
    assert proc.stdin is not None
    try:
        for i in range(start, len(shas), _FEED):
            proc.stdin.write("".join(f"{sha}\n" for sha in shas[i : i + _FEED]).encode())
        proc.stdin.close()
    except (BrokenPipeError, OSError, ValueError):
        pass


def _fill(stream: IO[bytes], view: memoryview) -> int:
    got = 0
    while got < len(view):
        n = stream.readinto(view[got:])  # type: ignore[attr-defined]
        if not n:
            break
        got += n
    return got


def _read_alone(repo: Repo, sha: str) -> tuple[bytes | None, str]:
    """The object's bytes, or None and why git cannot read it (its last line of complaint)."""
    proc = subprocess.run(repo.command("cat-file", "blob", sha), capture_output=True, env=git_env())
    if proc.returncode == 0:
        return proc.stdout, ""
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    reason = lines[-1] if lines else f"git cat-file exit {proc.returncode}"
    return None, reason.removeprefix("fatal: ").removeprefix("error: ")


def _widen(fd: int) -> None:
    """A 1 MiB pipe instead of 64 KiB: a fraction of the context switches for gigabytes of blobs."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass
