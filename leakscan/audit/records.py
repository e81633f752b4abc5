"""The records of an audit: what a worker returns for one repository, and what a report shows.

Plain frozen dataclasses, so they pickle to and from Dask workers.  None of them
holds a raw secret: an occurrence carries the secret redacted, as every report shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from leakscan.model import Verification

TRIAGE_STATUSES = ("false-positive", "revoked", "accepted-risk", "test-key")
LIFECYCLE = ("new", "open", "reintroduced", "fixed")


@dataclass(frozen=True)
class Target:
    """A repository to audit, as the user named it; ``location`` is its identity in the store."""

    location: str  # absolute path, or the URL without credentials
    source: str  # what to read or clone (a URL keeps what the user gave)
    is_url: bool = False


@dataclass(frozen=True)
class Occurrence:
    """One secret at one path of one repository, named after the commit that introduced it there."""

    fingerprint: str
    rule_id: str
    title: str
    severity: str
    key_type: str
    redacted: str
    path: str
    line: int
    commit: str | None
    author: str | None
    date: str | None
    blob: str | None
    at_tip: bool  # still present at the repository's HEAD or at a branch's tip


@dataclass(frozen=True)
class VerifyPlan:
    """``audit --verify``: what a worker checks live.  Workers hold the raw values; the store never does.

    A scanned repository's secrets are all checked; an unchanged one's ``recheck`` blobs
    (its open secrets, and those never checked) are read again to get the values back.
    """

    allow_http: bool = False
    skip: frozenset[str] = frozenset()  # triaged secrets: settled by a person, never sent
    recheck: tuple[tuple[str, str, str], ...] = ()  # (blob, path, fingerprint)


@dataclass(frozen=True)
class ScanTask:
    """What a worker needs to audit one repository; no store, so it runs anywhere."""

    target: Target
    cache: str
    config: str | None
    engine: str
    all_objects: bool
    jobs: int | None
    known_clean: frozenset[str] = frozenset()
    previous_state: str = ""  # the refs' digest when last audited under the same rules and config
    verify: VerifyPlan | None = None  # None: nothing is sent anywhere (the default)


@dataclass(frozen=True)
class RepoOutcome:
    """A worker's answer: the occurrences found, or why the repository could not be audited."""

    location: str
    ok: bool
    reason: str = ""
    unchanged: bool = False  # same refs as last time: nothing read, the last occurrences stand
    state: str = ""  # digest of the refs (and objects): unchanged state means unchanged history
    occurrences: tuple[Occurrence, ...] = ()
    clean: frozenset[str] = frozenset()  # blobs found clean this time
    blobs_read: int = 0
    bytes_read: int = 0
    elapsed: float = 0.0
    warnings: tuple[str, ...] = ()
    verifications: tuple[tuple[str, Verification], ...] = ()  # (fingerprint, what its live check said)


@dataclass(frozen=True)
class Triage:
    fingerprint: str
    status: str
    reason: str
    expires: str | None = None  # ISO date; after it the triage no longer applies
    updated: str = ""


@dataclass(frozen=True)
class Seen:
    run: int
    date: str
    commit: str | None = None


@dataclass(frozen=True)
class SecretEntry:
    """One line per secret: its lifecycle status, triage and every occurrence."""

    fingerprint: str
    rule_id: str
    title: str
    severity: str
    status: str  # one of LIFECYCLE
    triage: Triage | None
    triage_expired: bool
    first_seen: Seen
    last_seen: Seen
    age_days: int
    redacted: str
    occurrences: tuple[tuple[str, Occurrence], ...]  # (repository, occurrence)
    verification: Verification | None = None  # the last live check, from this run or an earlier one


@dataclass(frozen=True)
class RepoRun:
    location: str
    status: str  # scanned | unchanged | failed
    reason: str
    blobs_read: int
    bytes_read: int
    elapsed: float


@dataclass(frozen=True)
class RunInfo:
    id: int
    started: str
    finished: str | None
    status: str
    digest: str
    rescanned: bool  # rules or config changed since the previous run


@dataclass(frozen=True)
class AuditReport:
    run: RunInfo
    since: str | None
    repos: tuple[RepoRun, ...]
    secrets: tuple[SecretEntry, ...]
    history: tuple[tuple[int, str, dict[str, int]], ...] = field(default=())  # (run, date, open per severity)
    tool_version: str = ""
