"""The one pipeline every use path shares: detect what sources yield, then ``finish``.

``finish`` is the only finish: secrets shared across snippets, every suppression
(inline, allowlist, ignore file, baseline; :mod:`leakscan.suppress.apply`), and the
deterministic order.  A use path is a source plus these two calls.  The module
stays light (no multiprocessing, no pathspec) so the pre-commit hook starts fast;
suppression is imported only when there is something to suppress or warn about.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol, TypeAlias

from leakscan.findings import share_line_secrets
from leakscan.model import Finding, Fragment, ScanResult, ScanStats, Skipped, Suppressed

if TYPE_CHECKING:
    from leakscan.suppress.apply import Suppressions


class Detects(Protocol):
    """What the pipeline needs of a detector (:class:`leakscan.detect.Detector`)."""

    @property
    def engine(self) -> str: ...

    def detect(self, fragment: Fragment, skipped: list[Skipped] | None = None) -> list[Finding]: ...


# A use path's input (gitleaks' Fragments() seam): fragments of bytes with provenance, or what it
# could not read and why.  Archives and decoding plug in here.
Source: TypeAlias = Iterable[Fragment | Skipped]


Sink: TypeAlias = Callable[[Finding], None]


class Streamed:
    """Findings made final while the scan runs (``--format jsonl`` in a pipe): each batch is
    suppressed as :func:`finish` will suppress it, and what is reported goes to ``sink`` at once.

    The report ``finish`` makes afterwards holds the same findings (sorted); a streamed snippet
    hides the secrets of its batch and of every batch before it.
    """

    def __init__(self, suppressions: Suppressions, sink: Sink):
        from leakscan.suppress.apply import Decider

        self.decider, self.sink = Decider(suppressions), sink
        self.earlier: list[Finding] = []

    def __call__(self, batch: list[Finding]) -> None:
        for finding in share_line_secrets(batch, self.earlier):
            if self.decider.decide(finding) is None:
                self.sink(finding)
        self.earlier.extend(batch)


def streamed(suppressions: Suppressions, sink: Sink | None) -> Callable[[list[Finding]], None]:
    """What a use path hands each batch of findings to: a :class:`Streamed`, or nothing to do."""
    return Streamed(suppressions, sink) if sink is not None else (lambda batch: None)


def sort_key(finding: Finding) -> tuple[str, str, int, int, str]:
    return (finding.commit or "", finding.path, finding.line, finding.column, finding.rule_id)


def detect_items(detector: Detects, items: Source, stream: Callable[[list[Finding]], None] | None = None
                 ) -> tuple[list[Finding], ScanStats]:
    """Findings of every fragment, and the counts: what was scanned, what was skipped and why.
    ``stream`` (a :func:`streamed`) gets each fragment's findings as they are made."""
    stats = ScanStats(engine=detector.engine)
    found: list[Finding] = []
    for item in items:
        if isinstance(item, Skipped):
            stats.skipped.append(item)
            continue
        stats.files_scanned += 1
        stats.bytes_scanned += len(item.data)
        made = detector.detect(item, stats.skipped)  # a rule over its regex timeout is a fault
        found.extend(made)
        if stream is not None and made:
            stream(made)
    return found, stats


def finish(found: list[Finding], stats: ScanStats, suppressions: Suppressions, started: float) -> ScanResult:
    """Snippets that hide every reported secret, all suppression, and one order for the same input."""
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    warnings: list[str] = []
    s = suppressions
    if found or s.ignore is not None:
        from leakscan.suppress.apply import apply

        kept, suppressed, warnings = apply(share_line_secrets(found), s)
    kept.sort(key=sort_key)
    suppressed.sort(key=lambda x: sort_key(x.finding))
    stats.skipped.sort(key=lambda x: x.path)
    stats.elapsed = time.perf_counter() - started
    return ScanResult(findings=kept, suppressed=suppressed, stats=stats, warnings=warnings, config=s.config)
