"""Raw credential assignments (``GLUWA_API_SECRET=…``): real values, not references.

Environment lookups (``${VAR}``, ``process.env.X``, ``os.environ[…]``) and
placeholders are what a careful codebase writes; only literal values are leaks.
"""

from __future__ import annotations

import regex

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict
from leakscan.validate.context import is_placeholder, nearest_name, words

_REFERENCE = regex.compile(r"(?i)^(process\.env|os\.environ|os\.getenv|env\(|getenv|\$\{|\$[A-Z_]|secrets\.|vault:)")


def validate(match: RuleMatch, fragment: Fragment, now: float, scratch: Scratch | None = None) -> Verdict:
    value = match.secret.decode("utf-8", "replace")
    if is_placeholder(value) or _REFERENCE.match(value):
        return Verdict(False, reason="a reference or placeholder, not a value")
    if len(set(value)) < 5:
        return Verdict(False, reason="low entropy")
    name = nearest_name(fragment.data, match.start)
    kind = "api-secret" if "secret" in words(name) else "api-key"
    return Verdict(True, rule_id=match.rule_id, key_type=kind, facts={"name": name})
