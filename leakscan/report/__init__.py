"""Reporters: one module per format behind one small interface, listed in a literal dict.

Every reporter shows secrets only through :func:`leakscan.findings.display_secret`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from leakscan.model import ScanResult


@dataclass(frozen=True)
class ReportOptions:
    show_secrets: bool = False
    color: bool = False
    show_suppressed: bool = False
    fail_on: str = "low"
    tool_version: str = ""
    command: str = "scan"


class Reporter(Protocol):
    def render(self, result: ScanResult, options: ReportOptions) -> str: ...


FORMATS: dict[str, str] = {
    "text": "leakscan.report.text",
    "json": "leakscan.report.json",
    "sarif": "leakscan.report.sarif",
    "github": "leakscan.report.github",
    "junit": "leakscan.report.junit",
    "csv": "leakscan.report.csv",
    "gitlab": "leakscan.report.gitlab",
    "codeclimate": "leakscan.report.codeclimate",
    "jsonl": "leakscan.report.jsonl",
    "markdown": "leakscan.report.markdown",
}


def render(fmt: str, result: ScanResult, options: ReportOptions) -> str:
    module = importlib.import_module(FORMATS[fmt])
    return module.render(result, options)  # type: ignore[no-any-return]
