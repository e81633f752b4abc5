"""A scan result with every kind of finding a reporter must handle, built through the real pipeline."""

from __future__ import annotations

import pytest

from leakscan.model import Fragment, ScanResult
from leakscan.scans.files import scan_fragments
from leakscan.suppress import baseline as baselines
from leakscan.suppress.ignorefile import parse as parse_ignore
from testing import secrets

COMMIT = "a" * 40


@pytest.fixture
def secret_values() -> dict[str, str]:
    """Every secret (and secret half) the rich result holds: none may appear in a report."""
    return {
        "glomo": secrets.glomo_key("live", "secret", seed=11),
        "basic": secrets.basic_token("gk_live_77aa31", "Zq8vLm2xWt9pRk4s"),
        "basic_secret": "Zq8vLm2xWt9pRk4s",
        "hex": secrets.hex_key(21),
        "inline": secrets.hex_key(22),
        "ignored": secrets.glomo_key("test", "secret", seed=12),
        "baselined": secrets.hex_key(23),
    }


@pytest.fixture
def rich_result(secret_values: dict[str, str]) -> ScanResult:
    s = secret_values
    fragments = [
        Fragment(f"GLOMO_SECRET_KEY={s['glomo']}\n".encode(), "config/prod settings,v1:%.env"),
        Fragment(f'headers = {{"Authorization": "Basic {s["basic"]}"}}  # gluwa\n'.encode(), "server/api.py",
                 commit=COMMIT, extra=(("author", "Dev <dev@example.com>"), ("date", "2026-01-02"))),
        Fragment(f"\nwallet_private_key = '0x{s['hex']}'\n".encode(), "deploy/keys.py"),
        Fragment(f"private_key: '{s['inline']}'  # leakscan:allow hex-private-key test vector\n".encode(),
                 "tests/vectors.yml"),
        Fragment(f"GLOMO_TEST_SECRET={s['ignored']}\n".encode(), "dev.env"),
        Fragment(f"old_private_key = '{s['baselined']}'\n".encode(), "legacy/old.py"),
    ]
    result = scan_fragments(fragments, ignore=False)
    by_path = {f.path: f for f in result.findings}
    ignore = parse_ignore(f"# dev-only test key\n{by_path['dev.env'].fingerprint}\n")
    baseline = baselines.from_findings([by_path["legacy/old.py"]], reason="accepted in 2025 audit")
    return scan_fragments(fragments, ignore=ignore, baseline=baseline)


@pytest.fixture
def empty_result() -> ScanResult:
    return scan_fragments([Fragment(b"nothing to see here\n", "README.md")])
