"""Writing one repository's outcome into a run, and the look-ups the coordinator needs first.

An unchanged or failed repository carries its last good occurrences into the run,
so every run holds a whole picture of its repositories and a failure never reads as "fixed".
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from leakscan.audit.records import Occurrence, RepoOutcome
from leakscan.model import Verification

_GOOD = "('scanned', 'unchanged')"


def clean_blobs(db: sqlite3.Connection, digest: str) -> Iterator[str]:
    for (sha,) in db.execute("SELECT sha FROM clean_blobs WHERE digest=?", (digest,)):
        yield bytes(sha).hex()


def repo_id(db: sqlite3.Connection, location: str) -> int:
    db.execute("INSERT OR IGNORE INTO repos (location) VALUES (?)", (location,))
    return int(db.execute("SELECT id FROM repos WHERE location=?", (location,)).fetchone()[0])


def last_good(db: sqlite3.Connection, location: str, digest: str | None = None, before: int | None = None
              ) -> tuple[int, str] | None:
    """(run, refs state) of the repository's last whole audit (before run ``before``), under ``digest``."""
    sql = (f"SELECT run_id, state FROM run_repos JOIN repos ON repos.id=repo_id JOIN runs ON runs.id=run_id "
           f"WHERE location=? AND run_repos.status IN {_GOOD} AND run_id < ?")
    args: tuple[str | int, ...] = (location, before if before is not None else 1 << 62)
    if digest is not None:
        sql, args = sql + " AND runs.digest=?", (*args, digest)
    row = db.execute(sql + " ORDER BY run_id DESC LIMIT 1", args).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def record(db: sqlite3.Connection, run_id: int, digest: str, outcome: RepoOutcome) -> None:
    """Call inside a transaction: the repository's row, its occurrences and the blobs found clean."""
    repo = repo_id(db, outcome.location)
    status = "failed" if not outcome.ok else "unchanged" if outcome.unchanged else "scanned"
    db.execute("DELETE FROM occurrences WHERE run_id=? AND repo_id=?", (run_id, repo))
    db.execute("INSERT OR REPLACE INTO run_repos VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (run_id, repo, status, outcome.reason, outcome.state, outcome.blobs_read, outcome.bytes_read,
                outcome.elapsed, json.dumps(list(outcome.warnings))))
    if status == "scanned":
        _insert(db, run_id, repo, outcome.occurrences)
        db.executemany("INSERT OR IGNORE INTO clean_blobs VALUES (?, ?)",
                       ((digest, bytes.fromhex(sha)) for sha in outcome.clean))
    else:
        last = last_good(db, outcome.location, digest if status == "unchanged" else None, before=run_id)
        if last is not None:
            db.execute("INSERT INTO occurrences SELECT ?, repo_id, fingerprint, path, line, severity, commit_sha, "
                       "author, date, blob, at_tip FROM occurrences WHERE run_id=? AND repo_id=?",
                       (run_id, last[0], repo))
    _verified(db, run_id, outcome.verifications)


def _verified(db: sqlite3.Connection, run_id: int, checked: tuple[tuple[str, Verification], ...]) -> None:
    """The last live check per secret replaces the one before: a report shows what is known now."""
    db.executemany("INSERT OR REPLACE INTO verifications VALUES (?, ?, ?, ?, ?, ?, ?)",
                   ((fp, v.status, v.checked_at, v.endpoint_host, v.http_status, v.reason, run_id)
                    for fp, v in checked))


def to_recheck(db: sqlite3.Connection, location: str, run_id: int) -> tuple[tuple[str, str, str], ...]:
    """(blob, path, fingerprint) of a run's occurrences worth a live check again: the open ones (at a
    tip), and any never checked.  A secret only in history keeps its last answer."""
    rows = db.execute("SELECT DISTINCT o.blob, o.path, o.fingerprint FROM occurrences o JOIN repos ON repos.id="
                      "o.repo_id LEFT JOIN verifications v ON v.fingerprint=o.fingerprint WHERE o.run_id=? AND "
                      "location=? AND o.blob IS NOT NULL AND (o.at_tip=1 OR v.fingerprint IS NULL) "
                      "ORDER BY o.blob, o.path", (run_id, location))
    return tuple((str(b), str(p), str(f)) for b, p, f in rows)


def _insert(db: sqlite3.Connection, run_id: int, repo: int, occurrences: tuple[Occurrence, ...]) -> None:
    db.executemany("INSERT OR IGNORE INTO secrets VALUES (?, ?, ?, ?, ?)",
                   ((o.fingerprint, o.rule_id, o.title, o.key_type, o.redacted) for o in occurrences))
    db.executemany("INSERT OR REPLACE INTO occurrences VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   ((run_id, repo, o.fingerprint, o.path, o.line, o.severity, o.commit, o.author, o.date,
                     o.blob, int(o.at_tip)) for o in occurrences))
