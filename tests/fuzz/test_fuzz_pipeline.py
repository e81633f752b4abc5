"""Fuzzing the detector, every validator, the log windows and the redaction stream.

Properties: no exception on any bytes; the same input gives the same findings and fingerprints;
a secret planted at a random offset of a large log (across window boundaries, inside JSON escapes)
is found exactly once, at its line; redaction changes only the secret spans, and no planted secret
survives it.
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan import validate
from leakscan.config import load_config
from leakscan.detect import Detector
from leakscan.model import Fragment
from leakscan.scans.logs import LogScanner
from leakscan.scans.redact import marker, redact_reader
from leakscan.sources import logs
from testing import secrets
from tests.fuzz.conftest import budget

KEYS = [secrets.glomo_key("live", "secret", seed=120 + i) for i in range(3)]
LINE = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF, blacklist_characters="\\"),
               max_size=90)


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(load_config(None))


def _where(found):
    return sorted((f.rule_id, f.line, f.column, f.fingerprint) for f in found)


@settings(parent=budget())
@given(st.binary(max_size=3000), st.sampled_from(["a.py", "web/app.tsx", ".env", "x.log", "b.bin"]))
def test_the_detector_takes_any_bytes_and_answers_the_same_twice(detector, data, path):
    first = detector.detect(Fragment(data, path))
    assert _where(first) == _where(detector.detect(Fragment(data, path)))


MUTATION = st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=0, max_size=4), st.integers(0, 3)),
                    max_size=4)


def _mutate(text: bytes, edits: list[tuple[int, bytes, int]]) -> bytes:
    for at, insert, cut in edits:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + cut :]
    return text


@settings(parent=budget())
@given(st.data(), MUTATION)
def test_every_validator_takes_what_its_rule_matches_in_damaged_examples(detector, draw, edits):
    """Validators see only what their rule's regex matched, so they are fed exactly that: each rule's
    own examples, damaged (bytes inserted and cut), through the real matcher."""
    rule = draw.draw(st.sampled_from(detector.config.rules))
    example = draw.draw(st.sampled_from([*rule.examples, *rule.negative_examples]))
    data = _mutate(example.text.encode(), edits)
    for match in detector.matcher.scan(data):
        validate.get(detector.rules[match.rule_id].validator)(match, Fragment(data, example.path), 1.7e9)
    detector.detect(Fragment(data, example.path))


def _log(lines: list[str], at: int, key: str, escaped: bool) -> tuple[bytes, int]:
    """A log with ``key`` on line ``at`` (1-based), written as a JSON logger would when ``escaped``."""
    at = min(at, len(lines) + 1)
    if escaped:  # escapes all around the key (quotes, non-ASCII, slashes), each changing the offsets
        body = json.dumps({"msg": f"\u00e9t\u00e9 \"auth\" a/b: Authorization: Bearer {key}", "p": "/x/"})
        body = body.replace("/", "\\/")
    else:
        body = f"DEBUG Authorization: Bearer {key}"
    text = lines[: at - 1] + [body] + lines[at - 1 :]
    return ("\n".join(text) + "\n").encode(), at


@settings(parent=budget())
@given(st.lists(LINE, min_size=1, max_size=300), st.integers(1, 300), st.booleans(),
       st.sampled_from([(700, 600), (1024, 640), (4096, 1024)]))  # overlap > the longest match (~470 bytes)
def test_a_planted_secret_is_found_once_at_its_line(detector, lines, at, escaped, window):
    data, line = _log(lines, at, KEYS[0], escaped)
    scanner = LogScanner(detector)
    reader = logs.LogReader(io.BytesIO(data), "fuzz.log", chunk=window[0], overlap=window[1], closer=False)
    found = [h.finding for w in reader for h in scanner.hits(w, skipped=[])]
    mine = [f for f in found if f.secret.reveal() == KEYS[0]]
    assert [f.line for f in mine] == [line]


@settings(parent=budget())
@given(st.lists(LINE, min_size=1, max_size=200), st.lists(st.tuples(st.integers(1, 200), st.booleans()),
                                                         min_size=1, max_size=3))
def test_redaction_changes_only_secret_spans_and_leaves_none(detector, lines, plants):
    data = ("\n".join(lines) + "\n").encode()
    for i, (at, escaped) in enumerate(plants):
        text = data.decode().split("\n")[:-1]
        data, _ = _log(text, at, KEYS[i], escaped)
    reader = logs.LogReader(io.BytesIO(data), "fuzz.log", chunk=1024, overlap=640, closer=False)
    out = io.BytesIO()
    redact_reader(detector, reader, out, flush=False)
    redacted = out.getvalue()
    for key in KEYS[: len(plants)]:
        assert key.encode() not in redacted
    # put each marker back to the text it replaced: the rest is byte for byte the input
    scanner = LogScanner(detector)
    reader = logs.LogReader(io.BytesIO(data), "fuzz.log", chunk=1024, overlap=640, closer=False)
    hits = sorted({(h.start, h.end, h.finding.rule_id, h.finding.fingerprint)
                   for w in reader for h in scanner.hits(w, binary_lines=True)})
    rebuilt, pos, taken = bytearray(), 0, 0
    for start, end, rule_id, fp in hits:
        if start < taken:
            continue
        mark = marker(rule_id, fp)
        at = redacted.index(mark, pos)
        rebuilt += redacted[pos:at] + data[start:end]
        pos, taken = at + len(mark), end
    rebuilt += redacted[pos:]
    assert bytes(rebuilt) == data



def test_a_fully_escaped_jwt_is_found(detector):
    body = json.dumps({"msg": f"Authorization: Bearer {KEYS[1]}"}).replace("e", "\\u0065").replace(".", "\\u002e")
    reader = logs.LogReader(io.BytesIO(("x\n" * 50 + body + "\n").encode()), "fuzz.log", closer=False)
    found = [h.finding for w in reader for h in LogScanner(detector).hits(w, skipped=[])]
    assert [f.line for f in found if f.secret.reveal() == KEYS[1]] == [51]
