"""The static check for exponential backtracking (leakscan.rules.redos) and ``leakscan rules check``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from leakscan.config import load_config
from leakscan.rules.redos import exponential

EXPONENTIAL = [
    "(a|a)+b", "(?:a|a)+b", "(a+)+b", "(?:a*)*b", r"(\w*\s?)*$", r"(?:\w|\d)+x", "(ab|ab)*c",
    r"(?:[a-f]|[0-9a-c])+!", "(x+x*)+y", r"(?:(?:a+))+", "(a|a){1,50}b", "^(?:.|a)+$",
]
FINE = [
    "(ab|cd)+", "(a+b)+", "a+b+", "(?>a+)+b", "a++b", "(?:a|b)+", r"(?:\d|[a-f])+", "(a|a){1,3}",
    r"(?:[A-Za-z0-9+/]{4})*", r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", r"\b0x[0-9a-fA-F]{64}\b",
    r"(?:\p{L}+", "[", r"(?:ab)+", "(a?b)+",
]


@pytest.mark.parametrize("pattern", EXPONENTIAL)
def test_exponential_patterns_are_proved(pattern):
    assert exponential(pattern)


@pytest.mark.parametrize("pattern", FINE)
def test_linear_or_unreadable_patterns_are_not_claimed(pattern):
    assert exponential(pattern) is None


def test_no_built_in_rule_is_exponential():
    for rule in load_config(None).rules:
        assert exponential(rule.regex) is None, rule.id
        assert rule.prefilter is None or exponential(rule.prefilter) is None, rule.id


def test_rules_check_rejects_an_exponential_user_rule(tmp_path):
    examples = "\n".join(f'[[rules.examples]]\ntext = "tok_{"ab" * (i + 4)}!"\n' for i in range(8))
    negatives = "\n".join(f'[[rules.negative_examples]]\ntext = "nothing {i}"\n' for i in range(8))
    (tmp_path / ".leakscan.toml").write_text(f"""
[[rules]]
id = "evil-token"
title = "nested quantifiers"
severity = "high"
keywords = ["tok_"]
regex = 'tok_(?:(?:ab)+)+!'
validator = "none"
{examples}
{negatives}
""")
    proc = subprocess.run([sys.executable, "-m", "leakscan", "rules", "check", "--config", ".leakscan.toml"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    fails = [line for line in proc.stdout.splitlines() if line.startswith("FAIL")]
    assert fails == ["FAIL evil-token: regex: nested quantifiers: a repeat directly inside a repeat "
                     "(like (a+)+) backtracks exponentially"]
