"""The HTML report opened in headless Chromium (Debian's ``chromium``; .ci/run installs it)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from leakscan.audit import AuditOptions, build_report, open_store, run_audit, targets
from leakscan.audit.report import render
from testing.fleet import Fleet

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")

# run in the page after the report's own script: filter, sort, and write down what the page shows
PROBE = """<script>
(function () {
  var rows = function () { return Array.prototype.filter.call(document.querySelectorAll('#secrets tbody tr'),
      function (r) { return !r.hidden; }); };
  var out = {cards: {}, bars: document.querySelectorAll('#chart rect.bar').length, all: rows().length,
             shown: document.getElementById('shown').textContent};
  document.querySelectorAll('.card').forEach(function (c) { out.cards[c.dataset.card] = c.querySelector('.n').textContent; });
  var status = document.getElementById('status');
  status.value = 'fixed'; status.dispatchEvent(new Event('input'));
  out.fixed = rows().map(function (r) { return r.dataset.fingerprint; });
  status.value = ''; status.dispatchEvent(new Event('input'));
  var text = document.getElementById('filter');
  text.value = 'repo01'; text.dispatchEvent(new Event('input'));
  out.repo01 = rows().length;
  text.value = ''; text.dispatchEvent(new Event('input'));
  document.querySelectorAll('#secrets th')[2].click(); document.querySelectorAll('#secrets th')[2].click();
  out.severities = rows().map(function (r) { return r.dataset.severity; });
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script></body>"""


def chromium(*args: str) -> str:
    assert CHROMIUM is not None
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions",
                           "--disable-background-networking", *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Fleet, dict]:
    tmp = tmp_path_factory.mktemp("html")
    fleet = Fleet(tmp / "fleet", size=6)
    options = AuditOptions(store=str(tmp / "audit.sqlite"), cache=str(tmp / "cache"))
    for run in (1, 2):
        fleet.step(run)
        run_audit(options, targets(fleet.paths(), None))
    report = build_report(open_store(options.store))
    html = render("html", report)
    from leakscan.audit.report.json import document

    return html, fleet, document(report, "low")


def test_report_is_self_contained_and_redacted(page) -> None:
    html, fleet, _ = page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|url\(|@import""", html, re.IGNORECASE)
    for i in range(fleet.size):
        assert fleet.a(i)[1].split('"')[1] not in html


def test_chromium_renders_cards_chart_and_a_working_table(page, tmp_path: Path) -> None:
    html, fleet, doc = page
    target = tmp_path / "report.html"
    target.write_text(html.replace("</body>", PROBE, 1), encoding="utf-8")
    dom = chromium("--dump-dom", target.as_uri())
    probe = json.loads(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)[1].replace("&quot;", '"'))
    expected = fleet.expected(2)
    by_status = doc["summary"]["by_status"]
    assert probe["cards"]["new"] == str(len(expected["new"])) == str(by_status["new"])
    assert probe["cards"]["fixed"] == str(len(expected["fixed"]))
    assert probe["all"] == len(doc["secrets"]) and probe["shown"] == f"{probe['all']} of {probe['all']} secrets"
    assert set(probe["fixed"]) == expected["fixed"]
    assert probe["repo01"] == sum(any("repo01" in o["repository"] for o in s["occurrences"]) for s in doc["secrets"])
    ranks = ["info", "low", "medium", "high", "critical"]
    assert [ranks.index(s) for s in probe["severities"]] == sorted((ranks.index(s) for s in probe["severities"]),
                                                                   reverse=True)
    assert probe["bars"] >= 2  # one bar per run at least (every run here has secrets at HEAD)


def test_screenshot(page, tmp_path: Path) -> None:
    html, _, _ = page
    (tmp_path / "report.html").write_text(html, encoding="utf-8")
    shot = tmp_path / "shot.png"
    chromium(f"--screenshot={shot}", "--window-size=1280,900", (tmp_path / "report.html").as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
