"""leakscan.pytest_plugin through pytest itself (pytester): opt-in, fails a leaking test, shows no secret."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

from testing import secrets

pytest_plugins = ["pytester"]
KEY = secrets.glomo_key("live", "secret", seed=141)

TESTS = f'''
import logging

def test_prints_a_key():
    print("calling the API with {KEY}")

def test_logs_a_key():
    logging.getLogger("app").warning("key %s", "{KEY}")

def test_clean():
    print("nothing to see")

def test_fails_with_the_key_in_its_message():
    assert "{KEY}" == "other"
'''


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_app=TESTS)
    # installed (pip install .), the pytest11 entry point loads it; from a bare checkout, -p does
    installed = any(ep.name == "leakscan" for ep in entry_points(group="pytest11"))
    return pytester.runpytest_subprocess(*([] if installed else ["-p", "leakscan.pytest_plugin"]), "-rA", *args)


def test_off_by_default(pytester):
    result = run(pytester)
    result.assert_outcomes(passed=3, failed=1)


def test_leaking_tests_fail_and_the_output_is_redacted(pytester):
    result = run(pytester, "--leakscan-output")
    result.assert_outcomes(passed=1, failed=3)
    out = result.stdout.str() + result.stderr.str()
    assert KEY not in out
    assert "the captured output of call holds 1 secret(s)" in out and "[REDACTED:glomo-api-key:" in out


def test_the_ini_option_turns_it_on(pytester):
    pytester.makeini("[pytest]\nleakscan_output = true\n")
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=3)
    assert KEY not in result.stdout.str()
