"""pytest plugin: a test whose captured output holds a secret fails, and the report never shows it.

Opt in with ``pytest --leakscan-output`` (or ``leakscan_output = true`` in the ini file);
installed with leakscan through the ``pytest11`` entry point, so nothing else is needed.
Captured stdout, stderr and log sections of every phase are checked with the detector
:class:`leakscan.logging.RedactingFilter` uses; each secret in them, and in a failure's
traceback text, is replaced by its ``[REDACTED:…]`` marker before pytest prints anything.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

_FILTER = pytest.StashKey[Any]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("leakscan").addoption(
        "--leakscan-output", action="store_true", default=None,
        help="fail a test whose captured output (stdout, stderr, log) holds a secret leakscan detects")
    parser.addini("leakscan_output", type="bool", default=False,
                  help="as --leakscan-output")


def _enabled(config: pytest.Config) -> bool:
    flag = config.getoption("leakscan_output")
    return bool(flag) if flag is not None else bool(config.getini("leakscan_output"))


def _redacting(config: pytest.Config) -> Any:
    """One filter (one compiled detector) per session, built on first use."""
    if _FILTER not in config.stash:
        from leakscan.logging import RedactingFilter

        config.stash[_FILTER] = RedactingFilter()
    return config.stash[_FILTER]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    if not _enabled(item.config):
        return
    report: pytest.TestReport = outcome.get_result()
    redacting = _redacting(item.config)
    leaked = 0
    sections = []
    for title, content in report.sections:  # a phase's report carries the earlier phases' sections too
        clean = redacting.redact(content) if title.startswith("Captured") else content
        if title.endswith(f" {report.when}"):
            leaked += clean.count("[REDACTED:") - content.count("[REDACTED:")
        sections.append((title, clean))
    report.sections = sections
    if report.longrepr is not None:
        text = str(report.longrepr)
        clean = redacting.redact(text)
        if clean != text:
            report.longrepr = clean
    if leaked and report.outcome == "passed":
        report.outcome = "failed"
        report.longrepr = (f"leakscan: the captured output of {report.when} holds {leaked} secret(s); "
                           "they are redacted in the sections below")
