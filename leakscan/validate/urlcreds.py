"""Credentials inside URLs (``https://user:password@host``): generic Basic credentials.

Placeholders are not findings.  Toy pairs that real code is full of
(``postgres:postgres``, ``geth:authpass@localhost`` in a test, ``admin:admin``
against a local container) are listed at info: nothing says they guard anything
(issue 11 measured 0 % precision on real repositories before this).
"""

from __future__ import annotations

import regex

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict
from leakscan.validate.context import is_placeholder

_COMMON = {"password", "pass", "secret", "pwd", "token", "changeme", "x-oauth-basic", "foo", "bar",
           "baz", "test", "testing", "admin", "root", "guest", "user", "example", "sample", "demo",
           "123456", "qwerty", "letmein", "passw0rd", "p4ssw0rd", "secret123", "password1"}
MIN_LENGTH = 6  # shorter "passwords" in URLs are fixtures and examples, not credentials
# password123, key_1234, pass-1: a word and a counter, written to show the format
_COUNTER = regex.compile(r"(?i)^(key|pass|passwd|password|pwd|secret|token|test|user)[_-]?\d{1,6}$")
_PARTS = regex.compile(rb"://(?P<user>[^:/@\s]*):(?P<password>[^@\s]*)@(?P<host>[A-Za-z0-9.-]+)")
_LOCAL = regex.compile(r"(?i)^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|host\.docker\.internal|"
                       r"[a-z0-9-]+\.(local|localhost|test|example|invalid)|(.*\.)?example\.(com|org|net))$")
_TOY_USERS = {"postgres", "mysql", "root", "admin", "user", "guest", "test", "sa", "rabbitmq", "redis",
              "mongo", "dev", "developer", "demo", "docker", "username"}
_TOY_PASSWORDS = {"authpass", "mysecretpassword", "postgres", "mysql", "rabbitmq", "guest", "pass123",
                  "password123", "secret123", "admin123", "testpass", "testpassword", "devpassword"}


def toy_reason(user: str, password: str, host: str) -> str | None:
    """Why a pair is a toy (example, local test service), or None when nothing says so."""
    if user and user.lower() == password.lower():
        return f"toy credentials: user and password are both {user!r}"
    if password.lower() in _TOY_PASSWORDS:
        return "toy credentials: a default or example password"
    if _LOCAL.match(host):
        return f"toy credentials: a local or example host ({host})"
    if user.lower() in _TOY_USERS and len(password) < 10:
        return "toy credentials: a default user with a short password"
    return None


def validate(match: RuleMatch, fragment: Fragment, now: float, scratch: Scratch | None = None) -> Verdict:
    password = match.secret.decode("utf-8", "replace")
    if (is_placeholder(password) or password.lower() in _COMMON or password.startswith(("$", "%"))
            or len(password) < MIN_LENGTH or _COUNTER.match(password)):
        return Verdict(False, reason="placeholder password")
    parts = _PARTS.search(fragment.data, match.match_start, match.match_end)
    user, host = ("", "") if parts is None else (parts["user"].decode("utf-8", "replace"),
                                                  parts["host"].decode("utf-8", "replace"))
    toy = toy_reason(user, password, host)
    facts: dict[str, object] = {"host": host}
    if toy:
        facts.update(corroborated=False, corroboration=toy)
    return Verdict(True, rule_id=match.rule_id, key_type="password", facts=facts)
