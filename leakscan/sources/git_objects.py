"""A repository's blobs: which exist, which are reachable and under what name, and their bytes.

Listing reads only pack indexes (``cat-file --batch-all-objects --batch-check``,
in pack order so that reading later walks delta chains in order) and
``rev-list --objects --all`` for reachability and names; both run at once.
Reading is one ``git cat-file --batch`` stream per batch of blobs.
"""

from __future__ import annotations

import os
import select
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from leakscan.sources.gitcmd import Background, Repo, git_env

LFS_POINTER = b"version https://git-lfs.github.com/spec/v1"
BINARY_SNIFF = 8000


@dataclass(frozen=True)
class Blob:
    sha: str
    size: int


def list_blobs(repo: Repo) -> Background:
    """Start listing every object in the store, in pack order (cheap: pack indexes and headers only)."""
    return repo.background("cat-file", "--batch-all-objects", "--unordered",
                           "--batch-check=%(objectname) %(objecttype) %(objectsize)")


def blobs_listed(listing: Background) -> list[Blob]:
    """The blobs of a :func:`list_blobs` listing, in pack order."""
    out = listing.output()
    blobs = []
    for line in out.splitlines():
        sha, kind, size = line.split()
        if kind == b"blob":
            blobs.append(Blob(sha.decode(), int(size)))
    return blobs


class Names:
    """``rev-list --objects --all`` running in the background into a temporary file.

    It decides reachability and gives each reachable blob a path; it runs while
    the blobs are scanned (a file, not a pipe and a thread, because scanning forks).
    Forked workers can read it too, as soon as it has ended (:meth:`early`): a
    pipe whose only writer is the walk itself reaches end-of-file when it exits.
    """

    def __init__(self, repo: Repo):
        self.repo = repo
        self.error: str | None = None  # set by result() when history could not be walked
        self.missing = 0  # objects the history refers to that the store lacks (a corrupt clone)
        self.early_valid = False  # set by result(): the walk succeeded, so what early() gave was right
        self._out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by result()
        self._err = tempfile.TemporaryFile()  # noqa: SIM115 - closed by result()
        self._proc = None
        self._ended: int | None = None  # read end of a pipe only the walk holds open (POSIX)
        self._parsed: tuple[dict[str, bytes], int] | None = None
        if repo.empty:
            return
        command = repo.command("rev-list", "--objects", "--all", "--missing=print", "--filter=object:type=blob")
        if os.name != "posix":
            self._proc = subprocess.Popen(command, stdout=self._out, stderr=self._err, env=git_env())
            return
        ended, held = os.pipe()
        try:
            self._proc = subprocess.Popen(command, stdout=self._out, stderr=self._err, env=git_env(),
                                          pass_fds=(held,))
        except BaseException:
            os.close(ended)
            raise
        finally:
            os.close(held)
        self._ended = ended

    def early(self, wait: bool = False) -> dict[str, bytes] | None:
        """The names, in whichever process asks, once the walk has ended; None while it runs
        (unless ``wait``), when it wrote any complaint, or where the end cannot be seen from
        here (then :meth:`result` decides, in the parent)."""
        if self._proc is None:
            return {}  # an empty repository: nothing is reachable
        if self._ended is None:
            return None
        poller = select.poll()
        poller.register(self._ended, select.POLLIN)
        if not poller.poll(None if wait else 0):
            return None
        if self._parsed is None:
            if os.fstat(self._err.fileno()).st_size:
                return None
            self._parsed = _parse_names(self._walked())
        return self._parsed[0]

    def _walked(self) -> bytes:
        fd = self._out.fileno()
        return os.pread(fd, os.fstat(fd).st_size, 0)

    def result(self) -> dict[str, bytes]:
        """reachable blob -> a path it has in some commit."""
        parsed = None
        self.early_valid = self._proc is None  # early() said {} for an empty repository: right
        if self._proc is not None:
            if self._proc.wait() == 0:
                self.early_valid = True
                parsed = self._parsed or _parse_names(self._walked())
            else:  # git before 2.32 has no type filter: walk again without it
                proc = subprocess.run(self.repo.command("rev-list", "--objects", "--all", "--missing=print"),
                                      capture_output=True,
                                      env=git_env())
                parsed = _parse_names(proc.stdout)
                if proc.returncode != 0:
                    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
                    self.error = lines[-1] if lines else f"git rev-list exit {proc.returncode}"
            if self._ended is not None:
                os.close(self._ended)
        self._out.close()
        self._err.close()
        names, self.missing = parsed or ({}, 0)
        return names


def _parse_names(out: bytes) -> tuple[dict[str, bytes], int]:
    """(blob -> path, how many objects were missing) from ``rev-list --objects --missing=print``."""
    names: dict[str, bytes] = {}
    missing = 0
    for line in out.splitlines():
        if line.startswith(b"?"):
            missing += 1
            continue
        sha, sep, name = line.partition(b" ")
        if sep:  # commits have no name
            names[sha.decode()] = name
    return names, missing


def read_blobs(repo: Repo, shas: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    """(sha, bytes) for each blob, in order, from one ``git cat-file --batch`` process."""
    for sha, size, stream in _cat_file(repo, shas):
        data = stream.read(size)
        stream.read(1)
        yield sha, data


def read_blob_views(repo: Repo, shas: Iterable[str]) -> Iterator[tuple[str, memoryview]]:
    """As :func:`read_blobs`, each blob read into one reused buffer, the view valid until the next:
    a history holds gigabytes of blob versions, and a new bytes object for each costs ~4% more.
    Each view starts at its buffer's first byte, so ``kind_of(view.obj, len(view))`` reads it in place."""
    buffer = bytearray(1 << 20)
    view = memoryview(buffer)
    for sha, size, stream in _cat_file(repo, shas):
        if size > len(buffer):
            view.release()
            buffer = bytearray(max(size, 2 * len(buffer)))
            view = memoryview(buffer)
        got = stream.readinto(view[:size])  # type: ignore[attr-defined]  # a BufferedReader
        stream.read(1)
        yield sha, view[:got]


def _cat_file(repo: Repo, shas: Iterable[str]) -> Iterator[tuple[str, int, IO[bytes]]]:
    """(sha, size, stream positioned at its content) for each object ``git cat-file --batch`` finds;
    the caller reads the content and the line break after it."""
    proc = repo.popen("cat-file", "--batch", "--buffer", stdin=subprocess.PIPE)  # all requests up front
    assert proc.stdin is not None and proc.stdout is not None
    request = "".join(f"{sha}\n" for sha in shas).encode()
    _widen(proc.stdout.fileno())

    def feed() -> None:
        try:
            proc.stdin.write(request)  # type: ignore[union-attr]
            proc.stdin.close()  # type: ignore[union-attr]
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    stream = proc.stdout
    try:
        while header := stream.readline():
            parts = header.split()
            if len(parts) != 3:  # "<sha> missing"
                continue
            yield parts[0].decode(), int(parts[2]), stream
    finally:
        stream.close()
        proc.kill()
        proc.wait()
        writer.join()


def _widen(fd: int) -> None:
    """A 1 MiB pipe instead of 64 KiB: a fraction of the context switches for gigabytes of blobs."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass


def kind_of(data: bytes | bytearray, size: int | None = None) -> str:
    """'text', 'binary' or 'lfs' (a Git LFS pointer: the content lives elsewhere), of ``data[:size]``."""
    size = len(data) if size is None else size
    if data.find(b"\0", 0, min(size, BINARY_SNIFF)) >= 0:  # no slice: no 8 KB copy per blob
        return "binary"
    if data.startswith(LFS_POINTER, 0, size):
        return "lfs"
    return "text"
