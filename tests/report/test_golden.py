"""Golden report files: the rich result in every format, so any change to a format shows as a diff.

After an intended change: ``LEAKSCAN_UPDATE_GOLDEN=1 pytest tests/report/test_golden.py``, then
review ``git diff tests/report/golden/``.  The files hold redacted secrets only (the fixture's
secrets are generated from fixed seeds, so the redactions are stable).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from leakscan.model import ScanResult
from leakscan.report import FORMATS, ReportOptions, render

GOLDEN = Path(__file__).parent / "golden"


def _stable(result: ScanResult) -> ScanResult:
    return replace(result, stats=replace(result.stats, elapsed=0.0))


@pytest.mark.parametrize("show_suppressed", [False, True], ids=["reported", "with-suppressed"])
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_report_matches_its_golden_file(rich_result, secret_values, fmt: str, show_suppressed: bool,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the GitLab report's scan times
    monkeypatch.delenv("CI_COMMIT_SHA", raising=False)  # its commit for working-tree findings
    text = render(fmt, _stable(rich_result), ReportOptions(tool_version="0.0.0-golden", fail_on="low",
                                                           show_suppressed=show_suppressed))
    for secret in secret_values.values():
        assert secret not in text
    golden = GOLDEN / f"{'suppressed' if show_suppressed else 'reported'}.{fmt}"
    if os.environ.get("LEAKSCAN_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with LEAKSCAN_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8"), f"{fmt} changed: update the golden file if intended"
