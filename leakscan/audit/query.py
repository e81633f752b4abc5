"""The store -> an :class:`AuditReport` for one run: each secret once, its status, triage and occurrences."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timezone

from leakscan import __version__
from leakscan.audit import lifecycle, triage
from leakscan.audit.records import (
    AuditReport,
    Occurrence,
    RepoRun,
    RunInfo,
    SecretEntry,
    Seen,
    Triage,
)
from leakscan.audit.store import StoreError
from leakscan.model import Verification, severity_rank

_OCC = ("SELECT location, fingerprint, rule_id, title, severity, key_type, redacted, path, line, commit_sha, "
        "author, date, blob, at_tip, run_id FROM occurrences JOIN repos ON repos.id=repo_id "
        "JOIN secrets USING (fingerprint) ")
_ORDER = {"new": 0, "reintroduced": 1, "open": 2, "fixed": 3}
Row = tuple[str, Occurrence]


def build_report(db: sqlite3.Connection, run: int | None = None, since: str | None = None,
           now: datetime | None = None) -> AuditReport:
    """``since`` (an ISO date) compares the run with the audits made before that date instead of the last one."""
    info = _run(db, run)
    now = now or datetime.now(timezone.utc)
    cutoff = "id < ?", (info.id,)
    if since:
        cutoff = "started < ? AND id < ?", (since, info.id)  # type: ignore[assignment]
    current = _rows(db, "WHERE run_id=?", (info.id,))
    baseline = _rows(db, f"WHERE (run_id, repo_id) IN (SELECT MAX(run_id), repo_id FROM run_repos WHERE "
                         f"repo_id IN (SELECT repo_id FROM run_repos WHERE run_id=?) AND run_id IN "
                         f"(SELECT id FROM runs WHERE {cutoff[0]}) GROUP BY repo_id)", (info.id, *cutoff[1]))
    seen_before = {r[0] for r in db.execute(
        f"SELECT DISTINCT fingerprint FROM occurrences WHERE run_id IN (SELECT id FROM runs WHERE {cutoff[0]})",
        cutoff[1])}
    by_fp: dict[str, list[Row]] = defaultdict(list)
    for location, occ in current:
        by_fp[occ.fingerprint].append((location, occ))
    present = {fp: any(o.at_tip for _, o in rows) for fp, rows in by_fp.items()}
    before_rows: dict[str, list[Row]] = defaultdict(list)
    for location, occ in baseline:
        if occ.at_tip:
            before_rows[occ.fingerprint].append((location, occ))
    status = lifecycle.statuses(present, before_rows.keys(), seen_before)
    triaged = triage.load(db)
    checked = verifications(db, info.id)
    today = now.date().isoformat()
    entries = [replace(_entry(db, fp, st, by_fp.get(fp) or before_rows[fp], triaged.get(fp), info.id, today, now),
                       verification=checked.get(fp))
               for fp, st in status.items()]
    entries.sort(key=lambda e: (_ORDER[e.status], -severity_rank(e.severity), e.rule_id, e.fingerprint))
    return AuditReport(run=info, since=since, repos=_repos(db, info.id), secrets=tuple(entries),
                       history=_history(db, info.id), tool_version=__version__)


def verifications(db: sqlite3.Connection, up_to_run: int) -> dict[str, Verification]:
    """The last live check of each secret (``audit --verify``), if made by this run or one before it."""
    return {r[0]: Verification(*r[1:]) for r in db.execute(
        "SELECT fingerprint, status, checked_at, endpoint_host, http_status, reason FROM verifications "
        "WHERE run_id <= ?", (up_to_run,))}


def _run(db: sqlite3.Connection, run: int | None) -> RunInfo:
    sql = "SELECT id, started, finished, status, digest FROM runs "
    row = (db.execute(sql + "WHERE id=?", (run,)).fetchone() if run is not None else
           db.execute(sql + "ORDER BY status != 'complete', id DESC LIMIT 1").fetchone())
    if row is None:
        raise StoreError(f"no run {run} in the store" if run is not None else "the store holds no audit run yet")
    prev = db.execute("SELECT digest FROM runs WHERE id < ? AND status='complete' ORDER BY id DESC LIMIT 1",
                      (row[0],)).fetchone()
    return RunInfo(id=row[0], started=row[1], finished=row[2], status=row[3], digest=row[4],
                   rescanned=prev is not None and prev[0] != row[4])


def _rows(db: sqlite3.Connection, where: str, args: tuple[object, ...]) -> list[Row]:
    return [(r[0], Occurrence(fingerprint=r[1], rule_id=r[2], title=r[3], severity=r[4], key_type=r[5],
                              redacted=r[6], path=r[7], line=r[8], commit=r[9], author=r[10], date=r[11],
                              blob=r[12], at_tip=bool(r[13])))
            for r in db.execute(_OCC + where + " ORDER BY location, path, fingerprint", args)]


def _entry(db: sqlite3.Connection, fp: str, status: str, rows: list[Row], t: Triage | None, run: int,
           today: str, now: datetime) -> SecretEntry:
    first = db.execute("SELECT run_id, started FROM occurrences JOIN runs ON runs.id=run_id WHERE fingerprint=? "
                       "AND run_id <= ? ORDER BY run_id LIMIT 1", (fp, run)).fetchone()
    last = db.execute("SELECT run_id, started FROM occurrences JOIN runs ON runs.id=run_id WHERE fingerprint=? "
                      "AND run_id <= ? ORDER BY at_tip DESC, run_id DESC LIMIT 1", (fp, run)).fetchone()
    introduced = min(rows, key=lambda r: (r[1].date or "~", r[1].commit or ""))[1]
    started = datetime.fromisoformat(first[1])
    worst = max((o.severity for _, o in rows), key=severity_rank)
    sample = rows[0][1]
    return SecretEntry(
        fingerprint=fp, rule_id=sample.rule_id, title=sample.title, severity=worst, status=status,
        triage=t if lifecycle.triage_applies(t, today) else None,
        triage_expired=t is not None and not lifecycle.triage_applies(t, today),
        first_seen=Seen(first[0], first[1], introduced.commit), last_seen=Seen(last[0], last[1]),
        age_days=max((now - started).days, 0), redacted=sample.redacted, occurrences=tuple(rows))


def _repos(db: sqlite3.Connection, run: int) -> tuple[RepoRun, ...]:
    rows = db.execute("SELECT location, status, reason, blobs_read, bytes_read, elapsed FROM run_repos "
                      "JOIN repos ON repos.id=repo_id WHERE run_id=? ORDER BY location", (run,))
    return tuple(RepoRun(*r) for r in rows)


def _history(db: sqlite3.Connection, run: int) -> tuple[tuple[int, str, dict[str, int]], ...]:
    """Secrets present at a tip per run and severity (a secret counts once, at its worst severity)."""
    out = []
    for run_id, started in db.execute("SELECT id, started FROM runs WHERE id <= ? AND status IN "
                                      "('complete', 'running') ORDER BY id", (run,)).fetchall():
        worst: dict[str, str] = {}
        for fp, sev in db.execute("SELECT fingerprint, severity FROM occurrences WHERE run_id=? AND at_tip=1",
                                  (run_id,)):
            if fp not in worst or severity_rank(sev) > severity_rank(worst[fp]):
                worst[fp] = sev
        counts = dict.fromkeys(("critical", "high", "medium", "low", "info"), 0)
        for sev in worst.values():
            counts[sev] += 1
        out.append((run_id, started, counts))
    return tuple(out)
