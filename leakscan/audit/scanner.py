"""One repository's audit, as a worker runs it: fetch, compare refs, scan the history's new blobs.

It touches no store (only the coordinator writes one), so it runs in-process or on a
Dask worker alike.  A repository that cannot be audited comes back as a failed outcome
with its reason; the other repositories go on.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from leakscan.audit.records import Occurrence, RepoOutcome, ScanTask
from leakscan.audit.repos import materialise, state
from leakscan.audit.tips import at_branch_tips
from leakscan.errors import LeakscanError
from leakscan.findings import display_secret
from leakscan.model import Finding

if TYPE_CHECKING:
    from leakscan.config import Config
    from leakscan.model import Verification
    from leakscan.sources.gitcmd import Repo
    from leakscan.verify.run import Verifier



def scan_repo(task: ScanTask, verifier: Verifier | None = None) -> RepoOutcome:
    """``verifier``: one shared across the run's repositories (``--verify``); else the task makes its own."""
    started = time.perf_counter()
    location = task.target.location
    try:
        return _scan(task, started, verifier)
    except LeakscanError as exc:
        return RepoOutcome(location, ok=False, reason=str(exc), elapsed=time.perf_counter() - started)
    except OSError as exc:  # permission denied and the like, named, never a crash of the whole audit
        return RepoOutcome(location, ok=False, reason=f"{type(exc).__name__}: {exc.strerror or exc}",
                           elapsed=time.perf_counter() - started)


def _scan(task: ScanTask, started: float, verifier: Verifier | None) -> RepoOutcome:
    from leakscan import scan_history
    from leakscan.config import load_config
    from leakscan.sources.gitcmd import open_repo

    location = task.target.location
    path = materialise(task.target, task.cache)
    repo = open_repo(path)
    if repo.empty:
        return RepoOutcome(location, ok=False, reason="the repository has no commits")
    if repo.shallow:
        return RepoOutcome(location, ok=False, reason="shallow clone: its history is incomplete "
                           "(git fetch --unshallow, or audit the clone URL)")
    now_state = state(path, task.all_objects)
    config = load_config(Path(task.config) if task.config else None)
    if now_state == task.previous_state:
        return RepoOutcome(location, ok=True, unchanged=True, state=now_state,
                           verifications=_verified(task, repo, config, verifier, None),
                           elapsed=time.perf_counter() - started)
    known = set(task.known_clean)
    # the repository's own ignore file does not silence its audit (docs/audits.md)
    result = scan_history(path, config, all_objects=task.all_objects, engine=task.engine, jobs=task.jobs,
                          known_clean=known, ignore=False)
    if result.incomplete:  # not read whole: the repository's last results stand instead
        return RepoOutcome(location, ok=False, reason=result.incomplete[0], elapsed=time.perf_counter() - started)
    on_branches = at_branch_tips(repo, result.findings)
    return RepoOutcome(
        location, ok=True, state=now_state,
        occurrences=tuple(occurrence(f, (f.fingerprint, f.path) in on_branches) for f in result.findings),
        clean=frozenset(known.difference(task.known_clean)),
        blobs_read=result.stats.files_scanned, bytes_read=result.stats.bytes_scanned,
        elapsed=time.perf_counter() - started, warnings=tuple(result.warnings),
        verifications=_verified(task, repo, config, verifier, result.findings))


def _verified(task: ScanTask, repo: Repo, config: Config, verifier: Verifier | None,
              findings: list[Finding] | None) -> tuple[tuple[str, Verification], ...]:
    """``--verify``: the findings checked live, or (``None``: unchanged) the open secrets checked again."""
    if task.verify is None:
        return ()
    from leakscan.audit import verifying

    verifier = verifier or verifying.verifier_for(config, task.verify)
    if findings is None:
        return verifying.recheck(repo, task, config, verifier)
    return verifying.check(findings, task.verify, verifier)


def occurrence(finding: Finding, on_a_branch: bool = False) -> Occurrence:
    extra = finding.extra
    return Occurrence(
        fingerprint=finding.fingerprint, rule_id=finding.rule_id, title=finding.title,
        severity=finding.severity, key_type=finding.key_type, redacted=display_secret(finding),
        path=finding.path, line=finding.line, commit=finding.commit,
        author=extra.get("author"), date=extra.get("date"), blob=extra.get("blob"),
        at_tip=bool(extra.get("present_in_head", False)) or on_a_branch)
