"""leakscan's own files: a finding's fingerprint (64 hex digits) is not a private key.

Ignoring a finding writes its fingerprint into ``.leakscanignore``, and every
report carries fingerprints; read back as keys, each would create a new
finding (and the hook would refuse to commit the ignore file).  Only the
places leakscan itself writes a fingerprint are exempt: the first field of an
ignore-file line, SARIF's ``partialFingerprints``, the CSV report's
``fingerprint`` column and a ``fingerprint`` key or label (JSON, baseline,
text, JUnit, GitHub annotations: the name already says "hash").  A key pasted
anywhere else in those files, or a report written with ``--show-secrets``,
is still found.
"""

from __future__ import annotations

import csv
import posixpath

import regex

from leakscan.model import Fragment, RuleMatch
from leakscan.validate.context import line_after, line_before

IGNORE_FILE = ".leakscanignore"
_SARIF_SLOT = regex.compile(rb'"leakscan/v\d+"\s*:\s*"(?:0x)?$')
_CSV_HEAD = b"status,severity,rule_id,path,line,column,end_line,end_column,commit,fingerprint,"
_CSV_FINGERPRINT = 9  # the column of the fingerprint in leakscan's CSV report


def fingerprint_slot(fragment: Fragment, match: RuleMatch) -> str | None:
    """Where leakscan itself wrote this value as a fingerprint, or None."""
    before = line_before(fragment.data, match.match_start, limit=4096)
    if posixpath.basename(fragment.path) == IGNORE_FILE and not before.strip():
        return "a fingerprint in leakscan's ignore file"
    if b"leakscan/v" in before and _SARIF_SLOT.search(before):  # the plain search first: every candidate asks
        return "a fingerprint in a leakscan SARIF report (partialFingerprints)"
    if fragment.data.startswith(_CSV_HEAD) and _csv_column(before, match, fragment) == _CSV_FINGERPRINT:
        return "the fingerprint column of a leakscan CSV report"
    return None


def _csv_column(before: bytes, match: RuleMatch, fragment: Fragment) -> int | None:
    """Which column of its CSV row the match is (the whole line, so quoted commas count right)."""
    line = before + fragment.data[match.match_start : match.end] + line_after(fragment.data, match.end, 4096)
    try:
        row = next(csv.reader([line.decode("utf-8", "replace")]))
    except (csv.Error, StopIteration):
        return None
    value = match.secret.decode("ascii", "replace")
    if len(row) <= _CSV_FINGERPRINT or row[_CSV_FINGERPRINT] != value:
        return None
    return _CSV_FINGERPRINT
