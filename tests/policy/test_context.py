"""The judge as a whole: any bytes, any path, one Placement; memo per fragment."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.model import Fragment, RuleMatch, Scratch
from leakscan.policy.context import Judge, judge

from .helpers import MARK, fragment_and_match

PATHS = st.sampled_from(["a.ts", "web/app/x/page.tsx", "index.html", "x.py", ".env", "next.config.js",
                         "README.md", "noext", "lib/a.dart", "app.json", "x.vue"])


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=600), path=PATHS, a=st.integers(0, 600), n=st.integers(0, 80))
def test_any_bytes_give_a_placement(data: bytes, path: str, a: int, n: int) -> None:
    start = min(a, len(data))
    end = min(len(data), start + n)
    placement = Judge()(Fragment(data, path), RuleMatch("r", start, end, start, end, data[start:end]))
    assert placement.reason
    assert placement.token_context in ("string", "comment", "code", "unknown")


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), path=PATHS)
def test_any_text_around_a_value(text: str, path: str) -> None:
    fragment, match = fragment_and_match(path, text + f'"{MARK}"' + text)
    assert Judge()(fragment, match).reason


def test_file_signals_are_computed_once_per_fragment() -> None:
    j = Judge()
    first, match = fragment_and_match("src/pay.ts", f'"use client";\nk = "{MARK}"\n')
    second, _ = fragment_and_match("src/pay.ts", f'k = "{MARK}"\n')
    scratch = Scratch(first)
    assert j.file_signals(first, scratch) is j.file_signals(first, scratch)
    assert j(first, match, scratch).client_side
    assert not j(second, fragment_and_match("src/pay.ts", f'k = "{MARK}"\n')[1]).client_side


def test_default_judge_function_matches_a_default_judge() -> None:
    fragment, match = fragment_and_match("public/app.js", f'k = "{MARK}"\n')
    assert judge(fragment, match) == Judge()(fragment, match)
