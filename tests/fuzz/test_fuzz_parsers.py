"""Fuzzing the readers of untrusted text: the diff parser, the file decoder, JSON unescaping, the
timestamp reader, and the config / rules / baseline / ignore-file loaders.

Property: no exception but the one clean error (ConfigError / SourceError), and the structural
promises each reader makes (diffs report only added lines, at their new line numbers).
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.config import build_config
from leakscan.errors import ConfigError, SourceError
from leakscan.sources import jsonesc, textenc
from leakscan.sources.diff import fragments, parse_patch, read_patch
from leakscan.suppress import baseline, ignorefile
from leakscan.validate import logtime
from tests.fuzz.conftest import budget

PATCHY = st.lists(st.sampled_from([
    b"diff --git a/x.py b/x.py\n", b"diff --cc x.py\n", b"--- a/x.py\n", b"+++ b/x.py\n", b"@@ -1,2 +1,3 @@\n",
    b"@@@ -1 -1 +1 @@@\n", b"@@@@ -1 +1 @@@@\n", b"+added\n", b"-removed\n", b" context\n", b"++merged\n",
    b"\\ No newline at end of file\n", b"Binary files a/x and b/x differ\n", b"commit " + b"a" * 40 + b"\n",
    b"From " + b"b" * 40 + b" Mon Sep 17 00:00:00 2001\n", b"Subject: [PATCH] x\n", b"\n", b"+++ \n", b"@@ -0,0 +1 @@\n",
    b"@@ -1 +" + b"9" * 30 + b" @@\n", b"rename from a\n", b"rename to b\n", b"new file mode 100644\n",
]) | st.binary(max_size=40).map(lambda b: b + b"\n"), max_size=60)


@settings(parent=budget())
@given(PATCHY)
def test_the_diff_parser_never_raises(lines):
    for _ in fragments(parse_patch(lines)):
        pass
    with contextlib.suppress(SourceError):  # "not a patch": the one clean error
        list(read_patch(io.BufferedReader(io.BytesIO(b"".join(lines)))))  # type: ignore[arg-type]


LINES = st.lists(st.text(alphabet="abc +-@\\", max_size=6), max_size=12)


@settings(parent=budget())
@given(LINES, LINES, st.integers(0, 3))
def test_diffs_report_exactly_the_added_lines_at_their_new_numbers(old, new, context):
    patch = "".join(difflib.unified_diff([f"{x}\n" for x in old], [f"{x}\n" for x in new], "a/f.txt", "b/f.txt",
                                         n=context))
    added = [(n, line) for p in parse_patch(patch.encode().splitlines(keepends=True)) for n, line in p.added]
    expected = []
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("insert", "replace"):
            expected += [(j + 1, new[j].encode()) for j in range(j1, j2)]
    assert added == expected


@settings(parent=budget())
@given(st.binary(max_size=600))
def test_the_file_decoder_never_raises(data):
    text, wide = textenc.utf8_of(data)
    assert isinstance(text, bytes) and (wide is not None or text == data)


def _as_matched(c: str) -> str:
    """What the rules see of one character a JSON logger escaped: control characters and escaped line
    breaks become spaces (line numbers stay exact), a lone surrogate U+FFFD."""
    if c in "\b\f\n\r\t":
        return "  "
    if ord(c) < 0x20 or c == "\x7f":
        return " "
    return "\ufffd" if 0xD800 <= ord(c) < 0xE000 else c


@settings(parent=budget())
@given(st.text(max_size=200))
def test_json_unescaping_round_trips(text):
    escaped = json.dumps(text)[1:-1].encode()  # as a JSON logger writes it (everything past ASCII as \uXXXX)
    unescaped = jsonesc.unescape(escaped)
    plain = unescaped.data if unescaped else escaped
    assert plain == "".join(map(_as_matched, text)).encode()
    if unescaped:  # every offset maps back inside the escaped bytes, in order
        ends = [unescaped.to_source(i) for i in range(len(plain) + 1)]
        assert ends == sorted(ends) and ends[-1] == len(escaped)


@settings(parent=budget())
@given(st.binary(max_size=120))
def test_the_timestamp_reader_never_raises(line):
    parsed = logtime.line_time(line)
    if parsed is not None:
        logtime.signature_facts(1_700_000_000, parsed)


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
                       lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                                    max_size=4), max_leaves=12)
CONFIG_KEYS = st.sampled_from(["scan", "rules", "allowlist", "policy", "client_side", "max_file_size", "exclude",
                               "regex_timeout", "disabled_rules", "reason", "paths", "regexes", "id", "regex"])


@settings(parent=budget())
@given(st.dictionaries(CONFIG_KEYS, JSONISH | st.dictionaries(CONFIG_KEYS, JSONISH, max_size=4), max_size=4))
def test_the_config_loader_raises_only_config_errors(data):
    with contextlib.suppress(ConfigError):
        build_config(data, "fuzz.toml")


@settings(parent=budget())
@given(JSONISH)
def test_the_baseline_loader_raises_only_config_errors(tmp_path_factory, doc):
    path = tmp_path_factory.mktemp("b") / "baseline.json"
    path.write_text(json.dumps(doc))
    with contextlib.suppress(ConfigError):
        baseline.load(path)


@settings(parent=budget())
@given(st.text(max_size=300))
def test_the_ignore_file_loader_raises_only_config_errors(text):
    with contextlib.suppress(ConfigError):
        ignorefile.parse(text, "fuzz/.leakscanignore")
