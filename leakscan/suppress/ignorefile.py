"""``.leakscanignore``: fingerprints a team accepts, one a line, each with an optional expiry date.

    # test fixture key, rotated 2026-01   (a comment line gives the reason of the entries below it)
    3f5a…64 hex…  2026-12-31   # or a reason after the entry

An entry past its date stops suppressing and is reported, so accepted risk is
revisited; an entry that matches no finding is reported as stale.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from leakscan.errors import ConfigError

IGNORE_NAME = ".leakscanignore"
_LINE = re.compile(r"(?P<fp>[0-9a-fA-F]{64})(?:\s+(?P<date>\d{4}-\d{2}-\d{2}))?\s*(?:#\s*(?P<why>.*))?")


@dataclass(frozen=True)
class IgnoreEntry:
    fingerprint: str
    expires: dt.date | None
    reason: str
    line: int

    def expired(self, today: dt.date) -> bool:
        """Valid through its date, expired the day after."""
        return self.expires is not None and today > self.expires


@dataclass(frozen=True)
class IgnoreFile:
    source: str
    entries: tuple[IgnoreEntry, ...] = ()

    def where(self, entry: IgnoreEntry) -> str:
        return f"{self.source}:{entry.line}"


def parse(text: str, source: str = IGNORE_NAME) -> IgnoreFile:
    entries: list[IgnoreEntry] = []
    comment = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            comment = ""
            continue
        if line.startswith("#"):
            comment = line.lstrip("#").strip()
            continue
        m = _LINE.fullmatch(line)
        if not m:
            raise ConfigError(f"{source}:{number}", "expected: FINGERPRINT [YYYY-MM-DD] [# reason]")
        expires = None
        if m["date"]:
            try:
                expires = dt.date.fromisoformat(m["date"])
            except ValueError:
                raise ConfigError(f"{source}:{number}", f"not a date: {m['date']}") from None
        reason = (m["why"] or "").strip() or comment or "no reason given"
        entries.append(IgnoreEntry(m["fp"].lower(), expires, reason, number))
    return IgnoreFile(source, tuple(entries))


def load(path: str | Path) -> IgnoreFile:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read: {exc}") from None
    return parse(text, str(path))


def find(start: str | Path = ".") -> Path | None:
    """The ignore file in ``start`` or the nearest parent, stopping at the repository's top."""
    here = Path(os.path.realpath(start))  # never raises: a symlink loop resolves as far as it goes
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / IGNORE_NAME).is_file():
            return folder / IGNORE_NAME
        if (folder / ".git").exists():
            return None
    return None
