"""Identity and display of findings: fingerprints, redaction of every secret a snippet could show."""

from __future__ import annotations

import hashlib

import pytest

from leakscan.findings import display_line, display_secret, fingerprint
from leakscan.model import Fragment
from leakscan.redaction import redact
from leakscan.scans.files import scan_fragments
from testing import secrets

A, B = secrets.hex_key(71), secrets.hex_key(72)


def _pieces(secret: str, size: int = 8) -> list[str]:
    return [secret[i : i + size] for i in range(len(secret) - size + 1)]


def _assert_hidden(text: str, *values: str) -> None:
    for value in values:
        assert not [p for p in _pieces(value) if p in text], f"part of a secret shown in {text!r}"


@pytest.mark.parametrize("gap", [1, 30, 90, 110, 119, 125, 200])
def test_neighbour_secret_on_a_long_line_is_never_shown(gap: int) -> None:
    """An excerpt of a minified line may cut through the next key: that part is hidden too."""
    line = "x" * 500 + f'k="{A}";' + "y" * gap + f'k2="{B}";' + "z" * 500
    result = scan_fragments([Fragment(line.encode(), "bundle.min.js")])
    assert len(result.findings) == 2
    for finding in result.findings:
        shown = display_line(finding)
        _assert_hidden(shown, A, B)
        assert redact(finding.secret.reveal()) in shown
        assert finding.secret.reveal() in display_line(finding, show=True)


def test_two_secrets_on_a_short_line() -> None:
    result = scan_fragments([Fragment(f'keys = ["{A}", "{B}"]\n'.encode(), "k.py")])
    assert [f.line for f in result.findings] == [1, 1]
    for finding in result.findings:
        _assert_hidden(display_line(finding), A, B)


def test_fingerprint_is_sha256_of_rule_and_secret() -> None:
    token = secrets.basic_token()
    assert fingerprint("gluwa-basic-token", token) == hashlib.sha256(f"gluwa-basic-token:{token}".encode()).hexdigest()


@pytest.mark.parametrize("secret", ["", "a", "abcdefghijk", "abcdefghijkl", "x" * 23, A, "é" * 30])
def test_redaction_shows_at_most_first_four_and_last_two(secret: str) -> None:
    shown = redact(secret)
    visible = shown.replace("****", "", 1)
    assert "****" in shown and len(visible) <= 6
    assert secret.startswith(visible[:4]) or len(visible) < 4
    if len(secret) >= 24:
        assert shown == f"{secret[:4]}****{secret[-2:]}"


def test_display_secret_whole_only_when_asked() -> None:
    [finding] = scan_fragments([Fragment(f"PRIVATE_KEY={A}\n".encode(), ".env")]).findings
    assert display_secret(finding) == redact(A) and display_secret(finding, show=True) == A
