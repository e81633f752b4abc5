"""Inline suppression, flake8 ``noqa`` style: ``leakscan:allow [rule-id …] [reason]``.

Works in any comment syntax because it only looks for the marker on the line
(``# leakscan:allow``, ``// leakscan:allow glomo-api-key test fixture``,
``<!-- leakscan:allow -->``).
"""

from __future__ import annotations

from collections.abc import Collection

import regex

from leakscan.model import Finding

_MARKER = regex.compile(r"leakscan:allow(?::|\b)(?P<rest>[^\n]*)")
_RULE_ID = regex.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def inline_reason(finding: Finding, rule_ids: Collection[str] | None = None) -> str | None:
    """Why the finding's own line suppresses it, or None when it does not.

    With ``rule_ids`` (the rules in force), only those words count as rule ids, so a
    reason such as ``false-positive`` or ``test-only`` is read as a reason, not as a
    rule the pragma is limited to.
    """
    m = _MARKER.search(finding.line_text)
    if not m:
        return None
    # a block comment ends the pragma: `/* leakscan:allow reason */ code` or `<!-- … -->`
    rest = regex.split(r"\*/|-->", m["rest"], maxsplit=1)[0].strip().rstrip("-*/>").strip()
    tokens = rest.replace(",", " ").split()
    ids = []
    for token in tokens:
        if _RULE_ID.fullmatch(token) and (rule_ids is None or token in rule_ids or token == finding.rule_id):
            ids.append(token)
        else:
            break
    if ids and finding.rule_id not in ids:
        return None
    reason = " ".join(tokens[len(ids):]) or "no reason given"
    return f"inline leakscan:allow ({reason})"
