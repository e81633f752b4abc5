"""``audit --verify`` in a worker: live checks of one repository's secrets, values read from the repository.

The store never holds a raw secret, so an unchanged repository's open secrets are checked again by
reading their blobs once more (a handful of blobs, never the history).  Triaged secrets are settled
by a person and never sent; suppressed findings never reach here.  Only the auditor's ``--config``
names endpoints (the audited repositories' own configs are not read), and the checks are
:mod:`leakscan.verify`'s: provider hosts only, HTTPS unless allowed, limits and retries.
"""

from __future__ import annotations

from collections.abc import Sequence

from leakscan.audit.records import ScanTask, VerifyPlan
from leakscan.config import Config
from leakscan.model import Finding, Verification
from leakscan.sources import git_reader
from leakscan.sources.gitcmd import Repo
from leakscan.verify import VerifyOptions
from leakscan.verify.run import Verifier
from leakscan.verify.settings import VerifySettings

Checked = tuple[tuple[str, Verification], ...]


def verifier_for(config: Config, plan: VerifyPlan) -> Verifier:
    """One per run in-process (each secret checked once across repositories), one per task on Dask."""
    return Verifier(config.verify or VerifySettings(), VerifyOptions(allow_http=plan.allow_http))


def check(findings: Sequence[Finding], plan: VerifyPlan, verifier: Verifier) -> Checked:
    """(fingerprint, verification) for each secret found, once each, triaged ones left out."""
    wanted = {f.fingerprint: f for f in findings if f.fingerprint not in plan.skip}
    return tuple((f.fingerprint, f.verification) for f in verifier.verify(list(wanted.values()))
                 if f.verification is not None)


def recheck(repo: Repo, task: ScanTask, config: Config, verifier: Verifier) -> Checked:
    """An unchanged repository: its open secrets' blobs read again, scanned under their paths, checked."""
    from leakscan import scan_bytes

    plan = task.verify
    assert plan is not None
    todo = [(blob, path, fp) for blob, path, fp in plan.recheck if fp not in plan.skip]
    paths: dict[str, set[str]] = {}
    for blob, path, _ in todo:
        paths.setdefault(blob, set()).add(path)
    wanted = {fp for _, _, fp in todo}
    found: dict[str, Finding] = {}
    unreadable: list[git_reader.Unreadable] = []
    for sha, data in git_reader.read_blobs(repo, sorted(paths), unreadable):
        for path in sorted(paths[sha]):
            for finding in scan_bytes(data, path, config, engine=task.engine).findings:
                if finding.fingerprint in wanted:
                    found.setdefault(finding.fingerprint, finding)
    return check(list(found.values()), plan, verifier)
