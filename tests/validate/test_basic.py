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


@pytest.mark.parametrize(("url", "why"), [
    ("postgres://postgres:" + "postgres@db:5432/app", "both"),
    ("amqp://rabbit:" + "rabbit@10.1.2.3/app", "both"),
    ("ws://geth:" + "authpass@localhost:3000", "default or example password"),
    ("redis://cache:" + "Zq8rT2mLx9@127.0.0.1:6379", "local or example host"),
    ("https://svc:" + "Zq8rT2mLx9@api.test/v1", "local or example host"),
])
def test_toy_url_credentials_are_info(url: str, why: str) -> None:
    """Toy pairs never block by default (issue 11: 0 % precise on real repositories before).
    The URLs are joined at run time so the repository's own scan stays empty."""
    [f] = [f for f in scan_text(f"URL = '{url}'\n", "settings.py") if f.rule_id == "url-credentials"]
    assert f.severity == "info" and why in f.validation["corroboration"]


def test_real_looking_url_credentials_still_report() -> None:
    password = "Zq8" + secrets.hex_key(5)[:8]  # made here: the repository's own scan must pass
    [f] = [f for f in scan_text(f"URL = 'amqp://svc:{password}@mq.internal.acme.io/v'\n", "settings.py")
           if f.rule_id == "url-credentials"]
    assert f.severity == "low" and "corroborated" not in f.validation


@pytest.mark.parametrize("url", ["dotenv://:key_1234@dotenv.org/vault", "https://u:password123@h.io/"])
def test_format_examples_are_not_findings(url: str) -> None:
    assert not [f for f in scan_text(f"x = '{url}'\n", "app.js") if f.rule_id == "url-credentials"]
