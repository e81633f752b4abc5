"""``leakscan:allow`` in every comment syntax, per rule, with a reason."""

from __future__ import annotations

import dataclasses
import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.model import Finding, Fragment
from leakscan.scans.files import scan_fragments
from leakscan.suppress.inline import inline_reason
from testing import secrets

KEY = secrets.glomo_key("live", "secret", seed=31)

SYNTAXES = [
    ("config.py", f'KEY = "{KEY}"  # leakscan:allow glomo-api-key test fixture', "test fixture"),
    ("app.js", f'const key = "{KEY}"; // leakscan:allow glomo-api-key test fixture', "test fixture"),
    ("App.java", f'String key = "{KEY}"; /* leakscan:allow glomo-api-key test fixture */', "test fixture"),
    ("index.html", f'<meta name="k" content="{KEY}"> <!-- leakscan:allow glomo-api-key test fixture -->',
     "test fixture"),
    ("seed.sql", f"INSERT INTO keys VALUES ('{KEY}'); -- leakscan:allow glomo-api-key test fixture",
     "test fixture"),
    ("settings.ini", f"key = {KEY} ; leakscan:allow glomo-api-key test fixture", "test fixture"),
    ("main.lua", f'local key = "{KEY}" -- leakscan:allow', "no reason given"),
    ("doc.tex", f"\\newcommand{{\\key}}{{{KEY}}} % leakscan:allow: glomo-api-key, docs", "docs"),
    ("x.c", f'char *k = "{KEY}"; /*leakscan:allow glomo-api-key*/', "no reason given"),
]


@pytest.mark.parametrize(("path", "line", "reason"), SYNTAXES, ids=[s[0] for s in SYNTAXES])
def test_allow_in_any_comment_syntax_suppresses_with_its_reason(path, line, reason):
    result = scan_fragments([Fragment(f"{line}\n".encode(), path)])
    assert result.findings == []
    [suppressed] = result.suppressed
    assert suppressed.kind == "inline"
    assert suppressed.reason == f"inline leakscan:allow ({reason})"


def test_allow_naming_another_rule_does_not_suppress():
    line = f'KEY = "{KEY}"  # leakscan:allow hex-private-key not this one\n'
    result = scan_fragments([Fragment(line.encode(), "a.py")])
    assert [f.rule_id for f in result.findings] == ["glomo-api-key"]


def test_allow_limited_to_one_rule_keeps_the_other_on_the_same_line():
    hexkey = secrets.hex_key(32)
    line = f'KEY = "{KEY}"; private_key = "{hexkey}"  # leakscan:allow glomo-api-key docs\n'
    result = scan_fragments([Fragment(line.encode(), "a.py")])
    assert [f.rule_id for f in result.findings] == ["hex-private-key"]
    assert [s.finding.rule_id for s in result.suppressed] == ["glomo-api-key"]


def test_several_rule_ids_then_a_reason():
    hexkey = secrets.hex_key(33)
    line = f'KEY = "{KEY}"; private_key = "{hexkey}"  # leakscan:allow glomo-api-key, hex-private-key demo\n'
    result = scan_fragments([Fragment(line.encode(), "a.py")])
    assert result.findings == []
    assert {s.reason for s in result.suppressed} == {"inline leakscan:allow (demo)"}


@pytest.mark.parametrize("reason", ["false-positive", "test-only fixture", "rotated-2026-01"])
def test_a_hyphenated_reason_is_a_reason_not_a_rule_id(reason):
    result = scan_fragments([Fragment(f'KEY = "{KEY}"  # leakscan:allow {reason}\n'.encode(), "a.py")])
    assert result.findings == []
    assert result.suppressed[0].reason == f"inline leakscan:allow ({reason})"


@pytest.mark.parametrize("text", ["leakscan:allowed", "leakscan-allow", "leakscan allow"])
def test_near_misses_do_not_suppress(text):
    result = scan_fragments([Fragment(f'KEY = "{KEY}"  # {text}\n'.encode(), "a.py")])
    assert len(result.findings) == 1


def test_a_pragma_on_another_line_does_not_suppress():
    data = f'# leakscan:allow\nKEY = "{KEY}"\n'.encode()
    assert len(scan_fragments([Fragment(data, "a.py")]).findings) == 1


@pytest.mark.parametrize("where", ["after", "before"])
def test_a_pragma_far_from_the_secret_on_a_long_line_still_counts(where):
    filler = "var a=1;" * 150
    pragma = "/* leakscan:allow glomo-api-key bundled demo key */"
    code = f'{filler}const k="{KEY}";{filler}'
    line = f"{code}{pragma}" if where == "after" else f"{pragma}{code}"
    result = scan_fragments([Fragment(f"{line}\n".encode(), "dist/app.min.js")])
    assert result.findings == []
    assert result.suppressed[0].reason == "inline leakscan:allow (bundled demo key)"
    assert len(result.suppressed[0].finding.line_text) < 1000


def test_a_block_comment_before_the_code_ends_the_reason():
    line = f'/* leakscan:allow glomo-api-key sample */ const k = "{KEY}";\n'
    result = scan_fragments([Fragment(line.encode(), "a.js")])
    assert result.suppressed[0].reason == "inline leakscan:allow (sample)"



_WORDS = st.text("abcdefghijklmnopqrstuvwxyz0123456789 .#()'", min_size=1, max_size=40)
_KNOWN = {"glomo-api-key", "hex-private-key", "generic-jwt"}


@functools.lru_cache(maxsize=1)
def _finding() -> Finding:
    return scan_fragments([Fragment(f'KEY = "{KEY}"\n'.encode(), "a.py")]).findings[0]


@settings(deadline=None)
@given(prefix=st.sampled_from(["#", "//", "/*", "<!--", "--", ";", "%", "'"]), reason=_WORDS,
       ids=st.lists(st.sampled_from(sorted(_KNOWN)), max_size=2))
def test_pragma_reason_and_rule_ids_parse_back(prefix, reason, ids):
    closing = {"/*": " */", "<!--": " -->"}.get(prefix, "")
    line = f'KEY = "x" {prefix} leakscan:allow {", ".join(ids)} {reason}{closing}'
    got = inline_reason(dataclasses.replace(_finding(), line_text=line), _KNOWN)
    if ids and "glomo-api-key" not in ids:
        assert got is None
    else:
        assert got == f"inline leakscan:allow ({' '.join(reason.split()) or 'no reason given'})"
