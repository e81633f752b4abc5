"""Results -> the chosen format on stdout or a file, and the exit status."""

from __future__ import annotations

import sys

from leakscan.cli.options import Common, report_options
from leakscan.errors import UsageError
from leakscan.model import ScanResult
from leakscan.report import render
from leakscan.report.summary import failing


def emit(result: ScanResult, common: Common, command: str) -> int:
    """Write the report; 1 when a finding reaches ``--fail-on``, else 0."""
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
    return 1 if failing(result, common.fail_on) else 0
