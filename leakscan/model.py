"""The records that flow between stages: sources -> engine -> validators -> policy -> findings.

Plain frozen dataclasses so every stage can be tested alone and results can
cross process boundaries (they pickle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from leakscan.redaction import redact

SEVERITIES = ("info", "low", "medium", "high", "critical")


def severity_rank(severity: str) -> int:
    """Order severities so thresholds compare numerically (info=0 … critical=4)."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Fragment:
    """A piece of bytes with provenance: what a source hands to the engine.

    ``first_line`` is the line number of the first line of ``data``.  Sources whose
    lines are not contiguous (a diff's added lines) give ``line_numbers``: the real
    line number of each line of ``data`` in order.
    """

    data: bytes
    path: str
    commit: str | None = None
    first_line: int = 1
    line_numbers: tuple[int, ...] | None = None
    extra: tuple[tuple[str, Any], ...] = ()
    archive: tuple[str, ...] = ()  # inside an archive: the outer path, then each inner path

    def line_of(self, index: int) -> int:
        """Real line number of the ``index``-th (0-based) line of ``data``."""
        if self.line_numbers is not None and index < len(self.line_numbers):
            return self.line_numbers[index]
        return self.first_line + index


@dataclass(frozen=True)
class ArchiveLimits:
    """The bounds of one top-level archive (nested archives count against their outermost).

    Configuration hands these to the archive source (:mod:`leakscan.sources.archives`).
    """

    max_depth: int = 3  # archives opened inside each other; 0 opens none
    max_bytes: int = 256 << 20  # uncompressed bytes read, all entries and levels together
    max_ratio: int = 100  # uncompressed : compressed, past ``ratio_floor`` bytes: a bomb
    ratio_floor: int = 1 << 20  # small entries may compress as well as they like
    max_entries: int = 50_000


@dataclass(frozen=True)
class Skipped:
    """Something a scan could not or would not read, and why: never silent."""

    path: str
    reason: str


@dataclass(frozen=True)
class RuleMatch:
    """One regex match of one rule: offsets into the fragment's bytes."""

    rule_id: str
    start: int  # of the secret
    end: int
    match_start: int  # of the whole match, context included
    match_end: int
    secret: bytes


@dataclass(frozen=True)
class Verdict:
    """What a validator concluded about a match, offline.

    ``rule_id`` may differ from the matching rule's when the validator proves the
    match belongs to a more general rule (a JWT with no Glomo traits is a
    ``generic-jwt``).
    """

    valid: bool
    rule_id: str = ""
    key_type: str = "unknown"
    environment: str = "unknown"
    facts: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


@dataclass(frozen=True)
class Placement:
    """Where a finding sits, as the policy stage judges it."""

    client_side: bool = False
    reason: str = "not analysed"
    token_context: str = "unknown"  # string | comment | code | unknown
    language: str = ""  # the pygments alias the file was read as ("" when none fits)


@dataclass(frozen=True)
class Secret:
    """A secret value that never shows itself: ``repr`` and ``str`` are redacted.

    Logging a finding, an exception that carries one, or a debugger's view must
    not leak it; the raw value is reachable only through :meth:`reveal`.
    """

    _value: str

    def reveal(self) -> str:
        """The raw secret: for matching and fingerprints, or output under ``--show-secrets``."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret({redact(self._value)!r})"

    __str__ = __repr__

    def __len__(self) -> int:
        return len(self._value)


@dataclass(frozen=True, repr=False)
class Finding:
    """A validated secret with its provenance, policy verdict and identity.

    ``secret`` holds the raw value behind :class:`Secret`; it leaves the process in
    a report only through :func:`leakscan.findings.display_secret`, and the repr
    names the finding without its secret or its source line.
    """

    rule_id: str
    title: str
    severity: str
    key_type: str
    environment: str
    client_side: bool
    client_side_reason: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    commit: str | None
    fingerprint: str
    secret: Secret
    line_text: str
    validation: dict[str, Any]
    remediation: str
    token_context: str = "unknown"
    extra: dict[str, Any] = field(default_factory=dict)
    # other secrets the scan reported that show in this line: the snippet hides them too
    line_secrets: tuple[Secret, ...] = ()
    archive: tuple[str, ...] = ()  # the archive chain: outer path first, the inner file last
    decoded: tuple[str, ...] = ()  # how the secret was reached: ("base64",), ("percent", "base64")

    def __repr__(self) -> str:
        where = f"{self.commit}:" if self.commit else ""
        return (f"Finding({self.rule_id} {self.severity} at {where}{self.path}:{self.line}:{self.column}, "
                f"secret={redact(self.secret.reveal())!r}, fingerprint={self.fingerprint[:12]})")

    __str__ = __repr__


@dataclass(frozen=True)
class Suppressed:
    """A finding kept out of the results, with the reason: never silently dropped."""

    finding: Finding
    reason: str
    kind: str  # inline | allowlist | ignore | baseline


@dataclass
class ScanStats:
    """Counts for the summary line; mutable because sources add to it as they go."""

    files_scanned: int = 0
    bytes_scanned: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    elapsed: float = 0.0
    engine: str = ""

    def merge(self, other: ScanStats) -> None:
        self.files_scanned += other.files_scanned
        self.bytes_scanned += other.bytes_scanned
        self.skipped.extend(other.skipped)


@dataclass
class ScanResult:
    """What the library returns to the CLI or any caller."""

    findings: list[Finding]
    suppressed: list[Suppressed]
    stats: ScanStats
    warnings: list[str] = field(default_factory=list)
