"""The validator of rules that need none: the regex match is the finding."""

from __future__ import annotations

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict
from leakscan.validate.context import is_placeholder


def validate(match: RuleMatch, fragment: Fragment, now: float, scratch: Scratch | None = None) -> Verdict:
    value = match.secret.decode("utf-8", "replace")
    if is_placeholder(value):
        return Verdict(False, reason="placeholder")
    return Verdict(True, rule_id=match.rule_id)
