"""Config allowlists (paths, secret regexes, stop words), each with its reason, compiled once."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from leakscan.config import Allowlist
from leakscan.model import Finding
from leakscan.sources.ignore import LazySpec


class CompiledAllowlist:
    def __init__(self, allowlist: Allowlist):
        self.allowlist = allowlist
        # gitignore semantics, without a Hyperscan compile per allowlist
        self.paths = LazySpec(allowlist.paths) if allowlist.paths else None
        self.regexes = [regex.compile(p) for p in allowlist.regexes]
        self.stopwords = [w.lower() for w in allowlist.stopwords]

    def reason(self, finding: Finding, config_path: str | None = None) -> str | None:
        """Why the allowlist suppresses ``finding``; paths match as reported or relative to the config."""
        a = self.allowlist
        if a.rules and finding.rule_id not in a.rules:
            return None
        checks = []
        if self.paths is not None:
            checks.append(self.paths.match_file(finding.path)
                          or (config_path is not None and self.paths.match_file(config_path)))
        if self.regexes:
            checks.append(any(_search(r, finding.secret.reveal()) for r in self.regexes))
        if self.stopwords:
            secret = finding.secret.reveal().lower()
            checks.append(any(w in secret for w in self.stopwords))
        # an allowlist naming only rules silences those rules
        ok = (all(checks) if a.condition == "all" else any(checks)) if checks else bool(a.rules)
        return f"allowlist: {a.reason}" if ok else None


ALLOW_TIMEOUT = 1.0  # seconds an allowlist regex may take on one secret


def _search(pattern: regex.Pattern[str], text: str) -> bool:
    """A regex that backtracks past its time suppresses nothing: the finding stays visible."""
    try:
        return pattern.search(text, timeout=ALLOW_TIMEOUT) is not None
    except TimeoutError:
        return False


def compile_allowlists(allowlists: Sequence[Allowlist]) -> list[CompiledAllowlist]:
    return [CompiledAllowlist(a) for a in allowlists]
