"""words() is cached; its answers are those of the plain definition, and callers may change what they get."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from leakscan.validate.context import _BUNDLER, _CAMEL, words


def _reference(identifier: str) -> list[str]:
    identifier = _BUNDLER.sub("", identifier)
    out: list[str] = []
    for part in regex.split(r"[^A-Za-z0-9]+", identifier):
        out.extend(w.lower() for w in _CAMEL.findall(part))
    return out


@given(st.text(alphabet="abcXYZ019_-. $:=\"'NEXTPUBLIC", max_size=40))
def test_words_equal_the_definition(identifier: str):
    assert words(identifier) == _reference(identifier)
    assert words(identifier) == _reference(identifier)  # again, from the cache


def test_examples_and_independent_results():
    assert words("NEXT_PUBLIC_glomoSecretKey") == ["glomo", "secret", "key"]
    first = words("txHash")
    first.append("mutated")
    assert words("txHash") == ["tx", "hash"]
