"""The audit as one self-contained HTML file: summary cards, open secrets per severity over runs, a table.

Everything is inline (style, script, the chart as SVG) and every value is escaped; secrets
appear redacted, as the store keeps them.  The table sorts by any column and filters by text,
status and severity.
"""

from __future__ import annotations

from html import escape

from leakscan.audit.records import AuditReport, SecretEntry
from leakscan.audit.report import summary
from leakscan.audit.report.html_assets import CSS, JS
from leakscan.model import SEVERITIES, severity_rank
from leakscan.report.text import verification_line

_COLOURS = {"critical": "#b3261e", "high": "#e8710a", "medium": "#f9ab00", "low": "#1a73e8", "info": "#80868b"}
_ORDER = ("critical", "high", "medium", "low", "info")


def _cards(report: AuditReport, fail_on: str) -> str:
    s = summary(report, fail_on)
    by, repos = s["by_status"], s["repositories"]
    assert isinstance(by, dict) and isinstance(repos, dict)
    triaged = s["triaged"]
    assert isinstance(triaged, dict)
    cards = [(k, by[k], k) for k in ("new", "reintroduced", "open", "fixed")]
    checked = s["verification"]
    assert isinstance(checked, dict)
    if checked:  # only after an audit --verify: how many keys a live check proved active
        cards.append(("live", checked.get("valid", 0), "verified live"))
    cards += [("triaged", sum(triaged.values()), "triaged"), ("repos", len(report.repos), "repositories"),
              ("unaudited" if repos["failed"] else "audited", repos["failed"], "failed repositories")]
    return '<div class="cards">' + "".join(
        f'<div class="card {escape(cls)}" data-card="{escape(cls)}"><div class="n">{n}</div>'
        f'<div class="l">{escape(label)}</div></div>' for cls, n, label in cards) + "</div>"


def _chart(report: AuditReport) -> str:
    """Stacked bars: secrets present at a tip (HEAD or a branch) per run, by severity."""
    runs = report.history
    if not runs:
        return ""
    width, height, pad = max(320, 60 * len(runs)), 180, 30
    top = max([sum(c.values()) for _, _, c in runs] + [1])
    step = (width - pad) / len(runs)
    parts = [f'<svg id="chart" role="img" aria-label="open secrets per severity over runs" width="{width}" '
             f'height="{height + 40}" xmlns="http://www.w3.org/2000/svg">']
    for i, (run, date, counts) in enumerate(runs):
        x, y = pad + i * step + step * 0.15, float(height)
        for sev in reversed(_ORDER):
            h = counts.get(sev, 0) / top * (height - 20)
            if h:
                y -= h
                parts.append(f'<rect class="bar" data-run="{run}" data-severity="{sev}" x="{x:.1f}" y="{y:.1f}" '
                             f'width="{step * 0.7:.1f}" height="{h:.1f}" fill="{_COLOURS[sev]}">'
                             f'<title>run {run}: {counts[sev]} {sev}</title></rect>')
        parts.append(f'<text x="{x:.1f}" y="{height + 15}" font-size="11">run {run}</text>'
                     f'<text x="{x:.1f}" y="{height + 28}" font-size="10" fill="#5f6368">{escape(date[:10])}</text>'
                     f'<text x="{x:.1f}" y="{y - 4:.1f}" font-size="11">{sum(counts.values())}</text>')
    legend = " ".join(f'<span style="color:{_COLOURS[s]}">&#9632;</span> {s}' for s in _ORDER)
    return (f'<div class="chart"><div>Secrets present at a tip (HEAD or a branch), per run and severity</div>{"".join(parts)}</svg>'
            f"<div>{legend}</div></div>")


def _row(e: SecretEntry) -> str:
    repos = sorted({repo for repo, _ in e.occurrences})
    first_repo, first = e.occurrences[0]
    where = f"{first_repo}: {first.path}:{first.line}"
    more = "".join(f"<li><code>{escape(r)}: {escape(o.path)}:{o.line}</code> {escape((o.commit or '')[:10])} "
                   f"{'at a tip' if o.at_tip else 'in history'}</li>" for r, o in e.occurrences)
    location = (f"<code>{escape(where)}</code>" if len(e.occurrences) == 1 else
                f"<details><summary><code>{escape(where)}</code> +{len(e.occurrences) - 1}</summary><ul>{more}</ul>"
                "</details>")
    triage = (f"{escape(e.triage.status)}: {escape(e.triage.reason)}" if e.triage else
              "expired" if e.triage_expired else "")
    v = e.verification
    verified = (f'<span class="ver {escape(v.status)}" title="{escape(verification_line(v))}">{escape(v.status)}</span>'
                if v else "")
    return (f'<tr data-status="{e.status}" data-severity="{e.severity}" data-fingerprint="{e.fingerprint}" '
            f'data-verification="{escape(v.status) if v else "unchecked"}">'
            f"<td>{escape(', '.join(repos))}</td><td>{escape(e.rule_id)}</td>"
            f'<td data-key="{severity_rank(e.severity)}"><span class="sev {e.severity}">{e.severity}</span></td>'
            f"<td>{e.status}</td><td>{verified}</td>"
            f"<td data-key=\"{e.age_days}\">{e.age_days} d</td><td>{location}</td>"
            f"<td><code>{escape(e.redacted)}</code></td><td>{triage}</td>"
            f'<td><code title="{e.fingerprint}">{e.fingerprint[:12]}</code></td></tr>')


def render(report: AuditReport, fail_on: str) -> str:
    run = report.run
    failed = [r for r in report.repos if r.status == "failed"]
    failures = ("" if not failed else '<div class="failed" id="failures"><b>Not audited:</b><ul>' +
                "".join(f"<li>{escape(r.location)}: {escape(r.reason)}</li>" for r in failed) + "</ul></div>")
    options = "".join(f'<option value="{s}">{s}</option>' for s in ("new", "reintroduced", "open", "fixed"))
    sev_options = "".join(f'<option value="{s}">{s}</option>' for s in reversed(SEVERITIES))
    head = "".join(f"<th>{h}</th>" for h in ("Repository", "Rule", "Severity", "Status", "Verified", "Age",
                                             "Location", "Secret", "Triage", "Fingerprint"))
    ver_options = "".join(f'<option value="{s}">{s}</option>'
                          for s in ("valid", "invalid", "unknown", "skipped", "unchecked"))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>leakscan audit, run {run.id}</title><style>{CSS}</style></head><body>
<h1>leakscan audit: run {run.id}</h1>
<div class="sub">started {escape(run.started)}, {escape(run.status)}; leakscan {escape(report.tool_version)}
{'; rules or configuration changed: every blob was read again' if run.rescanned else ''}</div>
{_cards(report, fail_on)}{failures}{_chart(report)}
<div class="controls"><input id="filter" type="search" placeholder="Filter: repository, rule, path…">
<select id="status"><option value="">any status</option>{options}</select>
<select id="severity"><option value="">any severity</option>{sev_options}</select>
<select id="verification"><option value="">any verification</option>{ver_options}</select><span id="shown"></span></div>
<table id="secrets"><thead><tr>{head}</tr></thead><tbody>
{"".join(_row(e) for e in report.secrets)}
</tbody></table><script>{JS}</script></body></html>
"""
