"""gluwa-basic-token: Basic <base64 of key:secret>, and what only looks like one."""

from __future__ import annotations

import base64

import pytest

from testing import secrets
from tests.validate.conftest import scan_text


def _basic(text: str, path: str = "client.py"):
    return [f for f in scan_text(text, path) if f.rule_id == "gluwa-basic-token"]


def test_key_and_secret_reported_redacted() -> None:
    token = secrets.basic_token("gk_live_8f3a9c71", "s3cr3t-Vt9qLm2xZ")
    [f] = _basic(f"headers = {{'Authorization': 'Basic {token}'}}  # gluwa\n")
    assert f.validation["api_key"] == "gk****1"
    assert f.validation["api_secret"] == "s3****Z"
    assert f.validation["gluwa_context"] is True
    assert f.secret.reveal() == token


@pytest.mark.parametrize("text", [
    'WWW-Authenticate: Basic realm="api"',
    f"WWW-Authenticate: Basic {secrets.basic_token()}",
    "Basic usage of the client is described below.",
    "Authorization: Basic <token>",
    "Authorization: Basic ${TOKEN}",
    "Authorization: Basic {{token}}",
    "Authorization: Basic xxxxxxxxxxxx",
    f"Authorization: Basic {base64.b64encode(b'no colon here').decode()}",
    f"Authorization: Basic {base64.b64encode(bytes(range(1, 30))).decode()}",
    f"Authorization: Basic {base64.b64encode(b'username:password').decode()}",
    f"Authorization: Basic {base64.b64encode(b':secretonly').decode()}",
])
def test_not_credentials(text: str) -> None:
    assert _basic(text + "\n") == []
