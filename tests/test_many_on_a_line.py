"""Many secrets on one line cost in proportion to their number (issue 16 item 21: 6,000 WIFs on a
314 KB line took 14.8 s in the line-secrets step).  A sanity guard with a wide margin, not a timing:
4x the secrets must take well under 16x (what quadratic work would take); figures in benchmarks/."""

from __future__ import annotations

import time

from leakscan import scan_text
from leakscan.report import text as text_report
from testing import secrets


def _cost(n: int) -> float:
    line = " ".join(secrets.wif(i % 400 + 1) for i in range(n)) + "\n"
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        result = scan_text(line, "wallets.txt")
        text_report.render(result, text_report.ReportOptions())
        best = min(best, time.perf_counter() - started)
    assert len(result.findings) == n
    return best


def test_four_times_the_secrets_on_a_line_cost_about_four_times() -> None:
    small, large = _cost(500), _cost(2000)
    assert large < 9 * small + 0.2, (small, large)
