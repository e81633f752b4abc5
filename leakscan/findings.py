"""Match + verdict + placement -> Finding: identity, location, and the one way to show a secret.

The fingerprint is a one-way hash of the rule id and the secret, so it survives
edits and moves and is the same on every machine; it never includes a line
number or a commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

from leakscan.engine.location import LineIndex
from leakscan.model import Finding, Fragment, Placement, Rule, RuleMatch, Secret, Verdict
from leakscan.redaction import redact, redact_in

MAX_LINE = 400
_PRAGMA = b"leakscan:allow"
_PRAGMA_SPAN = 200  # the pragma, its rule ids and reason


def canonical_secret(rule_id: str, secret: str) -> str:
    """The form identity is computed on: hex keys compare without 0x and case."""
    if rule_id in ("hex-private-key", "hex-secret"):
        return secret.lower().removeprefix("0x")
    return secret


def fingerprint(rule_id: str, secret: str) -> str:
    material = f"{rule_id}:{canonical_secret(rule_id, secret)}".encode()
    return hashlib.sha256(material).hexdigest()


def display_secret(finding: Finding, show: bool = False) -> str:
    """Every reporter shows a secret through here: whole only when the user asked."""
    return finding.secret.reveal() if show else redact(finding.secret.reveal())


def display_line(finding: Finding, show: bool = False) -> str:
    """The source line with this finding's secret and every other reported secret in it redacted."""
    if show:
        return finding.line_text
    values = sorted({finding.secret.reveal(), *(s.reveal() for s in finding.line_secrets)},
                    key=lambda v: (-len(v), v))  # one order, whatever the set's
    text = finding.line_text
    for secret in values:
        text = redact_in(text, secret)
    for secret in values:
        text = _redact_cut(text, secret)
    return text


_CUT = " ... "  # where an excerpt of a long line was spliced (see _line_excerpt)
_PIECE = 6  # secrets are found in a line, and pieces of them at a cut, by 6+ of their characters


def _redact_cut(text: str, secret: str) -> str:
    """Hide what is left of a secret an excerpt cut through (a neighbour on a long line).

    An excerpt is cut only at its two ends and around its splices, so a piece of a
    secret (6+ of its first or last characters) can only stand there.
    """
    return _CUT.join(_trim_piece(part, secret) for part in text.split(_CUT))


def _trim_piece(part: str, secret: str) -> str:
    for k in range(min(len(secret) - 1, len(part)), _PIECE - 1, -1):
        if part.endswith(secret[:k]):
            part = part[:-k] + "****"
            break
    for k in range(min(len(secret) - 1, len(part)), _PIECE - 1, -1):
        if part.startswith(secret[-k:]):
            part = "****" + part[k:]
            break
    return part


def shows_in(text: str, secret: str) -> bool:
    """Whether ``secret`` shows in ``text``: whole, or as a piece an excerpt's cut left."""
    return secret in text or _redact_cut(text, secret) != text


class SecretsIndex:
    """Every secret a scan reported, found again in any line by a 6-character window.

    A snippet must hide each of them, not only its own secret: a key reported on one
    line and repeated on another (where it was judged a hash) would otherwise show
    whole in the second line's snippet.  Looking up windows keeps this linear in the
    line's length, however many secrets the scan found.
    """

    def __init__(self, secrets: Iterable[Secret]):
        self._short: set[Secret] = set()
        self._by_piece: dict[str, set[Secret]] = {}
        for secret in secrets:
            value = secret.reveal()
            if len(value) <= _PIECE:
                self._short.add(secret)
                continue
            self._by_piece.setdefault(value[:_PIECE], set()).add(secret)
            self._by_piece.setdefault(value[-_PIECE:], set()).add(secret)

    def in_text(self, text: str) -> set[Secret]:
        """The secrets that show in ``text``, whole or as a piece cut by an excerpt."""
        found = {s for s in self._short if s.reveal() in text}
        pieces = self._by_piece
        candidates: set[Secret] = set()
        for i in range(len(text) - _PIECE + 1):
            hit = pieces.get(text[i : i + _PIECE])
            if hit:
                candidates |= hit
        # a shared prefix (every JWT starts eyJhbG) makes a candidate, not a secret in the line
        return found | {s for s in candidates if shows_in(text, s.reveal())}


def share_line_secrets(found: list[Finding], also: Iterable[Finding] = ()) -> list[Finding]:
    """Tell each finding which other reported secrets show in its line (``also``: suppressed ones).

    A secret's encoded text (base64 of a key beside a plain one) counts as a secret of the line:
    decoding it is one step, so it is hidden as the secret is."""
    everything = [*found, *also]
    index = SecretsIndex([*(f.secret for f in everything), *(f.encoded for f in everything if f.encoded)])
    out = []
    for f in found:
        others = index.in_text(f.line_text) - {f.secret}
        out.append(replace(f, line_secrets=tuple(sorted(others, key=Secret.reveal))) if others else f)
    return out


def _line_excerpt(line: bytes, secret: bytes, at: int | None = None, pragma: int | None = None) -> str:
    """The source line, cut around the secret when it is long (minified files).

    An inline ``leakscan:allow`` pragma outside the cut is kept whole, since
    suppression reads it from this excerpt.  ``at`` (the secret's offset in the line) and
    ``pragma`` (the pragma's, -1 for none), when the caller knows them, spare searching a
    long line once per finding: thousands of keys on one line made that quadratic.
    """
    if len(line) > MAX_LINE:
        at = max(0, line.find(secret)) if at is None else at
        lo, hi = max(0, at - 120), at + len(secret) + 120
        pragma = line.find(_PRAGMA) if pragma is None else pragma
        if pragma == -1:
            line = line[lo:hi]
        elif pragma < lo:
            line = line[pragma : min(pragma + _PRAGMA_SPAN, lo)] + b" ... " + line[lo:hi]
        elif pragma < hi:
            line = line[lo : max(hi, pragma + _PRAGMA_SPAN)]
        else:
            line = line[lo:hi] + b" ... " + line[pragma : pragma + _PRAGMA_SPAN]
    return line.decode("utf-8", "replace").replace("\t", "    ")


def relocated(finding: Finding, match: RuleMatch, decoded: tuple[str, ...], lines: LineIndex) -> Finding:
    """A secret found in decoded bytes, placed on its encoded text; the snippet shows the decoded
    secret where the encoded one stood (so redaction hides it, and the encoded form never shows)."""
    line, column = lines.position(match.start)
    end_line, end_column = lines.position(match.end)
    row = lines.line_bytes(match.start)
    at = match.start - lines.line_start(match.start)
    end = max(at, match.end - match.start + at)
    text = row[:at] + match.secret + row[end:]
    encoded = Secret(row[at:end].decode("utf-8", "replace"))
    return replace(finding, line=line, column=column, end_line=end_line, end_column=end_column,
                   line_text=_line_excerpt(text, match.secret), decoded=decoded, encoded=encoded)


def _identity(rule_id: str, secret: str, verdict: Verdict) -> tuple[str, str]:
    if verdict.identity is None:
        return rule_id, secret
    return verdict.identity[0], verdict.identity[1].reveal()


def build(
    rule: Rule,
    match: RuleMatch,
    verdict: Verdict,
    placement: Placement,
    severity: str,
    fragment: Fragment,
    lines: LineIndex,
    policy_row: str,
) -> Finding:
    secret = match.secret.decode("utf-8", "replace")
    line, column = lines.position(match.start)
    end_line, end_column = lines.position(match.end)
    facts = dict(verdict.facts)
    facts["policy_row"] = policy_row
    if placement.language:
        facts["language"] = placement.language
    return Finding(
        rule_id=rule.id,
        title=rule.title,
        severity=severity,
        key_type=verdict.key_type,
        environment=verdict.environment,
        client_side=placement.client_side,
        client_side_reason=placement.reason,
        path=fragment.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        commit=fragment.commit,
        fingerprint=fingerprint(*_identity(rule.id, secret, verdict)),
        secret=Secret(secret),
        line_text=_line_excerpt(lines.line_bytes(match.start), match.secret, match.start - lines.line_start(match.start),
                                lines.find_in_line(match.start, _PRAGMA)),
        validation=facts,
        remediation=rule.remediation,
        token_context=placement.token_context,
        extra=dict(fragment.extra),
        archive=fragment.archive,
    )
