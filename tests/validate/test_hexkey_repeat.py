"""The XOR repeat finder answers exactly what the readable regex does."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from leakscan.validate.hexvalue import _first_repeat, structured
from testing import secrets

ORACLE = regex.compile(r"(?=([0-9a-f]{10}))[0-9a-f]{1,16}?\1")


def _oracle(s: str) -> tuple[int, int] | None:
    m = ORACLE.search(s)
    return None if m is None else (m.start(), m.end() - m.start() - 10)


@given(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64))
def test_random_hex_agrees_with_the_regex(s: str) -> None:
    assert _first_repeat(s.encode()) == _oracle(s)


@given(st.text(alphabet="01a", min_size=64, max_size=64))
def test_low_alphabet_hex_agrees_with_the_regex(s: str) -> None:
    assert _first_repeat(s.encode()) == _oracle(s)


@given(st.text(alphabet="0123456789abcdef", min_size=1, max_size=16), st.integers(0, 40))
def test_planted_repeats_agree(unit: str, at: int) -> None:
    s = ("f" * at + unit * 20)[:64].ljust(64, "e")
    assert _first_repeat(s.encode()) == _oracle(s)


def test_descriptions() -> None:
    assert structured("0" * 24 + "3e6d16c11497ad1a2f47a6594d995f1faae727d9") == "a run of one digit (padding)"
    assert structured(secrets.hex_key(7)) is None
