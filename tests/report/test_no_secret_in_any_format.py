"""DESIGN.md: no output format ever contains a full secret unless --show-secrets."""

from __future__ import annotations

import pytest

from leakscan.report import FORMATS, ReportOptions, render


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("show_suppressed", [False, True], ids=["plain", "show-suppressed"])
def test_no_format_shows_a_secret_without_show_secrets(rich_result, secret_values, fmt, show_suppressed):
    rich_result.warnings.append("a warning")
    text = render(fmt, rich_result, ReportOptions(show_suppressed=show_suppressed, color=(fmt == "text")))
    for name, secret in secret_values.items():
        assert secret not in text, f"{fmt} shows the {name} secret"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_show_secrets_shows_them(rich_result, secret_values, fmt):
    text = render(fmt, rich_result, ReportOptions(show_secrets=True))
    assert secret_values["glomo"] in text
