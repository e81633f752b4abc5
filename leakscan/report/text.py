"""The human report: one block per finding, the line highlighted for its language, a summary.

pygments is imported only when colour is on, so a clean run stays fast.
"""

from __future__ import annotations

from typing import Any

from leakscan.findings import display_line, display_secret
from leakscan.model import Finding, ScanResult, Verification
from leakscan.report import ReportOptions
from leakscan.report.summary import (
    by_severity,
    by_verification,
    failing,
    skipped_by_reason,
    suppressed_by_kind,
)

_SEVERITY_COLOUR = {"critical": "\x1b[1;31m", "high": "\x1b[31m", "medium": "\x1b[33m",
                    "low": "\x1b[36m", "info": "\x1b[37m"}
_RESET = "\x1b[0m"
_SKIPPED_LISTED = 20


def highlight(line: str, path: str) -> str:
    """The line coloured for the language its path says (plain text when unknown)."""
    from pygments import highlight as pyg_highlight
    from pygments.formatters import TerminalFormatter
    from pygments.lexers import TextLexer, get_lexer_for_filename
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_for_filename(path.rsplit("/", 1)[-1], stripnl=False)
    except ClassNotFound:
        lexer = TextLexer()
    return str(pyg_highlight(line, lexer, TerminalFormatter())).rstrip("\n")


def _facts(finding: Finding) -> list[str]:
    v: dict[str, Any] = finding.validation
    out = []
    if finding.rule_id in ("glomo-api-key", "generic-jwt"):
        out.append(f"environment: {finding.environment}, key type: {finding.key_type}"
                   f" ({v.get('key_type_evidence', '')})")
        if "expires_at" in v:
            out.append(f"expires: {v['expires_at']}" + (" (expired)" if v.get("expired") else ""))
    for key, label in (("address", "derived address"), ("corroboration", "corroboration"),
                       ("signer", "signer"), ("scheme", "scheme"), ("signed_at", "signed at"),
                       ("replayable_until", "replayable until"), ("logged_at", "logged at"),
                       ("replayable_when_logged", "replayable when logged"), ("api_key", "API key"),
                       ("api_secret", "API secret"), ("network", "network")):
        if key in v:
            out.append(f"{label}: {v[key]}")
    return out


def _side(finding: Finding) -> str:
    """The usage table's reading of a client-side finding, in a few words."""
    if not finding.client_side:
        return "not client-side"
    if finding.key_type == "public":
        return "client-side (" + ("allowed by the usage table" if finding.environment == "test"
                                  else "live key shipped to clients") + ")"
    return "client-side (exposed to every visitor)"


def _verification(finding: Finding) -> str:
    assert finding.verification is not None
    return verification_line(finding.verification)


def verification_line(v: Verification) -> str:
    """``VALID: reason (host, HTTP 200, when)``: what a live check said, in every text-like report."""
    asked = ", ".join(x for x in (v.endpoint_host, f"HTTP {v.http_status}" if v.http_status else "") if x)
    return f"{v.status.upper()}: {v.reason}" + (f" ({asked}, {v.checked_at})" if asked else f" ({v.checked_at})")


def finding_block(finding: Finding, options: ReportOptions) -> list[str]:
    sev = finding.severity.upper()
    if options.color:
        sev = f"{_SEVERITY_COLOUR[finding.severity]}{sev}{_RESET}"
    where = f"{finding.path}:{finding.line}:{finding.column}"
    lines = [f"{sev}  {finding.rule_id}  {where}" + (f"  @ {finding.commit[:12]}" if finding.commit else "")]
    lines.append(f"    {finding.title}: {display_secret(finding, options.show_secrets)}")
    source = display_line(finding, options.show_secrets).strip()
    if options.color:
        source = highlight(source, finding.path)
    lines.append(f"    | {source}")
    lines.extend(f"    {fact}" for fact in _facts(finding))
    lines.append(f"    {_side(finding)}: {finding.client_side_reason}")
    if finding.token_context != "unknown":
        lines.append(f"    in: {finding.token_context} ({finding.validation.get('language', '?')})")
    for key, value in finding.extra.items():
        lines.append(f"    {key}: {value}")
    if finding.verification:
        lines.append(f"    verified: {_verification(finding)}")
    if finding.decoded:
        lines.append(f"    decoded: {' -> '.join(finding.decoded)} (the secret was encoded at this line and column)")
    if finding.remediation:
        lines.append(f"    fix: {finding.remediation}")
    lines.append(f"    fingerprint: {finding.fingerprint}")
    return lines


def render(result: ScanResult, options: ReportOptions) -> str:
    out: list[str] = []
    for finding in result.findings:
        out.extend(finding_block(finding, options))
        out.append("")
    if options.show_suppressed:
        for s in result.suppressed:
            f = s.finding
            out.append(f"suppressed by {s.kind} ({s.reason}): {f.severity} {f.rule_id} {f.path}:{f.line}"
                       f"  fingerprint {f.fingerprint}")
    skipped = result.stats.skipped
    for item in skipped[:_SKIPPED_LISTED]:
        out.append(f"skipped: {item.path}: {item.reason}")
    if len(skipped) > _SKIPPED_LISTED:
        out.append(f"skipped: … and {len(skipped) - _SKIPPED_LISTED} more (--format json lists all)")
    if ignored := result.stats.ignored:
        more = f" … and {len(ignored) - _SKIPPED_LISTED} more" if len(ignored) > _SKIPPED_LISTED else ""
        out.append(f"ignored by .gitignore (--no-ignore scans them): {', '.join(ignored[:_SKIPPED_LISTED])}{more}")
    out.extend(f"warning: {w}" for w in result.warnings)
    out.append(summary_line(result, options.fail_on))
    return "\n".join(out) + "\n"


def summary_line(result: ScanResult, fail_on: str) -> str:
    stats = result.stats
    counts = ", ".join(f"{n} {s}" for s, n in by_severity(result).items() if n) or "none"
    reasons = ", ".join(f"{n} {r}" for r, n in skipped_by_reason(result).items())
    skipped = f"{len(stats.skipped)} skipped ({reasons})" if stats.skipped else "0 skipped"
    if stats.ignored:
        skipped += f", {len(stats.ignored)} ignored"
    kinds = ", ".join(f"{n} {k}" for k, n in suppressed_by_kind(result).items())
    suppressed = f", {len(result.suppressed)} suppressed ({kinds})" if result.suppressed else ""
    verified = ", ".join(f"{n} {s}" for s, n in by_verification(result).items())
    suppressed += f"; verified: {verified}" if verified else ""
    return (
        f"{len(result.findings)} findings ({counts}){suppressed}; {failing(result, fail_on)} at or above "
        f"{fail_on}; {stats.files_scanned} files, {_size(stats.bytes_scanned)} scanned; {skipped}; "
        f"{stats.elapsed:.2f}s"
    )


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"
