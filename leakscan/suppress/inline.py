"""Inline suppression, flake8 ``noqa`` style: ``leakscan:allow [rule-id …] [reason]``.

Works in any comment syntax because it only looks for the marker on the line
(``# leakscan:allow``, ``// leakscan:allow glomo-api-key test fixture``,
``<!-- leakscan:allow -->``).
"""

from __future__ import annotations

import regex

from leakscan.model import Finding

_MARKER = regex.compile(r"leakscan:allow(?::|\b)(?P<rest>[^\n]*)")
_RULE_ID = regex.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def inline_reason(finding: Finding) -> str | None:
    """Why the finding's own line suppresses it, or None when it does not."""
    m = _MARKER.search(finding.line_text)
    if not m:
        return None
    rest = m["rest"].strip().rstrip("-*/>").strip()
    tokens = rest.replace(",", " ").split()
    ids = []
    for token in tokens:
        if _RULE_ID.fullmatch(token):
            ids.append(token)
        else:
            break
    if ids and finding.rule_id not in ids:
        return None
    reason = " ".join(tokens[len(ids):]) or "no reason given"
    return f"inline leakscan:allow ({reason})"
