"""Results -> the chosen format on stdout or a file, and the exit status."""

from __future__ import annotations

import sys

from leakscan.cli.options import Common, report_options
from leakscan.errors import ScanIncomplete, UsageError
from leakscan.model import ScanResult
from leakscan.report import render
from leakscan.report.summary import failing, failing_skips, skip_failure


def emit(result: ScanResult, common: Common, command: str) -> int:
    """Write the report; 1 when a reported (not suppressed) finding reaches ``--fail-on``."""
    return 1 if emit_counted(result, common, command) else 0


def emit_counted(result: ScanResult, common: Common, command: str) -> int:
    """As :func:`emit`, but how many reported findings reach ``--fail-on``.

    Suppression (inline, allowlists, ignore file, ``--baseline``) was decided by the
    library's pipeline; this only renders.
    """
    text = render(common.fmt, result, report_options(common, command))
    if common.output:
        try:
            with open(common.output, "w", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(text)
        except OSError as exc:
            raise UsageError(f"cannot write {common.output}: {exc.strerror or exc}") from None
        if common.fmt != "text":
            from leakscan.report.text import summary_line

            print(summary_line(result, common.fail_on), file=sys.stderr)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    if common.fmt == "csv":  # rows of findings only: what was not scanned, and why, goes to stderr
        for warning in result.warnings:
            print(f"leakscan: warning: {warning}", file=sys.stderr)
        if not common.output:
            from leakscan.report.text import summary_line

            print(summary_line(result, common.fail_on), file=sys.stderr)
    skips = failing_skips(result, common.allow_skipped, common.fail_on_skipped)
    if skips:  # after the report, which lists every one: a gate never passes on what it could not read
        raise ScanIncomplete(skip_failure(skips, common.fail_on_skipped))
    return failing(result, common.fail_on)
