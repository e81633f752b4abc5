"""The one suppression stage: inline pragmas, config allowlists, the ignore file, the baseline.

Every use path reaches it through :func:`leakscan.pipeline.finish`, and
``leakscan explain`` renders what :meth:`Decider.said` says, so the order of the
mechanisms and their reasons are decided here only.  Nothing is dropped: a
suppressed finding keeps its first reason and every other mechanism that also
applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from leakscan.config import Config
from leakscan.model import Finding, Suppressed
from leakscan.suppress.allowlist import compile_allowlists
from leakscan.suppress.inline import inline_reason

if TYPE_CHECKING:
    from leakscan.suppress.baseline import Baseline
    from leakscan.suppress.ignorefile import IgnoreEntry, IgnoreFile

KINDS = ("inline", "allowlist", "ignore", "baseline")  # the order suppression applies in


@dataclass(frozen=True)
class Suppressions:
    """What may suppress a scan's findings, loaded once by the use path.

    ``locate`` maps a reported path to the config-relative one (allowlist paths);
    ``report_stale`` says the scan covered the ignore file's whole folder, so its
    entries that match nothing are stale.
    """

    config: Config
    ignore: IgnoreFile | None = None
    baseline: Baseline | None = None
    locate: Callable[[str], str] | None = None
    report_stale: bool = False
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class Said:
    """What one mechanism says about one finding: the reason reports give, and explain's line."""

    kind: str
    reason: str
    suppresses: bool
    explained: str


class Decider:
    """The mechanisms compiled once for a scan; asks each of them about a finding, in order."""

    def __init__(self, s: Suppressions):
        self.s = s
        self.allowlists = compile_allowlists(s.config.allowlists)
        self.rule_ids = {r.id for r in s.config.rules}
        self.ignore_entries: dict[str, list[IgnoreEntry]] = {}
        for entry in s.ignore.entries if s.ignore else ():
            self.ignore_entries.setdefault(entry.fingerprint, []).append(entry)
        self.baseline = s.baseline.by_fingerprint() if s.baseline else {}

    def said(self, finding: Finding) -> list[Said]:
        """Every mechanism's answer, those that do not suppress included (``explain`` shows them all)."""
        out: list[Said] = []
        inline = inline_reason(finding, self.rule_ids)
        out.append(Said("inline", inline or "", bool(inline),
                        f"inline: {inline}" if inline else "inline: no leakscan:allow on the line"))
        where = self.s.locate(finding.path) if self.s.locate else None
        allowed = [r for a in self.allowlists if (r := a.reason(finding, where))]
        out.extend(Said("allowlist", r, True, f"config {self.s.config.source}: {r}") for r in allowed)
        if not allowed:
            out.append(Said("allowlist", "", False, f"allowlists: none of {len(self.allowlists)} match"))
        out.extend(self._ignore(finding))
        base = self.baseline.get(finding.fingerprint)
        if base is not None and self.s.baseline is not None:
            reason = f"baseline {self.s.baseline.source} ({base.reason})"
            out.append(Said("baseline", reason, True, f"baseline entry in {self.s.baseline.source} "
                                                      f"({base.reason}; paths: {', '.join(base.paths)})"))
        return out

    def _ignore(self, finding: Finding) -> list[Said]:
        ignore = self.s.ignore
        out = []
        for entry in self.ignore_entries.get(finding.fingerprint, ()):
            assert ignore is not None
            reason = f"{ignore.where(entry)} ({entry.reason})"
            if entry.expired(self.s.today):
                out.append(Said("ignore", reason, False, f"ignore entry {ignore.where(entry)} ({entry.reason}): "
                                                         f"expired on {entry.expires}, no longer suppresses"))
            else:
                until = f", until {entry.expires}" if entry.expires else ""
                out.append(Said("ignore", reason, True,
                                f"ignore entry {ignore.where(entry)} ({entry.reason}{until})"))
        return out

    def decide(self, finding: Finding) -> Suppressed | None:
        """None when the finding is reported; else its first reason, and the others that also apply."""
        hits = [s for s in self.said(finding) if s.suppresses]
        if not hits:
            return None
        first, *more = hits
        return Suppressed(finding, first.reason, first.kind, also=tuple((s.kind, s.reason) for s in more))

    def warnings(self, findings: Iterable[Finding]) -> list[str]:
        """Expired ignore entries, and stale ones when the scan covered the ignore file's folder."""
        ignore = self.s.ignore
        if ignore is None:
            return []
        out = []
        live: dict[str, IgnoreEntry] = {}
        for entry in ignore.entries:
            if entry.expired(self.s.today):
                out.append(f"{ignore.where(entry)}: entry {entry.fingerprint[:12]} expired on "
                           f"{entry.expires}; it no longer suppresses ({entry.reason})")
            else:
                live.setdefault(entry.fingerprint, entry)
        if self.s.report_stale:
            seen = {f.fingerprint for f in findings}
            out.extend(f"{ignore.where(e)}: entry {fp[:12]} matches no finding (stale; remove it)"
                       for fp, e in live.items() if fp not in seen)
        return out


def apply(findings: Iterable[Finding], s: Suppressions) -> tuple[list[Finding], list[Suppressed], list[str]]:
    """Split findings into kept and suppressed-with-reason, and the ignore file's warnings."""
    decider = Decider(s)
    every = list(findings)
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    for finding in every:
        verdict = decider.decide(finding)
        if verdict is None:
            kept.append(finding)
        else:
            suppressed.append(verdict)
    return kept, suppressed, decider.warnings(every)
