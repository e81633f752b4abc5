"""The redaction filter: a copy of a log with each secret replaced, every other byte untouched.

Uses the log windows and :class:`leakscan.scans.logs.LogScanner`, so it streams
in the same bounded memory and finds exactly what ``leakscan logs`` finds
(every detected secret, whatever its severity or suppression: a filter in
front of a log shipper errs on the side of hiding).  Output is flushed window
by window, so it works live in a pipeline.  ``redact_in_place`` makes a
complete, fsynced copy, then writes it back over the original in place (same
inode), refusing a file that is still being written.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import stat
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from leakscan.detect import Detector
from leakscan.errors import SourceError
from leakscan.parallel import map_stream
from leakscan.scans.logs import Hit, LogScanner, jobs_for
from leakscan.sources import logs, textenc


@dataclass
class Redacted:
    counts: Counter[str] = field(default_factory=Counter)  # rule id -> secrets replaced
    warnings: list[str] = field(default_factory=list)
    damaged: bool = False


def marker(rule_id: str, fingerprint: str) -> bytes:
    return f"[REDACTED:{rule_id}:{fingerprint[:8]}]".encode()


def _hits(scanner: LogScanner, window: logs.Window) -> list[Hit]:
    return scanner.hits(window, binary_lines=True)


def redact_reader(detector: Detector, reader: logs.LogReader, out: BinaryIO, flush: bool = True,
                  jobs: int | None = None) -> Redacted:
    """Copies ``reader``'s stream to ``out`` with secrets replaced, binary lines included."""
    result = Redacted()
    scanner = LogScanner(detector)
    if reader.encoding is not None:  # a UTF-16/UTF-32 log is read as UTF-8 and written back as it was
        out = textenc.WideWriter(out, reader.encoding)  # type: ignore[assignment]
    written = 0  # stream offset up to which ``out`` has everything
    for window, hits in map_stream(scanner, _hits, reader, jobs_for(reader, jobs)):
        own_end = window.offset + window.own_end
        pos = max(written, window.offset + window.own_start)
        for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
            if hit.start < pos:
                continue  # inside a secret already replaced (two rules, one span)
            out.write(window.data[pos - window.offset : hit.start - window.offset])
            out.write(marker(hit.finding.rule_id, hit.finding.fingerprint))
            result.counts[hit.finding.rule_id] += 1
            pos = hit.end
        if pos < own_end:
            out.write(window.data[pos - window.offset : own_end - window.offset])
            pos = own_end
        written = pos
        if flush:
            out.flush()
    result.warnings = list(reader.warnings) + ([f"{reader.path}: {reader.damage}"] if reader.damaged else [])
    result.damaged = reader.damaged
    return result


def redact_in_place(detector: Detector, path: str, chunk: int = logs.CHUNK, overlap: int = logs.OVERLAP,
                    jobs: int | None = None) -> Redacted:
    """Rewrites the file ``path`` names (through any symlink) in place, keeping its inode, so hard
    links, owner, mode and a writer's open descriptor all still point at the redacted file.

    The redacted copy is made first (complete and fsynced, beside the file) while the file is held
    under an advisory lock; a file that changed meanwhile, a damaged gzip or a read-only file is left
    as it was with a one-line reason.  Only then is the copy written back over the original.
    """
    real = os.path.realpath(path)
    st = os.stat(real)
    if not stat.S_ISREG(st.st_mode):
        raise SourceError(f"{path}: not a regular file; left as it was")
    if not st.st_mode & 0o222:
        raise SourceError(f"{path}: read-only (mode {stat.filemode(st.st_mode)}); left as it was "
                          "(make it writable to redact it in place, or redact a copy with -o)")
    fd = os.open(real, os.O_RDWR)
    try:
        with _locked(fd):
            before = os.fstat(fd)
            with tempfile.TemporaryFile(dir=os.path.dirname(real)) as copy:
                result = _redacted_copy(detector, real, copy, chunk, overlap, jobs)
                if result.damaged:
                    raise SourceError(f"{path}: damaged input; left as it was (redact a copy with -o instead)")
                _unchanged(path, before, os.fstat(fd))
                if result.counts:
                    _write_back(fd, copy)
    finally:
        os.close(fd)
    return result


def _redacted_copy(detector: Detector, real: str, copy: BinaryIO, chunk: int, overlap: int,
                   jobs: int | None) -> Redacted:
    with logs.open_log(real, chunk, overlap) as reader:
        if reader.gzip:
            with gzip.GzipFile(fileobj=copy, mode="wb", filename="", mtime=0) as gz:
                result = redact_reader(detector, reader, gz, False, jobs)  # type: ignore[arg-type]
        else:
            result = redact_reader(detector, reader, copy, False, jobs)
    copy.flush()
    os.fsync(copy.fileno())
    return result


def _unchanged(path: str, before: os.stat_result, after: os.stat_result) -> None:
    """Refuse a file written to while it was read: rewriting it would lose what was appended."""
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        grew = after.st_size - before.st_size
        raise SourceError(f"{path}: still being written ({grew:+d} bytes while it was redacted); left as it "
                          "was: redact it once its writer has stopped or after rotating it")


def _write_back(fd: int, copy: BinaryIO) -> None:
    """The copy over the original, same inode: from its first byte, then cut to the copy's length."""
    copy.seek(0)
    offset = 0
    while block := copy.read(1 << 20):
        offset += os.pwrite(fd, block, offset)
    os.ftruncate(fd, offset)
    os.fsync(fd)


@contextlib.contextmanager
def _locked(fd: int) -> Iterator[None]:
    """An exclusive advisory lock: writers that lock (logrotate's copytruncate does not) wait for us."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
