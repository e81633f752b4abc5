"""The coordinator: one audit run over many repositories, written to the store repository by repository.

Workers (this process, or Dask's) scan; only this module writes the store, one
transaction per repository, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from leakscan import __version__
from leakscan.audit import lifecycle, triage, writer
from leakscan.audit.digest import config_digest
from leakscan.audit.records import RepoOutcome, ScanTask, Target, VerifyPlan
from leakscan.audit.scanner import scan_repo
from leakscan.audit.store import open_store, run_lock, transaction


@dataclass(frozen=True)
class AuditOptions:
    store: str
    cache: str
    config: str | None = None
    engine: str = "auto"
    all_objects: bool = False
    jobs: int | None = None
    verify: bool = False  # live checks of the secrets found, and of the open ones again (docs/audits.md)
    verify_allow_http: bool = False


class Executor(Protocol):
    def run(self, tasks: Sequence[ScanTask]) -> Iterable[RepoOutcome]: ...


class InProcess:
    """Repositories one after another here; each history scan still spreads over ``--jobs`` cores."""

    def run(self, tasks: Sequence[ScanTask]) -> Iterator[RepoOutcome]:
        verifier = None  # one for the run: each secret checked once, one rate limit per host
        for task in tasks:
            if task.verify is not None and verifier is None:
                from leakscan.audit.verifying import verifier_for
                from leakscan.config import load_config

                verifier = verifier_for(load_config(Path(task.config) if task.config else None), task.verify)
            yield scan_repo(task, verifier)


Progress = Callable[[RepoOutcome], None]


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run_audit(options: AuditOptions, targets: Sequence[Target], executor: Executor | None = None,
              progress: Progress | None = None) -> int:
    """Audit ``targets`` into the store; the run's id.  Resumes the last run if it was interrupted."""
    if options.verify:
        _check_endpoints(options)
    db = open_store(options.store)
    with run_lock(options.store):
        digest = config_digest(options.config, options.engine)
        run_id, done = _start(db, digest, targets, options)
        known = frozenset(writer.clean_blobs(db, digest))
        plan = _plan(db, options)
        tasks = [_task(db, t, options, digest, known, plan) for t in targets if t.location not in done]
        for outcome in (executor or InProcess()).run(tasks):
            with transaction(db):
                writer.record(db, run_id, digest, outcome)
            if progress:
                progress(outcome)
        with transaction(db):
            db.execute("UPDATE runs SET status='complete', finished=? WHERE id=?", (now_iso(), run_id))
    db.close()
    return run_id


def _start(db: sqlite3.Connection, digest: str, targets: Sequence[Target], options: AuditOptions
           ) -> tuple[int, set[str]]:
    """The run to write: the interrupted one when it was the same audit, else a new one."""
    names = json.dumps([t.location for t in targets])
    settings = json.dumps({k: v for k, v in asdict(options).items() if k in ("config", "engine", "all_objects")})
    with transaction(db):
        row = db.execute("SELECT id, digest, targets, options FROM runs WHERE status='running' "
                         "ORDER BY id DESC LIMIT 1").fetchone()
        if row and (row[1], row[2], row[3]) == (digest, names, settings):
            done = {r[0] for r in db.execute("SELECT location FROM run_repos JOIN repos ON repos.id=repo_id "
                                             "WHERE run_id=?", (row[0],))}
            return int(row[0]), done
        db.execute("UPDATE runs SET status='interrupted' WHERE status='running'")
        cur = db.execute("INSERT INTO runs (started, status, digest, tool_version, targets, options) "
                         "VALUES (?, 'running', ?, ?, ?, ?)", (now_iso(), digest, __version__, names, settings))
        return int(cur.lastrowid or 0), set()


def _task(db: sqlite3.Connection, target: Target, options: AuditOptions, digest: str,
          known: frozenset[str], plan: VerifyPlan | None) -> ScanTask:
    last = writer.last_good(db, target.location, digest)
    if plan is not None and last is not None:
        plan = replace(plan, recheck=writer.to_recheck(db, target.location, last[0]))
    return ScanTask(target=target, cache=options.cache, config=options.config, engine=options.engine,
                    all_objects=options.all_objects, jobs=options.jobs, known_clean=known,
                    previous_state=last[1] if last else "", verify=plan)


def _plan(db: sqlite3.Connection, options: AuditOptions) -> VerifyPlan | None:
    if not options.verify:
        return None
    today = datetime.now(timezone.utc).date().isoformat()
    settled = frozenset(fp for fp, t in triage.load(db).items() if lifecycle.triage_applies(t, today))
    return VerifyPlan(allow_http=options.verify_allow_http, skip=settled)


def _check_endpoints(options: AuditOptions) -> None:
    """Plain-http endpoints refused before any repository is read (exit 2), as on ``scan --verify``."""
    from leakscan.config import load_config
    from leakscan.verify.run import check_schemes
    from leakscan.verify.settings import VerifySettings

    config = load_config(Path(options.config) if options.config else None)
    check_schemes(config.verify or VerifySettings(), options.verify_allow_http)
