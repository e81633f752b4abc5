"""Per-match judgements at a cost linear in the file, with the answers of the per-match rescans they replace.

Bundler config blocks (``env: {…}`` in next.config.js …) are found once per file; the name a value
is bound to is read from the end of its line, not by a regex tried at every start.
"""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.model import Fragment, RuleMatch, Scratch
from leakscan.policy import publicvars


def _old_config_block(fragment: Fragment, match: RuleMatch) -> str | None:
    """The per-match rescan this replaced (the oracle)."""
    blocks = [(key, side) for pats, key, side, _ in publicvars._BLOCKS if any(p.match(fragment.path) for p in pats)]
    before = fragment.data[max(0, match.start - 16 * 1024) : match.start].decode("utf-8", "replace")
    for key, side in blocks:
        opened = None
        for m in re.finditer(rf"""(?<![\w$]){key}['"]?\s*:\s*\{{""", before):
            opened = m
        if opened is not None:
            depth = 1
            for ch in before[opened.end():]:
                depth += ch == "{"
                depth -= ch == "}"
                if depth == 0:
                    break
            else:
                return side
    return None


def _answer(fragment: Fragment, match: RuleMatch, scratch: Scratch) -> str | None:
    signal = publicvars.config_block(fragment, match, scratch)
    return signal.side if signal else None


PIECES = st.sampled_from(["env: {", "env:{", "'env': {", "serverRuntimeConfig: {", "publicRuntimeConfig : {",
                          "}", "{", "},", "KEY: 'v',", " ", "\n", "myenv: {", "$env: {", "define: {", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60), st.lists(st.integers(0, 10_000), min_size=1, max_size=8))
def test_the_block_index_answers_as_the_rescan_did(pieces: list[str], ats: list[int]) -> None:
    data = "".join(pieces).encode()
    fragment = Fragment(data, "web/next.config.js")
    scratch = Scratch(fragment)
    for at in sorted({a % (len(data) + 1) for a in ats}):
        match = RuleMatch("r", at, at, at, at, b"")
        assert _answer(fragment, match, scratch) == _old_config_block(fragment, match), (data, at)


def _config(values: int) -> Fragment:
    body = "".join(f"    KEY_{i}: 'value-{i}',\n" for i in range(values))
    return Fragment(f"module.exports = {{\n  env: {{\n{body}  }},\n}}\n".encode(), "web/next.config.js")


def _cost(fragment: Fragment) -> float:
    best = float("inf")
    for _ in range(3):
        scratch = Scratch(fragment)
        started = time.perf_counter()
        for m in re.finditer(rb"value-\d+", fragment.data):
            assert _answer(fragment, RuleMatch("r", m.start(), m.end(), m.start(), m.end(), m[0]), scratch) == "client"
        best = min(best, time.perf_counter() - started)
    return best


def test_the_cost_grows_with_the_file_not_with_the_file_times_its_matches() -> None:
    """4x the values: linear work takes ~4x, the old rescan ~16x (a wide margin: 8x)."""
    small, large = _cost(_config(1_000)), _cost(_config(4_000))
    assert large < 8 * small + 0.05, (small, large)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=list("aZ_9 \t'\"]`:=x0-.\u00a0é"), max_size=40))
def test_the_bound_name_is_what_the_binding_regex_finds(before: str) -> None:
    m = publicvars._BINDING.search(before)
    assert publicvars.bound_name(before) == (m[1] if m else None)
