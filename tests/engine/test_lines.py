"""Line-located extraction: which patterns may run line by line, and that it finds exactly what a whole-file scan finds."""

from __future__ import annotations

import random
from functools import cache

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.config import load_config
from leakscan.engine.lines import line_bounded, line_spans
from leakscan.engine.matcher import compile_rules, extract, hyperscan_available
from leakscan.model import Fragment
from leakscan.scans.files import scan_fragments
from testing import secrets


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"(?<![0-9A-Za-z])(?:0x)?(?P<secret>[0-9a-fA-F]{64})(?![0-9A-Za-z])", True),
    (r"(?i:\bbasic)[ \t]+(?P<secret>[A-Za-z0-9+/]{8,})", True),
    (r"[^\s:@/]{3,128}@[A-Za-z0-9.-]+", True),
    (r"[^\n]+", True),
    (r"[ -~]+", True),
    (r".+", True),
    (r"key\s*=", False),
    (r"[^a]", False),
    (r"[\t-\r]", False),
    (r"(?s:.)", False),
    (r"(?x)a b", False),
    (r"a$", False),
    (r"^a", False),
    (r"\x0a", False),
    (r"(?=\n)", False),
    (r"[[:alpha:]]", False),
    (r"a{e<=1}", False),
    (r"\D", False),
    (r"[^\D]", True),
], ids=lambda v: v if isinstance(v, str) else None)
def test_line_bounded(pattern: str, expected: bool):
    assert line_bounded(pattern) is expected


def test_builtin_rules_are_classified():
    bounded = {r.id for r in load_config(None).rules if line_bounded(r.regex)}
    assert {"hex-private-key", "glomo-api-key", "gluwa-basic-token", "gluwa-request-signature",
            "gluwa-api-credential"} <= bounded  # no rule's match crosses a line end (tests/rules/test_line_end.py)


def test_line_spans_merge_and_cover_whole_lines():
    data = b"aa\nbbbb\ncc\ndd"
    assert list(line_spans(data, [1, 5, 6, 9])) == [(0, 11)]
    assert list(line_spans(data, [1, 13])) == [(0, 3), (11, 13)]
    assert list(line_spans(data, [])) == []
    assert list(line_spans(data, [3])) == [(0, 8)]  # an end at a line start covers both lines


def _random_text(rng: random.Random) -> bytes:
    pieces = [f"{rng.getrandbits(256):064x}", f"0x{rng.getrandbits(256):064x}", "sha256:", "key=", "\n", " ",
              f"{rng.getrandbits(300):x}", "Basic ", "YWJjZDoxMjM0", "eyJ", ".", "g", "\r\n"]
    return "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 60))).encode()


def test_line_located_extraction_equals_whole_file_extraction():
    rule = next(r for r in load_config(None).rules if r.id == "hex-private-key")
    pattern = regex.compile(rule.regex.encode())
    rng = random.Random(5)
    for _ in range(300):
        data = _random_text(rng)
        ends = sorted({m.end() for m in pattern.finditer(data)} | {rng.randrange(len(data) + 1)})
        assert extract(rule, data, line_spans(data, ends)) == extract(rule, data)


@pytest.mark.skipif(not hyperscan_available(), reason="Hyperscan not installed")
def test_hyperscan_and_regex_engines_agree_on_mixed_text():
    rules = load_config(None).rules
    lines = [f"digest: {secrets.hex_key(i)}" for i in range(20)]
    lines += [f"PRIVATE_KEY={secrets.hex_key(50)}", f"WIF={secrets.wif(3)}", f"Authorization: Basic {secrets.basic_token()}",
              f'token = "{secrets.glomo_key("live", "secret")}"', "x" * 5000 + secrets.hex_key(60) + "y"]
    data = "\n".join(lines).encode()
    fast, slow = compile_rules(rules, "hyperscan"), compile_rules(rules, "regex")
    assert sorted(fast.scan(data), key=lambda m: (m.start, m.rule_id)) == sorted(slow.scan(data), key=lambda m: (m.start, m.rule_id))
    found = scan_fragments([Fragment(data, "app/config.py")], engine="hyperscan").findings
    assert found == scan_fragments([Fragment(data, "app/config.py")], engine="regex").findings
    assert {f.rule_id for f in found} >= {"hex-private-key", "bitcoin-wif-private-key", "gluwa-basic-token", "glomo-api-key"}


BOUNDARY_PIECES = st.sampled_from(["0x", "\n", " ", "g", "_", "-", "=", "+", "/", "a", "5", "K", "eyJ", ".", "Basic "])


@pytest.mark.skipif(not hyperscan_available(), reason="Hyperscan not installed")
@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(st.one_of(BOUNDARY_PIECES, st.integers(0, 2**32)), max_size=12))
def test_consuming_locators_find_what_the_regex_finds_at_every_boundary(pieces: list[object]) -> None:
    # hex runs and WIF-like runs of every length, against every kind of neighbour, buffer edges included
    rng = random.Random(len(pieces))
    text = "".join(p if isinstance(p, str) else secrets.hex_key(p)[: rng.choice((40, 63, 64, 65, 128))]
                   + rng.choice(["", secrets.wif(p % 5)]) for p in pieces).encode()
    rules = load_config(None).rules
    fast, slow = _engines(tuple(r.id for r in rules))
    key = lambda m: (m.start, m.rule_id)  # noqa: E731
    assert sorted(fast.scan(text), key=key) == sorted(slow.scan(text), key=key)


@cache
def _engines(_ids: tuple[str, ...]) -> tuple[object, object]:
    rules = load_config(None).rules
    return compile_rules(rules, "hyperscan"), compile_rules(rules, "regex")


@pytest.mark.skipif(not hyperscan_available(), reason="Hyperscan not installed")
def test_a_long_hex_run_reports_no_locator_ends() -> None:
    # prefilter mode drops lookarounds: without consuming boundaries, every digit was an end
    from leakscan.engine import hsdb

    rules = [r for r in load_config(None).rules if r.id == "hex-private-key"]
    db = hsdb.database(hsdb.plan(rules, located=True))
    ends: list[int] = []
    db.scan(("0x" + "ab" * 50_000 + "\n").encode(), match_event_handler=lambda i, f, t, fl, c: ends.append(t))
    assert len(ends) <= 1  # the gate's single match; the locator's none


def _long_line(rng: random.Random, size: int) -> bytes:
    """One line of minified-bundle-like text with secrets of several rules (and near-misses) anywhere."""
    plants = [secrets.hex_key(rng.randrange(1, 90)), secrets.glomo_key("live", "secret", seed=rng.randrange(1, 90)),
              f"Basic {secrets.basic_token()}", secrets.wif(rng.randrange(1, 90)), f"0x{rng.getrandbits(256):064x}",
              f"https://app:{rng.getrandbits(64):x}@db.example.com", "eyJ" + "a" * 40, "Basic QUJD"]
    out = bytearray()
    while len(out) < size:
        out += rng.choice([b"var a=1;", b'f("x");', f"{rng.getrandbits(90):x};".encode(), b" " * rng.randrange(3)])
        if rng.random() < 0.02:
            out += rng.choice(plants).encode() + rng.choice([b";", b'"', b"", b"a", b"="])
    return bytes(out)


@pytest.mark.skipif(not hyperscan_available(), reason="Hyperscan not installed")
@pytest.mark.parametrize("seed", range(4))
def test_a_long_line_read_around_each_hit_gives_what_reading_it_whole_gives(seed: int):
    """Past LONG_LINE, a rule of known width is read only around each Hyperscan hit: same matches."""
    rng = random.Random(seed)
    data = _long_line(rng, 300_000) + b"\n" + _long_line(rng, 1000)
    rules = load_config(None).rules
    assert all(r.max_width is not None for r in rules)
    fast = compile_rules(rules, "hyperscan")
    key = lambda m: (m.start, m.end, m.rule_id)  # noqa: E731
    whole = sorted((m for r in rules for m in extract(r, data)), key=key)
    assert len(whole) > 20
    assert sorted(fast.scan(data), key=key) == whole


def test_a_long_line_is_read_only_around_its_hits():
    data = b"x" * 200_000 + b"END" + b"y" * 200_000 + b"\nshort\n"
    spans = list(line_spans(data, [100, 200_003, 400_008], width=64))
    assert spans == [(0, 1124), (200_003 - 64 - 1024, 200_003 + 1024), (400_004, 400_010)]
    assert list(line_spans(data, [100])) == [(0, 400_004)]  # width unknown: the whole line
