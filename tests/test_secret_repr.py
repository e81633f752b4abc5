"""A finding's repr and str never show its secret (logging a finding must not leak it)."""

from __future__ import annotations

import logging
import pickle

import pytest

import leakscan
from leakscan.model import Secret
from testing import secrets


@pytest.fixture
def finding() -> leakscan.Finding:
    key = secrets.hex_key(31)
    result = leakscan.scan_text(f"wallet_private_key = '0x{key}'\n", "deploy/keys.py")
    (found,) = result.findings
    return found


def test_repr_and_str_hide_the_secret_and_its_line(finding: leakscan.Finding) -> None:
    raw = finding.secret.reveal()
    for shown in (repr(finding), str(finding), f"{finding}", repr(finding.secret), str(finding.secret),
                  repr([finding]), repr({"f": finding})):
        assert raw not in shown
        assert raw[:16] not in shown
    assert finding.rule_id in repr(finding) and finding.path in repr(finding)


def test_logging_a_finding_does_not_leak(finding: leakscan.Finding, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("t").info("found %s; result %r", finding, leakscan.scan_text("x = 1\n"))
        logging.getLogger("t").info("finding %r", finding)
    assert finding.secret.reveal()[:16] not in caplog.text


def test_an_exception_carrying_a_finding_does_not_leak(finding: leakscan.Finding) -> None:
    assert finding.secret.reveal()[:16] not in str(ValueError(finding))


def test_the_raw_value_needs_an_explicit_call(finding: leakscan.Finding) -> None:
    assert isinstance(finding.secret, Secret)
    assert finding.secret.reveal().removeprefix("0x") in finding.line_text
    copy = pickle.loads(pickle.dumps(finding))  # crosses worker processes intact
    assert copy.secret.reveal() == finding.secret.reveal() and copy == finding


def test_public_api_names() -> None:
    assert set(leakscan.__all__) == {"__version__", *leakscan._API}  # the two lists stay one
    for name in leakscan.__all__:
        assert getattr(leakscan, name) is not None
    with pytest.raises(AttributeError):
        leakscan.no_such_thing  # noqa: B018
