"""The records that flow between stages: sources -> engine -> validators -> policy -> findings.

Plain frozen dataclasses so every stage can be tested alone and results can
cross process boundaries (they pickle).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from leakscan.redaction import redact

if TYPE_CHECKING:
    from leakscan.config import Config

SEVERITIES = ("info", "low", "medium", "high", "critical")
T = TypeVar("T")


def severity_rank(severity: str) -> int:
    """Order severities so thresholds compare numerically (info=0 … critical=4)."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Example:
    """A text the rule must (or must not) report, optionally with the path it sits at."""

    text: str
    path: str = "example.txt"
    expect: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """A rule as data (``rules/*.toml`` or the user's config), validated by
    :mod:`leakscan.rules.loader` before any stage sees it."""

    id: str
    title: str
    description: str
    severity: str
    regex: str
    validator: str
    keywords: tuple[str, ...] = ()
    prefilter: str | None = None
    remediation: str = ""
    references: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    precedence: int = 0
    # rules a validator may hand this rule's matches to (a JWT with no Glomo traits is a generic-jwt);
    # a verdict naming any other rule keeps this rule's id and severity
    refines: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    negative_examples: tuple[Example, ...] = ()
    known_misses: tuple[Example, ...] = ()
    source: str = ""
    multiline: bool = False  # a match may span lines by design (``rules check`` fails any other that can)

    @functools.cached_property
    def max_width(self) -> int | None:
        """The longest match the regex can make, in characters; None when unbounded or not understood
        (then whole lines are read): lets exact extraction on a long line read only around each hit."""
        import re
        import warnings

        try:
            import re._parser as sre_parse  # type: ignore[import-not-found,unused-ignore]
        except ImportError:  # Python < 3.11
            import sre_parse
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                width = sre_parse.parse(re.sub(r"\(\?P<\w+>", "(?:", self.regex)).getwidth()[1]
        except Exception:  # regex-only syntax: no bound known  # noqa: BLE001
            return None
        return int(width) if width < 1 << 20 else None

    @functools.cached_property
    def compiled(self) -> Any:
        """The rule's regex compiled for bytes (a ``regex.Pattern``): built once per rule."""
        import regex

        return regex.compile(self.regex.encode())


@dataclass(frozen=True)
class Fragment:
    """A piece of bytes with provenance: what a source hands to the engine.

    ``first_line`` is the line number of the first line of ``data``.  Sources whose
    lines are not contiguous (a diff's added lines) give ``line_numbers``: the real
    line number of each line of ``data`` in order.  ``records`` says each line is a
    record of its own (logs): validators read context only inside a match's record.
    """

    data: bytes
    path: str
    commit: str | None = None
    first_line: int = 1
    line_numbers: tuple[int, ...] | None = None
    extra: tuple[tuple[str, Any], ...] = ()
    records: bool = False
    archive: tuple[str, ...] = ()  # inside an archive: the outer path, then each inner path
    disk_path: str | None = None  # a work-tree file's path on disk (the manifests above it); None otherwise

    def line_of(self, index: int) -> int:
        """Real line number of the ``index``-th (0-based) line of ``data``."""
        if self.line_numbers is not None and index < len(self.line_numbers):
            return self.line_numbers[index]
        return self.first_line + index


class Scratch:
    """Working memory for one fragment, made by the detector and handed to every stage that
    judges its matches (a file's hex-value index, its client-side signals): built once per
    fragment, dropped with it, never kept in a module."""

    def __init__(self, fragment: Fragment):
        self.fragment = fragment
        self._made: dict[Callable[[Fragment], Any], Any] = {}

    def get(self, make: Callable[[Fragment], T]) -> T:
        """``make(fragment)``, computed on the first call for this fragment."""
        if make not in self._made:
            self._made[make] = make(self.fragment)
        return self._made[make]  # type: ignore[no-any-return]


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
    """Something a scan could not or would not read, and why: never silent.

    ``fault`` marks content that exists and should have been scanned but could
    not be read (a corrupt object): the scan is incomplete, so it fails unless
    the user allows skips.
    """

    path: str
    reason: str
    fault: bool = False


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
    # the (rule id, canonical secret) the fingerprint is taken of, when one credential has several
    # written forms (``curl -u k:s`` and ``Basic base64(k:s)``): one secret for baselines and stores
    identity: tuple[str, Secret] | None = None


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


@dataclass(frozen=True)
class Verification:
    """What a live check said about a finding (``--verify``): never holds the secret.

    ``status`` is ``valid`` (proven live), ``invalid`` (the provider refused it, or a
    key's address is empty and unused), ``unknown`` (no answer to trust: network,
    429/5xx, timeout; ``reason`` says which) or ``skipped`` (no check configured or
    possible).  ``endpoint_host`` is the host asked, None when nothing was sent.
    """

    status: str
    checked_at: str
    endpoint_host: str | None = None
    http_status: int | None = None
    reason: str = ""


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
    # filled by the verify stage (leakscan.verify) when the user asks for live checks
    verification: Verification | None = None
    archive: tuple[str, ...] = ()  # the archive chain: outer path first, the inner file last
    decoded: tuple[str, ...] = ()  # how the secret was reached: ("base64",), ("percent", "base64")
    encoded: Secret | None = None  # the encoded text the secret was decoded from: never shown either

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
    also: tuple[tuple[str, str], ...] = ()  # (kind, reason) of the other mechanisms that apply too


@dataclass
class ScanStats:
    """Counts for the summary line; mutable because sources add to it as they go."""

    files_scanned: int = 0
    bytes_scanned: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    elapsed: float = 0.0
    engine: str = ""
    ignored: list[str] = field(default_factory=list)  # what .gitignore hid (a folder ends in "/")

    def merge(self, other: ScanStats) -> None:
        self.files_scanned += other.files_scanned
        self.bytes_scanned += other.bytes_scanned
        self.skipped.extend(other.skipped)
        self.ignored.extend(other.ignored)


@dataclass
class ScanResult:
    """What the library returns to the CLI or any caller."""

    findings: list[Finding]
    suppressed: list[Suppressed]
    stats: ScanStats
    warnings: list[str] = field(default_factory=list)
    # why the scan did not read all it was asked to (a failed history walk, unreadable objects);
    # each is also a warning.  Typed, so callers (audits) never match warning text
    incomplete: list[str] = field(default_factory=list)
    # the config the scan resolved (explicit, or the .leakscan.toml beside what it scanned), so later
    # stages (--verify's endpoints) use the same one rather than looking again
    config: Config | None = field(default=None, repr=False, compare=False)
