"""``[verify]`` in .leakscan.toml: defaults, every field, and one clear line for each mistake."""

from __future__ import annotations

import pytest

from leakscan.config import build_config
from leakscan.errors import ConfigError
from leakscan.verify.settings import GLOMO_API, VerifySettings


def test_defaults_call_the_documented_glomo_host_and_nothing_else():
    assert build_config({}, "t").verify is None  # no [verify]: VerifySettings' defaults apply
    settings = build_config({"verify": {}}, "t").verify
    assert settings == VerifySettings()
    assert settings.urls() == [("verify.glomo.base_url", GLOMO_API)]
    assert GLOMO_API.startswith("https://")


def test_every_field():
    settings = build_config({"verify": {
        "timeout": 3, "concurrency": 16, "rate_limit": 2.5, "retries": 0, "backoff": 0,
        "glomo": {"base_url": "https://glomo.example/", "test_base_url": "https://sandbox.glomo.example"},
        "gluwa": {"url": "https://gluwa.example/v1/me", "method": "HEAD", "valid_status": [200],
                  "invalid_status": [401, 403]},
        "evm": {"rpc_url": "https://eth.example/rpc"},
        "bitcoin": {"rpc_url": "https://btc.example/", "network": "testnet"},
    }}, "t").verify
    assert (settings.timeout, settings.concurrency, settings.rate_limit, settings.retries) == (3.0, 16, 2.5, 0)
    assert settings.glomo.base_url == "https://glomo.example"
    assert settings.gluwa is not None and settings.gluwa.invalid_status == (401, 403)
    assert settings.bitcoin is not None and settings.bitcoin.network == "testnet"
    assert len(settings.urls()) == 5


@pytest.mark.parametrize(("verify", "field"), [
    ({"glomo": {"base_url": "https://x", "baseurl": "https://y"}}, "verify.glomo.baseurl"),
    ({"glomoo": {}}, "verify.glomoo"),
    ({"timeout": 0}, "verify.timeout"),
    ({"concurrency": 2.5}, "verify.concurrency"),
    ({"rate_limit": "fast"}, "verify.rate_limit"),
    ({"retries": -1}, "verify.retries"),
    ({"glomo": {"base_url": "api.glomopay.com"}}, "verify.glomo.base_url"),
    ({"gluwa": {"method": "GET"}}, "verify.gluwa.url"),
    ({"gluwa": {"url": "https://g", "method": "DELETE"}}, "verify.gluwa.method"),
    ({"gluwa": {"url": "https://g", "valid_status": [999]}}, "verify.gluwa.valid_status"),
    ({"evm": {}}, "verify.evm.rpc_url"),
    ({"evm": {"rpc_url": "https://e", "network": "testnet"}}, "verify.evm.network"),
    ({"bitcoin": {"rpc_url": "https://b", "wallet": "x"}}, "verify.bitcoin.wallet"),
    ({"evm": "https://e"}, "verify.evm"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_mistakes_name_the_field(verify, field):
    with pytest.raises(ConfigError) as info:
        build_config({"verify": verify}, "cfg.toml")
    assert info.value.field == field
    assert str(info.value).startswith("cfg.toml: field")
