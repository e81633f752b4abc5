"""One root error; everything the user can cause maps to exit status 2 with one line."""

from __future__ import annotations


class LeakscanError(Exception):
    """Base of every error leakscan reports to the user as one line (exit 2)."""

    exit_code = 2


class UsageError(LeakscanError):
    """Bad command-line input."""


class ConfigError(LeakscanError):
    """A bad configuration or rule file; the message names file, rule and field."""

    def __init__(self, source: str, message: str, rule: str | None = None, field: str | None = None):
        where = source
        if rule:
            where += f": rule {rule!r}"
        if field:
            where += f": field {field!r}"
        super().__init__(f"{where}: {message}")
        self.source, self.rule, self.field = source, rule, field


class SourceError(LeakscanError):
    """A source that cannot be read at all (not a repository, missing patch file)."""


class ScanIncomplete(LeakscanError):
    """The scan ran and its report was written, but it skipped what the run may not skip."""


class RegexTimeout(LeakscanError):
    """A rule's regex ran past its time on some input (catastrophic backtracking), where the caller
    had no way to report it as a skip: redaction, which must not pass a secret it could not look for."""

    def __init__(self, rule_id: str, seconds: float):
        super().__init__(f"rule {rule_id}: regex timed out after {seconds:g}s (catastrophic backtracking? "
                         "`leakscan rules check` looks for nested quantifiers)")
        self.rule_id, self.seconds = rule_id, seconds
