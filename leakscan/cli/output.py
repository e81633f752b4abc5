"""Results -> the chosen format(s) on stdout or files, and the exit status."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import replace

from leakscan.cli.options import Common, report_options
from leakscan.errors import ScanIncomplete, SourceError, UsageError
from leakscan.model import Finding, ScanResult
from leakscan.report import render
from leakscan.report.summary import failing, failing_skips, skip_failure


class JsonlStream:
    """``--format jsonl``: each finding written (and flushed) the moment the library makes it final."""

    def __init__(self, common: Common, command: str):
        # json costs a hook's start-up ~10 ms: imported only when streaming
        from leakscan.report import jsonl

        self.jsonl = jsonl
        self.options = report_options(common, command)
        self.path = common.output
        self.count = 0
        try:
            self.fh = open(self.path, "w", encoding="utf-8", errors="backslashreplace") if self.path else None  # noqa: SIM115
        except OSError as exc:
            raise UsageError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def __call__(self, finding: Finding) -> None:
        self.write(self.jsonl.line(finding, self.options))
        self.count += 1

    def write(self, text: str) -> None:
        if self.fh is None:
            _to_stdout(text)
        else:
            self.fh.write(text)
            self.fh.flush()

    def close(self, result: ScanResult) -> None:
        self.write(self.jsonl.suppressed_lines(result, self.options))
        if self.fh is not None:
            self.fh.close()


def stream_for(common: Common, command: str) -> JsonlStream | None:
    """A stream when the findings can be written as they are final: JSONL, without ``--verify``
    (which judges the findings after the scan)."""
    return JsonlStream(common, command) if common.fmt == "jsonl" and common.verify is None else None


def emit(result: ScanResult, common: Common, command: str, *, streamed: JsonlStream | None = None) -> int:
    """Write the report; ``--exit-code`` (1) when a reported (not suppressed) finding reaches ``--fail-on``."""
    counted = emit_counted(result, common, command, streamed=streamed)
    return common.exit_code if counted else 0


def emit_counted(result: ScanResult, common: Common, command: str, *,
                 streamed: JsonlStream | None = None) -> int:
    """As :func:`emit`, but how many reported findings reach ``--fail-on``.

    Suppression (inline, allowlists, ignore file, ``--baseline``) was decided by the
    library's pipeline; this only renders.  ``--verify`` checks the reported findings (never a
    suppressed one), with the endpoints of the config the scan itself resolved (``result.config``).
    """
    verified_only = bool(common.verify and common.verify.fail_on_verified)
    if common.verify is not None:
        result = _verified(result, common)
    if verified_only:  # the summary's "at or above" is by severity: say what the exit status counts
        gate = failing(result, common.fail_on, verified_only=True)
        result = replace(result, warnings=[*result.warnings, (
            f"--fail-on-verified: the exit status counts {gate} of {failing(result, common.fail_on)} finding(s) "
            f"at or above {common.fail_on}: those proven live or whose check got no answer")])
    quiet = common.log_level == "error"
    if common.log_level in ("info", "debug"):
        from leakscan.cli.diagnostics import log_result

        log_result(result, common)
    _write_reports(result, common, command, quiet, streamed)
    if common.fmt in ("csv", "jsonl") and not quiet:  # findings only: what was not scanned, and why, goes to stderr
        for warning in result.warnings:
            print(f"leakscan: warning: {warning}", file=sys.stderr)
        if not common.output:
            from leakscan.report.text import summary_line

            print(summary_line(result, common.fail_on), file=sys.stderr)
    skips = failing_skips(result, common.allow_skipped, common.fail_on_skipped)
    if skips:  # after the report, which lists every one: a gate never passes on what it could not read
        raise ScanIncomplete(skip_failure(skips, common.fail_on_skipped))
    return failing(result, common.fail_on, verified_only=verified_only)


def _verified(result: ScanResult, common: Common) -> ScanResult:
    from leakscan.config import resolve_config
    from leakscan.verify import VerifyOptions, verify_result

    assert common.verify is not None
    options = VerifyOptions(allow_http=common.verify.allow_http, only_verified=common.verify.only_verified)
    # the config the scan itself resolved (every use path's result carries it), never looked up again
    config = result.config or resolve_config(common.config)
    return verify_result(result, config, options)


def _write_reports(result: ScanResult, common: Common, command: str, quiet: bool,
                   streamed: JsonlStream | None = None) -> None:
    """The report to --output or stdout (what a stream has not written yet), then each
    --report FORMAT=FILE from the same result."""
    if streamed is not None:
        streamed.close(result)
    elif common.output:
        _write(common.output, render(common.fmt, result, report_options(common, command)))
    else:
        _to_stdout(render(common.fmt, result, report_options(common, command)))
    if common.output and common.fmt != "text" and not quiet:
        from leakscan.report.text import summary_line

        print(summary_line(result, common.fail_on), file=sys.stderr)
    for fmt, path in common.reports:  # the same result in more formats: one scan, several consumers
        extra = render(fmt, result, report_options(common, command))
        if path == "-":
            _to_stdout(extra)
        else:
            _write(path, extra)


def _write(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _to_stdout(text: str) -> None:
    """The report on stdout; a full disk or a closed stdout is one line and exit 2, not a traceback."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        devnull = os.open(os.devnull, os.O_WRONLY)  # the interpreter's own flush at exit must not fail again
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, sys.stdout.fileno())
        raise SourceError(f"cannot write the report to standard output: {exc.strerror or exc} "
                          "(use --output FILE)") from None
