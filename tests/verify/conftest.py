from __future__ import annotations

import time
from pathlib import Path

import pytest

from leakscan import scan_text
from leakscan.config import Config, load_config
from leakscan.model import Finding
from testing import secrets


@pytest.fixture(autouse=True)
def _direct(no_proxy):
    """Tests talk to 127.0.0.1 directly unless a test sets a proxy itself."""


def write_config(folder: Path, body: str, **top: float) -> Config:
    """The .leakscan.toml a user would write (``[verify]`` limits kept short for tests), loaded as a scan loads it."""
    limits = {"backoff": 0.01, "timeout": 2, "rate_limit": 200, **top}
    path = folder / ".leakscan.toml"
    path.write_text("[verify]\n" + "".join(f"{k} = {v}\n" for k, v in limits.items()) + body, encoding="utf-8")
    return load_config(path)


def glomo_source(*keys: str) -> str:
    return "".join(f'GLOMO_SECRET_KEY_{i} = "{key}"\n' for i, key in enumerate(keys))


def findings_of(text: str, config: Config, path: str = "app/server.py") -> list[Finding]:
    return scan_text(text, path, config).findings


def signature_line(age: int, seed: int = 1) -> str:
    return f'headers = {{"X-REQUEST-SIGNATURE": "{secrets.eth_signature_header(int(time.time()) - age, seed)}"}}\n'
