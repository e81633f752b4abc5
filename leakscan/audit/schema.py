"""The findings store's schema, by version: each entry migrates the store from the version before.

A store's version is kept in ``meta``; a store newer than :data:`VERSION` is refused, never rewritten.
"""

from __future__ import annotations

VERSION = 2

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, status TEXT NOT NULL,
            digest TEXT NOT NULL, tool_version TEXT NOT NULL, targets TEXT NOT NULL, options TEXT NOT NULL)""",
        "CREATE TABLE repos (id INTEGER PRIMARY KEY, location TEXT NOT NULL UNIQUE)",
        """CREATE TABLE run_repos (
            run_id INTEGER NOT NULL REFERENCES runs(id), repo_id INTEGER NOT NULL REFERENCES repos(id),
            status TEXT NOT NULL, reason TEXT NOT NULL, state TEXT NOT NULL, blobs_read INTEGER NOT NULL, bytes_read INTEGER NOT NULL, elapsed REAL NOT NULL,
            warnings TEXT NOT NULL, PRIMARY KEY (run_id, repo_id))""",
        """CREATE TABLE secrets (
            fingerprint TEXT PRIMARY KEY, rule_id TEXT NOT NULL, title TEXT NOT NULL,
            key_type TEXT NOT NULL, redacted TEXT NOT NULL)""",
        """CREATE TABLE occurrences (
            run_id INTEGER NOT NULL, repo_id INTEGER NOT NULL,
            fingerprint TEXT NOT NULL REFERENCES secrets(fingerprint), path TEXT NOT NULL,
            line INTEGER NOT NULL, severity TEXT NOT NULL, commit_sha TEXT, author TEXT, date TEXT,
            blob TEXT, at_tip INTEGER NOT NULL, PRIMARY KEY (run_id, repo_id, fingerprint, path))""",
        "CREATE INDEX occurrences_by_secret ON occurrences (fingerprint, run_id)",
        # blob ids are content addresses: clean under a digest is clean in every repository (forks share)
        """CREATE TABLE clean_blobs (digest TEXT NOT NULL, sha BLOB NOT NULL, PRIMARY KEY (digest, sha))
            WITHOUT ROWID""",
        """CREATE TABLE triage (
            fingerprint TEXT PRIMARY KEY, status TEXT NOT NULL, reason TEXT NOT NULL, expires TEXT,
            updated TEXT NOT NULL)""",
    ),
    # the last live check (--verify) per secret: what it said, never the secret; re-checked while open
    2: (
        """CREATE TABLE verifications (
            fingerprint TEXT PRIMARY KEY REFERENCES secrets(fingerprint), status TEXT NOT NULL,
            checked_at TEXT NOT NULL, endpoint_host TEXT, http_status INTEGER, reason TEXT NOT NULL,
            run_id INTEGER NOT NULL)""",
    ),
}
