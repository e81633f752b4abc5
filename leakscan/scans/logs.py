"""The library API for logs: windows -> findings kept once, at their real line and column.

Each window is matched (after undoing JSON escapes when it has any), and only
matches that start in the window's own part are kept, so the overlap never
counts a secret twice.  A request signature on a line with its own timestamp
learns whether it was replayable when it was logged, and the policy ranks it
accordingly.  :class:`LogScanner` is shared with the redaction filter.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from pathlib import Path

from leakscan.config import Config, resolve_config
from leakscan.detect import Detector
from leakscan.engine.location import LineIndex
from leakscan.model import Finding, Fragment, Placement, ScanResult, ScanStats, Skipped, Verdict
from leakscan.parallel import map_stream
from leakscan.pipeline import Sink, finish, streamed
from leakscan.policy import usage
from leakscan.sources import jsonesc, logs
from leakscan.sources.files import printable
from leakscan.suppress.stored import BaselineArg, IgnoreArg, suppressions
from leakscan.validate import logtime, signature

SIGNATURE_RULE = "gluwa-request-signature"


@dataclasses.dataclass(frozen=True)
class Hit:
    start: int  # offsets in the whole stream
    end: int
    finding: Finding


class LogScanner:
    """The detector over whole windows, as the redaction filter uses it too.

    One matcher pass per window, over the window with its JSON escapes undone (so what the
    rules see is exactly what they would see in the unescaped text: no approximate filter in
    front); the matcher itself runs exact regexes only on the lines Hyperscan points at.
    Validators get the whole window as their fragment, each line a record
    (:attr:`Fragment.records`), so they read the same context as ``scan`` does in a file.
    """

    def __init__(self, detector: Detector, records: bool = True):
        """``records=False``: a file scanned in windows (``scan`` of a file too large to read whole) is
        judged as ``scan`` judges files: context may cross lines, and no JSON escape is undone."""
        self.detector = detector
        self.records = records

    def hits(self, window: logs.Window, binary_lines: bool = False, skipped: list[Skipped] | None = None
             ) -> list[Hit]:
        """Findings whose match starts in the window's own part, placed on the original bytes.

        Binary lines are left out unless ``binary_lines`` (the redaction filter hides secrets everywhere).
        A rule over its time goes to ``skipped`` (without it, raises: redaction must not guess).
        """
        raw = window.data if binary_lines else window.text
        data = jsonesc.unescaped(raw) if self.records else raw
        located = self.detector.located(Fragment(data, window.path, first_line=window.first_line,
                                                 records=self.records), skipped)
        if not located:
            return []
        back = jsonesc.LineMap(raw, data) if data is not raw else None
        spans: dict[int, int] = {}
        for offset in sorted({o for match, _ in located for o in (match.start, match.end)}):
            spans[offset] = back.to_source(offset) if back else offset
        mine = [(spans[m.start], spans[m.end], f) for m, f in located if window.own_start <= spans[m.start] < window.own_end]
        index = LineIndex(Fragment(raw, window.path, first_line=window.first_line))
        hits = []
        for start, end, finding in mine:
            finding = _place(finding, index, window.column_base, start, end)
            if finding.rule_id == SIGNATURE_RULE and self.records:
                finding = _timed(self.detector, finding, raw, start, end)
            hits.append(Hit(window.offset + start, window.offset + end, finding))
        return hits


def _place(finding: Finding, index: LineIndex, column_base: int, start: int, end: int) -> Finding:
    """Line and column on the bytes as written (escapes included); a window cut mid-line adds what came before."""
    line, column = index.position(start)
    column += column_base if index.line_start(start) == 0 else 0
    end_line, end_column = index.position(end)
    end_column += column_base if index.line_start(end) == 0 else 0
    return dataclasses.replace(finding, line=line, column=column, end_line=end_line, end_column=end_column)


def _timed(detector: Detector, finding: Finding, data: bytes, start: int, end: int) -> Finding:
    """Adds when the line was logged, and re-asks the policy with that fact."""
    line_start = data.rfind(b"\n", 0, start) + 1
    line_end = data.find(b"\n", end)
    line = data[line_start : line_end if line_end != -1 else len(data)]
    logged = logtime.line_time(line, (start - line_start, end - line_start))
    decoded = signature.decode_header(finding.secret.reveal())
    if logged is None or decoded is None:
        return finding
    facts = {**finding.validation, **logtime.signature_facts(decoded[0], logged)}
    verdict = Verdict(True, finding.rule_id, finding.key_type, finding.environment, facts)
    placement = Placement(finding.client_side, finding.client_side_reason, finding.token_context)
    rule = detector.rules[finding.rule_id]
    severity, row = usage.severity_for(detector.config.policy, finding.rule_id, rule.severity, verdict, placement)
    facts["policy_row"] = row
    return dataclasses.replace(finding, severity=severity, validation=facts)


PARALLEL_MIN = 32 * 1024 * 1024  # below this, forking workers costs more than it saves


def jobs_for(reader: logs.LogReader, jobs: int | None) -> int:
    """Workers for one log: one unless asked (each worker is another ~60 MB process, and on two
    busy cores a second one gained little), and always one for pipes and small files."""
    if reader.live or reader.size < PARALLEL_MIN:
        return 1
    return jobs or 1


def _window_findings(scanner: LogScanner, window: logs.Window) -> tuple[list[Finding], list[Skipped]]:
    skipped: list[Skipped] = []
    return [hit.finding for hit in scanner.hits(window, skipped=skipped)], skipped


def scan_logs(
    paths: Sequence[str] = ("-",),
    config: Config | Path | str | None = None,
    *,
    engine: str = "auto",
    now: float | None = None,
    chunk: int = logs.CHUNK,
    overlap: int = logs.OVERLAP,
    jobs: int | None = None,
    baseline: BaselineArg = None,
    ignore: IgnoreArg = True,
    on_final: Sink | None = None,
) -> ScanResult:
    """Scan log files (``-`` for stdin), plain, gzip or JSON lines, in bounded memory.

    ``on_final`` gets each reported finding as soon as it is final (suppression decided),
    while the log is still being read."""
    started = time.perf_counter()
    cfg = resolve_config(config)
    supp = suppressions(cfg, ignore=ignore, baseline=baseline)
    stream = streamed(supp, on_final)
    detector = Detector(cfg, engine=engine, now=now)
    scanner = LogScanner(detector)
    stats = ScanStats(engine=detector.engine)
    found: list[Finding] = []
    warnings: list[str] = []
    for path in paths:
        try:
            reader = logs.open_log(path, chunk, overlap)
        except OSError as exc:
            stats.skipped.append(Skipped(printable(path), f"unreadable: {exc.strerror or exc}", fault=True))
            continue
        with reader:
            hits: list[Finding] = []
            faults: dict[Skipped, None] = {}  # once per rule, in order
            for _, (window_found, window_faults) in map_stream(scanner, _window_findings, reader,
                                                                jobs_for(reader, jobs)):
                hits.extend(window_found)  # windows are not kept: a log of any size in bounded memory
                stream(window_found)
                faults.update(dict.fromkeys(window_faults))
            stats.skipped.extend(faults)
        warnings.extend(reader.warnings)
        if reader.damaged:  # the log could not be read to its end: the scan of it is incomplete
            stats.skipped.append(Skipped(reader.path, reader.damage, fault=True))
        if reader.mostly_binary and not hits:  # a finding is never dropped: then it is a log with binary lines
            stats.skipped.append(Skipped(reader.path, "binary", fault=True))  # named, yet nothing in it read
            continue
        warnings.extend(binary_notes(reader))
        found.extend(hits)
        stats.files_scanned += 1
        stats.bytes_scanned += reader.total - reader.binary_bytes
    result = finish(found, stats, supp, started)
    result.warnings.extend(warnings)
    return result


def binary_notes(reader: logs.LogReader) -> list[str]:
    """Binary lines inside a log were left out: say so."""
    if not reader.binary_bytes:
        return []
    return [f"{reader.path}: {reader.binary_bytes} bytes of binary lines (the first at line {reader.binary_line})"
            " were not scanned"]
