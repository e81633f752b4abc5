"""Credentials inside URLs (``https://user:password@host``): generic Basic credentials."""

from __future__ import annotations

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict
from leakscan.validate.context import is_placeholder

_COMMON = {"password", "pass", "secret", "pwd", "token", "changeme", "x-oauth-basic", "foo", "bar",
           "baz", "test", "testing", "admin", "root", "guest", "user", "example", "sample", "demo",
           "123456", "qwerty", "letmein", "passw0rd", "p4ssw0rd", "secret123", "password1"}
MIN_LENGTH = 6  # shorter "passwords" in URLs are fixtures and examples, not credentials


def validate(match: RuleMatch, fragment: Fragment, now: float, scratch: Scratch | None = None) -> Verdict:
    password = match.secret.decode("utf-8", "replace")
    if (is_placeholder(password) or password.lower() in _COMMON or password.startswith(("$", "%"))
            or len(password) < MIN_LENGTH):
        return Verdict(False, reason="placeholder password")
    return Verdict(True, rule_id=match.rule_id, key_type="password")
