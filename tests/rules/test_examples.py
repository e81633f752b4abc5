"""Every positive and negative example of every built-in rule, through the full pipeline, on both engines.

The pipeline is ``scan_fragments`` (engine, validators, policy, findings,
suppression); ``leakscan rules check`` runs the same examples and must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from leakscan.config import load_config
from leakscan.detect import Detector
from leakscan.engine.matcher import hyperscan_available
from leakscan.model import Example, Finding, Fragment, Rule
from leakscan.scans.files import scan_fragments
from leakscan.scans.rules_check import MIN_EXAMPLES

RULES = load_config(None).rules


def _cases(kind: str) -> list:
    return [
        pytest.param(rule, example, id=f"{rule.id}-{i}")
        for rule in RULES
        for i, example in enumerate(getattr(rule, kind))
    ]


def _field(finding: Finding, name: str) -> object:
    return finding.validation[name] if name in finding.validation else getattr(finding, name)


def _found(detector: Detector, rule: Rule, example: Example) -> list[Finding]:
    result = scan_fragments([Fragment(example.text.encode(), example.path)], detector=detector)
    return [f for f in result.findings if f.rule_id == rule.id]


@pytest.mark.parametrize(("rule", "example"), _cases("examples"))
def test_positive_example_is_found(detector: Detector, rule: Rule, example: Example) -> None:
    found = _found(detector, rule, example)
    assert found, f"{rule.id} missed {example.text[:80]!r} ({detector.engine})"
    got = [{k: _field(f, k) for k in example.expect} for f in found]
    assert dict(example.expect) in got
    for finding in found:
        assert finding.secret.reveal() in example.text
        assert finding.secret.reveal() not in finding.fingerprint


@pytest.mark.parametrize(("rule", "example"), _cases("negative_examples"))
def test_negative_example_is_not_found(detector: Detector, rule: Rule, example: Example) -> None:
    assert _found(detector, rule, example) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_has_enough_examples(rule: Rule) -> None:
    assert len(rule.examples) >= MIN_EXAMPLES
    assert len(rule.negative_examples) >= MIN_EXAMPLES


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_documents_itself(rule: Rule) -> None:
    assert rule.title and rule.description and rule.remediation and rule.references


def test_rules_check_passes(run_cli) -> None:
    run = run_cli("rules", "check")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert f"{len(RULES)} rules" in run.stdout and "0 problems" in run.stdout


def test_rules_check_regex_engine_passes(run_cli) -> None:
    run = run_cli("rules", "check", "--engine", "regex")
    assert run.exit_code == 0, run.stdout + run.stderr


def test_rules_list_shows_every_rule(run_cli) -> None:
    run = run_cli("rules", "list")
    assert run.exit_code == 0
    for rule in RULES:
        assert rule.id in run.stdout


USER_RULE = """
[[rules]]
id = "acme-token"
title = "ACME token"
severity = "high"
keywords = ["acme_"]
regex = '''acme_(?P<secret>[a-z0-9]{{16}})'''
examples = [{positives}]
negative_examples = [{negatives}]
"""


def _user_rule(tmp_path: Path, positives: list[str], negatives: list[str]) -> Path:
    def quoted(items: list[str]) -> str:
        return ", ".join(f"'{t}'" for t in items)

    path = tmp_path / "leakscan.toml"
    path.write_text(USER_RULE.format(positives=quoted(positives), negatives=quoted(negatives)))
    return path


GOOD = [f"token = acme_{i:02d}q7w8e9r0t1y2u3" for i in range(8)]
BAD_NEG = [f"acme_short{i}" for i in range(8)]


def test_rules_check_passes_with_good_user_rule(run_cli, tmp_path: Path) -> None:
    path = _user_rule(tmp_path, GOOD, BAD_NEG)
    run = run_cli("rules", "check", "--config", str(path))
    assert run.exit_code == 0, run.stdout
    assert f"{len(RULES) + 1} rules" in run.stdout


def test_rules_check_fails_when_user_positive_is_missed(run_cli, tmp_path: Path) -> None:
    path = _user_rule(tmp_path, [*GOOD[:7], "token = acme_TOO_SHORT"], BAD_NEG)
    run = run_cli("rules", "check", "--config", str(path))
    assert run.exit_code == 1
    assert "FAIL acme-token: example not found" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_rules_check_fails_when_user_negative_is_found(run_cli, tmp_path: Path) -> None:
    path = _user_rule(tmp_path, GOOD, [*BAD_NEG[:7], "acme_0123456789abcdef"])
    run = run_cli("rules", "check", "--config", str(path))
    assert run.exit_code == 1
    assert "FAIL acme-token: negative example reported" in run.stdout


def test_rules_check_catches_a_rule_the_engines_disagree_on(run_cli, tmp_path: Path) -> None:
    """Keywords that miss an example: Hyperscan ignores them, the regex fallback's prefilter skips it."""
    if not hyperscan_available():
        pytest.skip("hyperscan is not installed")
    path = tmp_path / "leakscan.toml"
    path.write_text(USER_RULE.replace('keywords = ["acme_"]', 'keywords = ["token"]').format(
        positives=", ".join(f"'{t}'" for t in [*GOOD[:7], "acme_0123456789abcdef"]),
        negatives=", ".join(f"'{t}'" for t in BAD_NEG)))
    run = run_cli("rules", "check", "--config", str(path))
    assert run.exit_code == 1
    assert "FAIL acme-token: example not found: 'acme_0123456789abcdef' (on the regex engine only)" in run.stdout
    assert run_cli("rules", "check", "--config", str(path), "--engine", "hyperscan").exit_code == 0


def test_builtin_rules_pass_the_checks_their_loading_skips() -> None:
    # the shipped rules load without compiling their regexes (hook latency); checked, they load the same
    from leakscan.rules.loader import builtin_rule_files, load_builtin_rules, load_rule_file

    checked = [r for path in builtin_rule_files() for r in load_rule_file(path, checked=True)]
    assert [r.id for r in checked] == [r.id for r in load_builtin_rules()]
