from __future__ import annotations

import datetime as dt

from leakscan.config import resolve_config
from leakscan.model import Fragment, ScanResult
from leakscan.pipeline import finish
from leakscan.scans.files import scan_fragments
from leakscan.suppress import baseline as baselines
from leakscan.suppress.apply import Suppressions
from leakscan.suppress.ignorefile import parse
from testing import secrets

TODAY = dt.date(2026, 6, 1)


def apply_stored(result: ScanResult, *, ignore=None, baseline=None, today=TODAY, report_stale=False) -> ScanResult:
    """The pipeline's finish on a scan's findings (all of them), with these stored suppressions."""
    found = [*result.findings, *(x.finding for x in result.suppressed)]
    supp = Suppressions(resolve_config(None), ignore, baseline, None, report_stale, today)
    return finish(found, result.stats, supp, 0.0)


def _result():
    keys = [secrets.hex_key(s) for s in (41, 42, 43)]
    text = "".join(f"private_key_{i} = '{k}'\n" for i, k in enumerate(keys))
    return scan_fragments([Fragment(text.encode(), "keys.py")])


def test_ignored_findings_are_suppressed_with_the_entry_and_its_reason():
    result = _result()
    fp = result.findings[1].fingerprint
    out = apply_stored(result, ignore=parse(f"# rotated, kept for the test\n{fp} 2026-12-31\n"), today=TODAY)
    assert [f.line for f in out.findings] == [1, 3]
    [s] = out.suppressed
    assert (s.kind, s.reason, s.finding.line) == ("ignore", ".leakscanignore:2 (rotated, kept for the test)", 2)
    assert out.warnings == []


def test_an_expired_entry_stops_suppressing_and_says_so():
    result = _result()
    fp = result.findings[0].fingerprint
    out = apply_stored(result, ignore=parse(f"{fp} 2026-05-31 # temporary\n"), today=TODAY)
    assert len(out.findings) == 3 and out.suppressed == []
    assert out.warnings == [f".leakscanignore:1: entry {fp[:12]} expired on 2026-05-31; it no longer "
                            "suppresses (temporary)"]


def test_stale_entries_are_reported_only_when_the_scan_covered_everything():
    result = _result()
    stale = "f" * 64
    ignore = parse(f"{result.findings[0].fingerprint}\n{stale}\n")
    partial = apply_stored(result, ignore=ignore, today=TODAY)
    assert partial.warnings == []
    full = apply_stored(result, ignore=ignore, today=TODAY, report_stale=True)
    assert full.warnings == [f".leakscanignore:2: entry {stale[:12]} matches no finding (stale; remove it)"]


def test_an_entry_matching_an_inline_suppressed_finding_is_not_stale():
    key = secrets.hex_key(44)
    result = scan_fragments([Fragment(f"private_key = '{key}'  # leakscan:allow\n".encode(), "k.py")])
    ignore = parse(f"{result.suppressed[0].finding.fingerprint}\n")
    assert apply_stored(result, ignore=ignore, today=TODAY, report_stale=True).warnings == []


def test_ignore_then_baseline_and_a_stable_order():
    result = _result()
    f = result.findings
    base = baselines.from_findings([f[0], f[2]], reason="audit")
    out = apply_stored(result, ignore=parse(f"{f[2].fingerprint}\n"), baseline=base, today=TODAY)
    assert [(s.finding.line, s.kind) for s in out.suppressed] == [(1, "baseline"), (3, "ignore")]
    assert [x.line for x in out.findings] == [2]
