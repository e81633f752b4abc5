"""The redaction filter: a copy of a log with each secret replaced, every other byte untouched.

Uses the log windows and :class:`leakscan.scans.logs.LogScanner`, so it streams
in the same bounded memory and finds exactly what ``leakscan logs`` finds
(every detected secret, whatever its severity or suppression: a filter in
front of a log shipper errs on the side of hiding).  Output is flushed window
by window, so it works live in a pipeline.  ``redact_in_place`` renames a
complete, fsynced copy over the original: an interruption leaves the original.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from typing import BinaryIO

from leakscan.detect import Detector
from leakscan.errors import SourceError
from leakscan.scans.logs import Hit, LogScanner, jobs_for
from leakscan.sources import logs
from leakscan.stream_pool import map_ordered


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
    written = 0  # stream offset up to which ``out`` has everything
    for window, hits in map_ordered(scanner, _hits, reader, jobs_for(reader, jobs)):
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
    result.warnings = list(reader.warnings)
    result.damaged = reader.damaged
    return result


def redact_in_place(detector: Detector, path: str, chunk: int = logs.CHUNK, overlap: int = logs.OVERLAP,
                    jobs: int | None = None) -> Redacted:
    """Rewrites ``path`` only after a complete, fsynced copy exists; a gzip stays a gzip."""
    folder = os.path.dirname(os.path.abspath(path))
    with logs.open_log(path, chunk, overlap) as reader:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".leakscan-tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as raw:
                if reader.gzip:
                    with gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as gz:
                        result = redact_reader(detector, reader, gz, False, jobs)  # type: ignore[arg-type]
                else:
                    result = redact_reader(detector, reader, raw, False, jobs)
                raw.flush()
                os.fsync(raw.fileno())
            if result.damaged:
                raise SourceError(f"{path}: damaged input; left as it was (redact a copy with -o instead)")
            if result.counts:
                os.chmod(tmp, os.stat(path).st_mode & 0o7777)
                os.replace(tmp, path)
                _fsync_folder(folder)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return result


def _fsync_folder(folder: str) -> None:
    """Makes the rename itself durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot fsync a folder; the rename is still atomic
    finally:
        os.close(fd)
