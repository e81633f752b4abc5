"""The human report: a block per finding with its facts and fix, a summary, colour only when asked."""

from __future__ import annotations

from leakscan.model import Fragment, Skipped
from leakscan.report import ReportOptions, render
from leakscan.scans.files import scan_fragments
from testing import secrets

KEY = secrets.glomo_key("live", "secret", seed=91, exp=1700000000)
SIG = secrets.eth_signature_header(1767225600, seed=92)
HEX = secrets.hex_key(93)


def _result():
    fragments = [
        Fragment(f"GLOMO_SECRET_KEY={KEY}\n".encode(), "server/.env"),
        Fragment(f"X-REQUEST-SIGNATURE: {SIG}\n".encode(), "logs/req.log"),
        Fragment(f'const PRIVATE_KEY = "{HEX}";\n'.encode(), "deploy.js"),
        Skipped("logo.png", "binary"),
    ]
    return scan_fragments(fragments, now=1767225600.0)


def test_blocks_facts_fix_and_summary() -> None:
    text = render("text", _result(), ReportOptions())
    assert "HIGH  glomo-api-key  server/.env:1:18" in text  # expired: one level down
    assert "environment: live, key type: secret" in text and "(expired)" in text
    assert "fix: Rotate the key in the Glomo dashboard" in text
    assert f"signer: {secrets.eth_address(92)}" in text and "replayable until: 2026-01-01T00:10:00Z" in text
    assert f"derived address: {secrets.eth_address(93)}" in text
    assert "skipped: logo.png: binary" in text
    summary = text.rstrip().splitlines()[-1]
    assert summary.startswith("3 findings (1 critical, 1 high, 1 low)") and "1 skipped (1 binary)" in summary
    assert "\x1b[" not in text
    for secret in (KEY, SIG, HEX):
        assert secret not in text


def test_colour_highlights_the_line_for_its_language() -> None:
    text = render("text", _result(), ReportOptions(color=True))
    assert "\x1b[1;31mCRITICAL\x1b[0m" in text
    js_line = next(line for line in text.splitlines() if "PRIVATE_KEY" in line and line.strip().startswith("|"))
    assert "\x1b[" in js_line.split("|", 1)[1]  # pygments coloured the JavaScript
    for secret in (KEY, SIG, HEX):
        assert secret not in text
