"""When a log line was written, from its own timestamp; and what that says about a logged signature.

An ``X-REQUEST-SIGNATURE`` is accepted for 10 minutes after the time it signs.
A line logged inside that window handed a replayable credential to everyone who
reads the logs as they are written (shippers, dashboards, third parties); one
logged after it had expired did not.  Formats: ISO 8601 / RFC 3339 (no offset
counts as UTC, and says so), the common/combined log format of nginx and
Apache (``[10/Oct/2000:13:55:36 -0700]``), Apache's error log
(``[Tue Oct 10 13:55:36.123 2000]``), and epoch seconds or milliseconds where a
field names a time (``"ts": 1700000000``) or the line begins with one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

VALIDITY_SECONDS = 600
CLOCK_SKEW = 300  # a line stamped a little before the signature's own time is clock skew, not a miss
_MON = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_MONTHS = {m: i for i, m in enumerate(_MON.strip("()").split("|"), 1)}
_ISO = re.compile(rb"(?<![0-9])(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?"
                  rb"\s?(Z|z|UTC|[+-]\d\d(?::?\d\d)?)?(?![0-9])")
_CLF = re.compile(rb"\[(\d{1,2})/" + _MON.encode() + rb"/(\d{4}):(\d\d):(\d\d):(\d\d)(?:\.(\d+))? ([+-]\d{4})\]")
_CTIME = re.compile(rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) " + _MON.encode()
                    + rb" {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? (\d{4})")
_EPOCH = re.compile(rb'(?:^\s*|(?<![A-Za-z0-9])(?i:[a-z_@]*(?:time|timestamp|epoch|date)|ts|t|when|logged)'
                    rb'["\']?\s*[:=]\s*["\']?)'
                    rb"(1\d{9}(?:\.\d{1,9})?|1\d{12})(?![0-9A-Za-z])")


@dataclass(frozen=True)
class LogTime:
    epoch: float
    form: str  # iso8601 | common-log | ctime | epoch-seconds | epoch-milliseconds
    assumed_utc: bool = False


def _fraction(text: bytes | None) -> float:
    return float(b"0." + text) if text else 0.0


def _offset(text: bytes | None) -> tuple[timezone, bool]:
    if not text or text.upper() in (b"Z", b"UTC"):
        return timezone.utc, not text
    sign = -1 if text[:1] == b"-" else 1
    digits = text[1:].replace(b":", b"")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
    return timezone(sign * timedelta(minutes=minutes)), False


def _parse(m: re.Match[bytes], form: str) -> LogTime | None:
    g = m.groups()
    try:
        if form == "iso8601":
            tz, assumed = _offset(g[7])
            dt = datetime(int(g[0]), int(g[1]), int(g[2]), int(g[3]), int(g[4]), int(g[5]), tzinfo=tz)
            return LogTime(dt.timestamp() + _fraction(g[6]), form, assumed)
        if form == "common-log":
            tz, _ = _offset(g[7])
            dt = datetime(int(g[2]), _MONTHS[g[1].decode()], int(g[0]), int(g[3]), int(g[4]), int(g[5]), tzinfo=tz)
            return LogTime(dt.timestamp() + _fraction(g[6]), form)
        if form == "ctime":
            dt = datetime(int(g[6]), _MONTHS[g[0].decode()], int(g[1]), int(g[2]), int(g[3]), int(g[4]),
                          tzinfo=timezone.utc)
            return LogTime(dt.timestamp() + _fraction(g[5]), form, True)
    except (ValueError, OverflowError, OSError):  # 31 February, year 1 minus five hours: not a time
        return None
    value = float(g[0])
    return LogTime(value / 1000, "epoch-milliseconds") if value >= 1e12 else LogTime(value, "epoch-seconds")


def _usable(parsed: LogTime | None) -> LogTime | None:
    """Only a time the calendar can show again (years 1 to 9999 in UTC): what cannot be formatted
    is not a time worth a verdict."""
    if parsed is None:
        return None
    try:
        _iso(parsed.epoch)
    except (ValueError, OverflowError, OSError):
        return None
    return parsed


def line_time(line: bytes, exclude: tuple[int, int] = (0, 0)) -> LogTime | None:
    """The first timestamp on ``line`` outside ``exclude`` (the secret's own span)."""
    best: tuple[int, LogTime] | None = None
    for pattern, form in ((_ISO, "iso8601"), (_CLF, "common-log"), (_CTIME, "ctime"), (_EPOCH, "epoch")):
        for m in pattern.finditer(line):
            if m.end() > exclude[0] and m.start() < exclude[1]:
                continue
            parsed = _usable(_parse(m, form))
            if parsed is not None:
                if best is None or m.start() < best[0]:
                    best = (m.start(), parsed)
                break
    return best[1] if best else None


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def signature_facts(signed_at: int, logged: LogTime) -> dict[str, Any]:
    """Whether a signature was still replayable when its line was logged, and for how long after."""
    expires = signed_at + VALIDITY_SECONDS
    facts: dict[str, Any] = {
        "logged_at": _iso(logged.epoch) + (" (no zone in the log: read as UTC)" if logged.assumed_utc else ""),
        "logged_at_format": logged.form,
        "replayable_when_logged": signed_at - CLOCK_SKEW <= logged.epoch < expires,
        "logged_seconds_after_signing": round(logged.epoch - signed_at),
    }
    if facts["replayable_when_logged"]:
        facts["replayable_after_logging_seconds"] = max(0, round(expires - logged.epoch))
    return facts
