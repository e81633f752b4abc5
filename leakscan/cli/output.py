"""Results -> the chosen format on stdout or a file, and the exit status."""

from __future__ import annotations

import sys

from leakscan.cli.options import Common, report_options
from leakscan.errors import UsageError
from leakscan.model import ScanResult
from leakscan.report import render
from leakscan.report.summary import failing


def emit(result: ScanResult, common: Common, command: str) -> int:
    """Write the report; ``--exit-code`` (1) when a reported (not suppressed) finding reaches ``--fail-on``."""
    return common.exit_code if emit_counted(result, common, command) else 0


def emit_counted(result: ScanResult, common: Common, command: str) -> int:
    """As :func:`emit`, but how many reported findings reach ``--fail-on``.

    Suppression (inline, allowlists, ignore file, ``--baseline``) was decided by the
    library's pipeline; this only renders.
    """
    quiet = common.log_level == "error"
    if common.log_level in ("info", "debug"):
        from leakscan.cli.diagnostics import log_result

        log_result(result, common)
    _write_reports(result, common, command, quiet)
    if common.fmt in ("csv", "jsonl") and not quiet:  # findings only: what was not scanned, and why, goes to stderr
        for warning in result.warnings:
            print(f"leakscan: warning: {warning}", file=sys.stderr)
        if not common.output:
            from leakscan.report.text import summary_line

            print(summary_line(result, common.fail_on), file=sys.stderr)
    return failing(result, common.fail_on)


def _write_reports(result: ScanResult, common: Common, command: str, quiet: bool) -> None:
    """The report to --output or stdout, then each --report FORMAT=FILE from the same result."""
    text = render(common.fmt, result, report_options(common, command))
    if common.output:
        _write(common.output, text)
        if common.fmt != "text" and not quiet:
            from leakscan.report.text import summary_line

            print(summary_line(result, common.fail_on), file=sys.stderr)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    for fmt, path in common.reports:  # the same result in more formats: one scan, several consumers
        extra = render(fmt, result, report_options(common, command))
        if path == "-":
            sys.stdout.write(extra)
            sys.stdout.flush()
        else:
            _write(path, extra)


def _write(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
