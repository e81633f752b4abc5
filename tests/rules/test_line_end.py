"""No rule's match runs past a line end unless the rule says it spans lines (``multiline = true``)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import leakscan
from leakscan.config import load_config
from leakscan.rules.regextree import crosses_line_end


@pytest.mark.parametrize(("pattern", "crosses"), [
    (r"a\s*b", True), (r"a[ \t]*b", False), (r'[^"]+', True), (r".+", False), (r"(?s).+", True),
    (r"a\nb", True), (r"[\s\S]", True), (r"\x0a", True), (r"(?-s:.)", False), (r"(?=\s)x", False),
    (r"[^\s:@]{3,}", False), (r"(?i:key)\s*=", True),
])
def test_what_can_match_a_newline(pattern, crosses):
    assert crosses_line_end(pattern) is crosses


def test_no_built_in_rule_crosses_a_line_end():
    assert [r.id for r in load_config(None).rules if crosses_line_end(r.regex) and not r.multiline] == []


def test_an_empty_assignment_does_not_take_the_next_line(tmp_path):
    """``GLUWA_API_KEY=`` left empty in .env.example: the next line's name is not its value."""
    text = "GLUWA_API_KEY=\nDATABASE_CONNECTION_NAME=payments\nGLUWA_API_SECRET:\n  nested_setting_value_here\n"
    assert leakscan.scan_text(text, ".env.example").findings == []
    (tmp_path / ".env.example").write_text(text)
    proc = subprocess.run([sys.executable, "-m", "leakscan", "scan", "."], cwd=tmp_path, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout


def _rule(regex: str, multiline: str = "") -> str:
    examples = "\n".join(f'[[rules.examples]]\ntext = "tok_key = value{i:04d}x"\n' for i in range(8))
    negatives = "\n".join(f'[[rules.negative_examples]]\ntext = "nothing {i}"\n' for i in range(8))
    return f"""
[[rules]]
id = "my-token"
title = "a user rule"
severity = "high"
keywords = ["tok_"]
regex = '{regex}'
validator = "none"
{multiline}
{examples}
{negatives}
"""


@pytest.mark.parametrize(("multiline", "code"), [("", 1), ("multiline = true", 0)])
def test_rules_check_fails_a_rule_that_crosses_lines_unless_it_says_so(tmp_path, multiline, code):
    (tmp_path / ".leakscan.toml").write_text(_rule(r"tok_key\s*=\s*(?P<secret>value[0-9]{4}x)", multiline))
    proc = subprocess.run([sys.executable, "-m", "leakscan", "rules", "check", "--config", ".leakscan.toml"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == code, proc.stdout + proc.stderr
    fails = [line for line in proc.stdout.splitlines() if line.startswith("FAIL")]
    assert [f.split(":")[0] for f in fails] == (["FAIL my-token"] if code else [])
    assert not fails or "can run past a line end" in fails[0]


def test_multiline_must_be_a_boolean(tmp_path):
    (tmp_path / ".leakscan.toml").write_text(_rule(r"tok_(?P<secret>value[0-9]{4}x)", 'multiline = "yes"'))
    proc = subprocess.run([sys.executable, "-m", "leakscan", "scan", "."], cwd=tmp_path, capture_output=True,
                          text=True)
    assert proc.returncode == 2 and "'multiline'" in proc.stderr
