"""Counts every format reports the same way: by severity, skipped by reason."""

from __future__ import annotations

from collections import Counter

from leakscan.model import SEVERITIES, ScanResult, Skipped, severity_rank


def by_severity(result: ScanResult) -> dict[str, int]:
    counts = Counter(f.severity for f in result.findings)
    return {s: counts.get(s, 0) for s in reversed(SEVERITIES)}


def suppressed_by_kind(result: ScanResult) -> dict[str, int]:
    """inline | allowlist | ignore | baseline -> count, so a summary says where findings went."""
    return dict(sorted(Counter(s.kind for s in result.suppressed).items()))


def skipped_by_reason(result: ScanResult) -> dict[str, int]:
    counts = Counter(_reason_kind(s.reason) for s in result.stats.skipped)
    return dict(sorted(counts.items()))


def _reason_kind(reason: str) -> str:
    return reason.split(" (", 1)[0]


def failing(result: ScanResult, fail_on: str, verified_only: bool = False) -> int:
    """How many findings are at or above the threshold (what makes exit status 1).

    ``verified_only`` (``--fail-on-verified``) counts findings a live check proved valid, and those
    whose check got no answer (``unknown``): a gate that could not check must not pass as if it had.
    """
    if fail_on == "never":
        return 0
    return sum(1 for f in result.findings if severity_rank(f.severity) >= severity_rank(fail_on)
               and (not verified_only or (f.verification is not None
                                          and f.verification.status in ("valid", "unknown"))))


def by_verification(result: ScanResult) -> dict[str, int]:
    """valid | invalid | unknown | skipped -> count; empty when nothing was verified."""
    counts = Counter(f.verification.status for f in result.findings if f.verification is not None)
    return {s: counts[s] for s in ("valid", "invalid", "unknown", "skipped") if counts.get(s)}


def failing_skips(result: ScanResult, allow_skipped: bool = False, fail_on_skipped: bool = False) -> list[Skipped]:
    """The skips that fail the run: every skip under ``--fail-on-skipped``; otherwise what could not
    be read (a fault: the scan is incomplete), unless ``--allow-skipped``."""
    if fail_on_skipped:
        return list(result.stats.skipped)
    if allow_skipped:
        return []
    return [s for s in result.stats.skipped if s.fault]


def skip_failure(skips: list[Skipped], fail_on_skipped: bool) -> str:
    """The one line that says why the run failed on its skips."""
    shown = ", ".join(f"{s.path} ({_reason_kind(s.reason)})" for s in skips[:3])
    more = f" and {len(skips) - 3} more" if len(skips) > 3 else ""
    if fail_on_skipped:
        return f"--fail-on-skipped: {len(skips)} skipped: {shown}{more}"
    return (f"scan incomplete: {len(skips)} could not be read: {shown}{more} "
            "(the report lists each; --allow-skipped accepts an incomplete scan)")


def summary(result: ScanResult, fail_on: str) -> dict[str, object]:
    stats = result.stats
    return {
        "findings": len(result.findings),
        "by_severity": by_severity(result),
        "failing": failing(result, fail_on),
        "fail_on": fail_on,
        "suppressed": len(result.suppressed),
        "suppressed_by_kind": suppressed_by_kind(result),
        "files_scanned": stats.files_scanned,
        "bytes_scanned": stats.bytes_scanned,
        "skipped": len(stats.skipped),
        "skipped_by_reason": skipped_by_reason(result),
        "ignored": len(stats.ignored),
        "elapsed_seconds": round(stats.elapsed, 3),
        "engine": stats.engine,
        **({"verification": by_verification(result)} if any(f.verification for f in result.findings) else {}),
    }
