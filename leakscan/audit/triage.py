"""Triage that survives runs: a status and reason per fingerprint, exported and imported as JSON for review."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, datetime, timezone
from typing import Any

from leakscan.audit.records import TRIAGE_STATUSES, Triage
from leakscan.errors import UsageError

EXPORT_VERSION = 1
_HEX = re.compile(r"[0-9a-f]{8,64}")


def load(db: sqlite3.Connection) -> dict[str, Triage]:
    return {r[0]: Triage(*r) for r in db.execute("SELECT fingerprint, status, reason, expires, updated FROM triage")}


def well_formed(fingerprint: str) -> str:
    fp = fingerprint.strip().lower()
    if not _HEX.fullmatch(fp):
        raise UsageError(f"not a fingerprint: {fingerprint!r} (8 to 64 hex digits, as reports show them)")
    return fp


def resolve(db: sqlite3.Connection, fingerprint: str) -> str:
    """A full fingerprint, from the whole one or a unique prefix of a secret the store has seen."""
    fp = well_formed(fingerprint)
    if len(fp) == 64:
        return fp
    found = [str(r[0]) for r in db.execute("SELECT fingerprint FROM secrets WHERE fingerprint LIKE ?", (fp + "%",))]
    if len(found) != 1:
        raise UsageError(f"fingerprint {fp}: {'no secret' if not found else f'{len(found)} secrets'} in the "
                         "store start with it (give more digits, or the whole fingerprint)")
    return found[0]


def check(status: str, reason: str, expires: str | None) -> None:
    if status not in TRIAGE_STATUSES:
        raise UsageError(f"triage status {status!r}: one of {', '.join(TRIAGE_STATUSES)}")
    if not reason.strip():
        raise UsageError("a triage needs a --reason (reviewers read it)")
    if expires is not None:
        try:
            date.fromisoformat(expires)
        except ValueError:
            raise UsageError(f"--expires {expires!r}: not a date (YYYY-MM-DD)") from None


def set_triage(db: sqlite3.Connection, triage: Triage) -> None:
    check(triage.status, triage.reason, triage.expires)
    updated = triage.updated or datetime.now(timezone.utc).isoformat(timespec="seconds")
    db.execute("INSERT OR REPLACE INTO triage VALUES (?, ?, ?, ?, ?)",
               (triage.fingerprint, triage.status, triage.reason, triage.expires, updated))


def clear(db: sqlite3.Connection, fingerprint: str) -> bool:
    return db.execute("DELETE FROM triage WHERE fingerprint=?", (fingerprint,)).rowcount > 0


def export(db: sqlite3.Connection) -> str:
    """Sorted by fingerprint, one entry per secret: diffs of this file read well in a pull request."""
    entries = [{"fingerprint": t.fingerprint, "status": t.status, "reason": t.reason, "expires": t.expires,
                "updated": t.updated} for t in sorted(load(db).values(), key=lambda t: t.fingerprint)]
    return json.dumps({"leakscan_triage": EXPORT_VERSION, "triage": entries}, indent=2) + "\n"


def parse_export(text: str, source: str) -> list[Triage]:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{source}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("leakscan_triage") != EXPORT_VERSION:
        raise UsageError(f"{source}: not a leakscan triage export (want {{\"leakscan_triage\": 1, ...}})")
    out = []
    for i, item in enumerate(data.get("triage") or []):
        if not isinstance(item, dict) or not _HEX.fullmatch(str(item.get("fingerprint", ""))):
            raise UsageError(f"{source}: entry {i + 1}: needs a 64-hex 'fingerprint'")
        t = Triage(str(item["fingerprint"]), str(item.get("status", "")), str(item.get("reason", "")),
                   item.get("expires"), str(item.get("updated") or ""))
        try:
            check(t.status, t.reason, t.expires)
        except UsageError as exc:
            raise UsageError(f"{source}: entry {i + 1}: {exc}") from None
        out.append(t)
    return out
