"""Periodic audits: many repositories' full history into a findings store that remembers between runs.

targets (repos.py) -> workers scan one repository each (scanner.py, in-process or on Dask: cluster.py)
-> the coordinator writes the store (runner.py, writer.py, store.py) -> a run's report (query.py,
lifecycle.py, triage.py) -> reporters (report/).
"""

from __future__ import annotations

from leakscan.audit.query import build_report
from leakscan.audit.records import AuditReport, SecretEntry, Target, Triage
from leakscan.audit.repos import targets
from leakscan.audit.runner import AuditOptions, run_audit
from leakscan.audit.store import StoreError, default_store, open_store

__all__ = ["AuditOptions", "AuditReport", "SecretEntry", "StoreError", "Target", "Triage", "build_report",
           "default_store", "open_store", "run_audit", "targets"]
