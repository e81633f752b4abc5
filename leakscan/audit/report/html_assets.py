"""The HTML report's inline style and script: no CDN, no network, no external file."""

from __future__ import annotations

CSS = """
:root { --crit:#b3261e; --high:#e8710a; --med:#f9ab00; --low:#1a73e8; --info:#80868b; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #202124; background: #fafafa; }
h1 { font-size: 20px; margin: 0 0 4px; } .sub { color: #5f6368; margin-bottom: 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 20px; }
.card { background: #fff; border: 1px solid #dadce0; border-radius: 8px; padding: 10px 16px; min-width: 110px; }
.card .n { font-size: 26px; font-weight: 600; } .card .l { color: #5f6368; }
.card.new .n, .card.reintroduced .n, .card.unaudited .n { color: var(--crit); } .card.fixed .n { color: #188038; }
.chart { background: #fff; border: 1px solid #dadce0; border-radius: 8px; padding: 12px; margin-bottom: 20px; }
.failed { background: #fce8e6; border: 1px solid var(--crit); border-radius: 8px; padding: 8px 12px; margin-bottom: 16px; }
.controls { margin-bottom: 8px; display: flex; gap: 8px; align-items: center; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border-bottom: 1px solid #e8eaed; padding: 6px 8px; text-align: left; vertical-align: top; }
th { cursor: pointer; user-select: none; background: #f1f3f4; position: sticky; top: 0; }
th[aria-sort=ascending]::after { content: " \\25B2"; } th[aria-sort=descending]::after { content: " \\25BC"; }
.sev { border-radius: 4px; padding: 1px 6px; color: #fff; font-size: 12px; }
.sev.critical { background: var(--crit); } .sev.high { background: var(--high); }
.sev.medium { background: var(--med); color: #202124; } .sev.low { background: var(--low); }
.sev.info { background: var(--info); }
.ver { border-radius: 4px; padding: 1px 6px; font-size: 12px; border: 1px solid #dadce0; }
.ver.valid { background: var(--crit); color: #fff; } .ver.invalid { background: #e6f4ea; color: #188038; }
.card.live .n { color: var(--crit); }
code { font-family: ui-monospace, monospace; font-size: 12px; } details summary { cursor: pointer; color: #1a73e8; }
"""

JS = """
(function () {
  var table = document.getElementById('secrets'), body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById('filter'), status = document.getElementById('status'),
      severity = document.getElementById('severity'), verification = document.getElementById('verification'),
      shown = document.getElementById('shown');
  function apply() {
    var q = text.value.toLowerCase(), s = status.value, v = severity.value, w = verification.value, n = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) && (!s || r.dataset.status === s) &&
               (!v || r.dataset.severity === v) && (!w || r.dataset.verification === w);
      r.hidden = !ok; if (ok) n++;
    });
    shown.textContent = n + ' of ' + rows.length + ' secrets';
  }
  [text, status, severity, verification].forEach(function (el) { el.addEventListener('input', apply); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    th.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      rows.sort(function (a, b) {
        var x = a.cells[i].dataset.key || a.cells[i].textContent, y = b.cells[i].dataset.key || b.cells[i].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  apply();
})();
"""
