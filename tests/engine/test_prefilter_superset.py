"""A rule's ``prefilter`` is its gate in Hyperscan: it may let through more than the rule matches,
never less, or a secret would be skipped without the regex ever seeing it."""

from __future__ import annotations

import io
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.config import load_config
from leakscan.detect import Detector
from leakscan.engine import hsdb
from leakscan.engine.matcher import hyperscan_available
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


ESCAPES = {
    "slashes": lambda t: t.replace("/", "\\/"),
    "dots": lambda t: t.replace(".", "\\u002e"),
    "everything": lambda t: "".join(f"\\u{ord(c):04x}" for c in t),
    "letters": lambda t: "".join(f"\\u00{ord(c):02X}" if c.isalpha() else c for c in t),
}


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_json_escaped_secrets_are_found_in_logs_as_plain_ones_are(data: st.DataObject) -> None:
    """The logs path matches the unescaped window itself, so whatever a rule finds in plain text it
    finds written with JSON escapes (``\\/``, ``\\u002e`` dots, every character ``\\u00XX``) too."""
    rule = data.draw(st.sampled_from(_detector().config.rules), label="rule")
    text = data.draw(st.sampled_from([e.text for e in rule.examples]), label="example")
    how = data.draw(st.sampled_from(sorted(ESCAPES)), label="escape")
    if "\n" in text or "\\" in text:
        return
    plain = _found(f"noise\n{text}\nmore noise\n".encode())
    escaped = _found(f"noise\n{ESCAPES[how](text)}\nmore noise\n".encode())
    assert plain <= escaped, (text, how)


def _found(data: bytes) -> set[tuple[str, str, int]]:
    from leakscan.scans.logs import LogScanner
    from leakscan.sources import logs

    reader = logs.LogReader(io.BytesIO(data), "app.log", closer=False)
    return {(h.finding.rule_id, h.finding.fingerprint, h.finding.line) for w in reader
            for h in LogScanner(_detector()).hits(w, skipped=[])}


@cache
def _detector() -> Detector:
    return Detector(load_config(None), now=1_700_000_000)
