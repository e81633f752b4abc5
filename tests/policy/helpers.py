"""Judging one planted value: a fragment and the match of that value in it."""

from __future__ import annotations

from leakscan.model import Fragment, Placement, RuleMatch
from leakscan.policy.context import Judge
from leakscan.policy.settings import ClientSideSettings

MARK = "SECRETVALUE0123456789"


def fragment_and_match(path: str, text: str, value: str = MARK, **kw: object) -> tuple[Fragment, RuleMatch]:
    data = text.encode()
    start = data.index(value.encode())
    end = start + len(value)
    return Fragment(data, path, **kw), RuleMatch("test", start, end, start, end, value.encode())  # type: ignore[arg-type]


def place(path: str, text: str = f'x = "{MARK}"\n', settings: ClientSideSettings | None = None,
          **kw: object) -> Placement:
    fragment, match = fragment_and_match(path, text, **kw)
    return Judge(settings)(fragment, match)
