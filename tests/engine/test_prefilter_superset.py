"""A rule's ``prefilter`` is its gate in Hyperscan: it may let through more than the rule matches,
never less, or a secret would be skipped without the regex ever seeing it."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.engine import hsdb
from leakscan.engine.candidates import LineFilter, cheap_unescape
from leakscan.engine.matcher import compile_rules, hyperscan_available
from leakscan.model import Rule
from leakscan.rules.loader import load_builtin_rules

pytestmark = pytest.mark.skipif(not hyperscan_available(), reason="Hyperscan not installed")

RULES = [r for r in load_builtin_rules() if r.prefilter]
# what the rules are made of, and what sits around them: mutations stay near the boundary
ALPHABET = st.sampled_from(list("aAzZ09fF5KLcMTj+/=_-.:@ \t\n\"'()[]{}#xX") + ["Basic ", "0x", "eyJ", "://"])


@cache
def _gate(rule_id: str):
    rule = next(r for r in RULES if r.id == rule_id)
    return hsdb.database(hsdb.plan([rule], located=False))


def _gate_passes(rule: Rule, data: bytes) -> bool:
    hits: list[int] = []
    _gate(rule.id).scan(data, match_event_handler=lambda i, f, t, fl, ctx: hits.append(t))
    return bool(hits)


def test_the_builtin_rules_have_prefilters_to_check() -> None:
    assert {"hex-private-key", "bitcoin-wif-private-key"} <= {r.id for r in RULES}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_prefilter_passes_every_example(rule: Rule) -> None:
    for example in rule.examples:
        assert _gate_passes(rule, example.text.encode()), example.text


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_prefilter_passes_whatever_its_rule_matches(data: st.DataObject) -> None:
    rule = data.draw(st.sampled_from(RULES), label="rule")
    text = data.draw(st.sampled_from([e.text for e in (*rule.examples, *rule.negative_examples)]), label="example")
    for _ in range(data.draw(st.integers(0, 4), label="edits")):
        at = data.draw(st.integers(0, len(text)), label="at")
        cut = data.draw(st.integers(0, 3), label="cut")
        text = text[:at] + data.draw(st.lists(ALPHABET, max_size=3).map("".join), label="insert") + text[at + cut:]
    raw = text.encode()
    if rule.compiled.search(raw):
        assert _gate_passes(rule, raw), text


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_json_escaped_slashes_still_make_candidate_lines(data: st.DataObject) -> None:
    """The logs line filter runs the gates over escaped JSON: a secret whose slashes were escaped
    (``\\/``) must still make its line a candidate."""
    rules = load_builtin_rules()
    rule = data.draw(st.sampled_from(rules), label="rule")
    text = data.draw(st.sampled_from([e.text for e in rule.examples]), label="example")
    at = data.draw(st.integers(0, len(text)), label="at")
    text = text[:at] + data.draw(st.sampled_from(["", "/", "//", "a/b"]), label="slash") + text[at:]
    if "\n" in text or not rule.compiled.search(text.encode()):
        return
    escaped = ("noise\n" + text.replace("/", "\\/") + "\nmore noise\n").encode()
    ranges = _line_filter().ranges(cheap_unescape(escaped))
    assert ranges is None or any(start <= 6 < end for start, end, _ in ranges), text


@cache
def _line_filter() -> LineFilter:
    return LineFilter(compile_rules(load_builtin_rules(), "hyperscan"))
