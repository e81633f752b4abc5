"""The findings store: SQLite (stdlib ``sqlite3``) in WAL mode, schema versioned and migrated.

Each repository's results are written in one transaction, so a run stopped at any
point (Ctrl-C, ``kill -9``) leaves whole repositories or none.  One audit at a time
holds the store's lock file; a second one is refused with a clear line.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from leakscan.audit import schema
from leakscan.errors import LeakscanError


class StoreError(LeakscanError):
    """The store cannot be used: newer schema, locked by another audit, not a store."""


def default_store() -> Path:
    """The user's data directory (XDG_DATA_HOME, else ~/.local/share) / leakscan / audit.sqlite."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "leakscan" / "audit.sqlite"


def open_store(path: Path | str, *, create: bool = True) -> sqlite3.Connection:
    """A connection to an up-to-date store; a newer store is refused, never silently rewritten."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise StoreError(f"no audit store at {path} (run `leakscan audit` first, or pass --store)")
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        _migrate(db, path)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a leakscan audit store ({exc})") from None
    return db


def version_of(db: sqlite3.Connection) -> int:
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone():
        has_tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        return -1 if has_tables else 0
    row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row else -1


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    found = version_of(db)
    if found < 0:
        raise StoreError(f"{path} is an SQLite file but not a leakscan audit store")
    if found > schema.VERSION:
        raise StoreError(f"{path} was written by a newer leakscan (store schema {found}, this leakscan "
                         f"reads up to {schema.VERSION}): upgrade leakscan or use another --store")
    if found == schema.VERSION:
        return
    with transaction(db):
        for version in range(found + 1, schema.VERSION + 1):
            for statement in schema.MIGRATIONS[version]:
                db.execute(statement)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(schema.VERSION),))


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error (the store never holds half a repository)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@contextlib.contextmanager
def run_lock(path: Path | str) -> Iterator[None]:
    """Exclusive for the length of an audit; the OS drops it if the process dies (``kill -9`` included)."""
    import fcntl

    lock_path = f"{path}.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
            raise StoreError(f"another audit (pid {holder}) is writing {path}: wait for it to finish, "
                             "or use another --store") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
