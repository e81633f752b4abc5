"""``[verify]`` in .leakscan.toml -> frozen settings for the live checks, validated once.

Kept apart from the checks themselves (no network imports) because every scan
reads its config, and the hook must stay light::

    [verify]          timeout, concurrency, rate_limit (requests/s per host), retries, backoff
    [verify.glomo]    base_url, test_base_url
    [verify.gluwa]    url, method, valid_status, invalid_status
    [verify.evm]      rpc_url
    [verify.bitcoin]  rpc_url, network

Unknown keys are rejected, so a typo never reads as "not configured".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from leakscan.errors import ConfigError

GLOMO_API = "https://api.glomopay.com"  # the host the Glomo document's ping example calls
_METHODS = ("GET", "HEAD", "POST")


@dataclass(frozen=True)
class GlomoSettings:
    base_url: str = GLOMO_API
    test_base_url: str | None = None  # test keys go here when the provider separates them


@dataclass(frozen=True)
class GluwaSettings:
    url: str
    method: str = "GET"
    valid_status: tuple[int, ...] = (200, 201, 202, 204)
    invalid_status: tuple[int, ...] = (401,)


@dataclass(frozen=True)
class ChainSettings:
    rpc_url: str
    network: str = "mainnet"


@dataclass(frozen=True)
class VerifySettings:
    timeout: float = 10.0
    concurrency: int = 8
    rate_limit: float = 5.0  # requests per second to any one host
    retries: int = 2  # after the first try, on 429 and 5xx
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    glomo: GlomoSettings = field(default_factory=GlomoSettings)
    gluwa: GluwaSettings | None = None
    evm: ChainSettings | None = None
    bitcoin: ChainSettings | None = None

    def urls(self) -> list[tuple[str, str]]:
        """(setting name, URL) of every endpoint a check may call."""
        out = [("verify.glomo.base_url", self.glomo.base_url)]
        if self.glomo.test_base_url:
            out.append(("verify.glomo.test_base_url", self.glomo.test_base_url))
        for name, value in (("verify.gluwa.url", self.gluwa and self.gluwa.url),
                            ("verify.evm.rpc_url", self.evm and self.evm.rpc_url),
                            ("verify.bitcoin.rpc_url", self.bitcoin and self.bitcoin.rpc_url)):
            if value:
                out.append((name, value))
        return out


_TOP = {"timeout": float, "concurrency": int, "rate_limit": float, "retries": int, "backoff": float}
_PROVIDERS = {"glomo", "gluwa", "evm", "bitcoin"}


def parse(data: Any, source: str) -> VerifySettings:
    table = _table(data, source, "verify", set(_TOP) | _PROVIDERS)
    numbers: dict[str, Any] = {}
    for key, kind in _TOP.items():
        if key in table:
            numbers[key] = _number(table[key], kind, source, f"verify.{key}", minimum=0 if key in
                                   ("retries", "backoff") else None)
    glomo = _table(table.get("glomo", {}), source, "verify.glomo", {"base_url", "test_base_url"})
    return VerifySettings(
        **numbers,
        glomo=GlomoSettings(_url(glomo.get("base_url", GLOMO_API), source, "verify.glomo.base_url"),
                            _url(glomo["test_base_url"], source, "verify.glomo.test_base_url")
                            if "test_base_url" in glomo else None),
        gluwa=_gluwa(table["gluwa"], source) if "gluwa" in table else None,
        evm=_chain(table["evm"], source, "evm", ("mainnet",)) if "evm" in table else None,
        bitcoin=_chain(table["bitcoin"], source, "bitcoin", ("mainnet", "testnet")) if "bitcoin" in table else None,
    )


def _gluwa(data: Any, source: str) -> GluwaSettings:
    table = _table(data, source, "verify.gluwa", {"url", "method", "valid_status", "invalid_status"})
    if "url" not in table:
        raise ConfigError(source, "the endpoint to call with the Basic token is required", field="verify.gluwa.url")
    method = table.get("method", "GET")
    if method not in _METHODS:
        raise ConfigError(source, f"must be one of {', '.join(_METHODS)}", field="verify.gluwa.method")
    base = GluwaSettings(url="")
    return GluwaSettings(
        url=_url(table["url"], source, "verify.gluwa.url"), method=method,
        valid_status=_statuses(table.get("valid_status", list(base.valid_status)), source, "valid_status"),
        invalid_status=_statuses(table.get("invalid_status", list(base.invalid_status)), source, "invalid_status"),
    )


def _chain(data: Any, source: str, name: str, networks: tuple[str, ...]) -> ChainSettings:
    where = f"verify.{name}"
    table = _table(data, source, where, {"rpc_url", "network"})
    if "rpc_url" not in table:
        raise ConfigError(source, "the JSON-RPC endpoint is required", field=f"{where}.rpc_url")
    network = table.get("network", "mainnet")
    if network not in networks:
        raise ConfigError(source, f"must be one of {', '.join(networks)}", field=f"{where}.network")
    return ChainSettings(_url(table["rpc_url"], source, f"{where}.rpc_url"), network)


def _table(data: Any, source: str, where: str, known: set[str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ConfigError(source, "must be a table", field=where)
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(source, f"unknown key (known: {', '.join(sorted(known))})", field=f"{where}.{unknown[0]}")
    return data


def _number(value: Any, kind: type, source: str, where: str, minimum: float | None) -> Any:
    ok_type = isinstance(value, int) if kind is int else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok_type or (value < minimum if minimum is not None else value <= 0):
        bound = f">= {minimum}" if minimum is not None else "> 0"
        raise ConfigError(source, f"must be a{'n integer' if kind is int else ' number'} {bound}", field=where)
    return kind(value)


def _url(value: Any, source: str, where: str) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(source, "must be an http(s) URL with a host", field=where)
    return str(value).rstrip("/")


def _statuses(value: Any, source: str, name: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not value or not all(
            isinstance(v, int) and not isinstance(v, bool) and 100 <= v <= 599 for v in value):
        raise ConfigError(source, "must be a list of HTTP status codes", field=f"verify.gluwa.{name}")
    return tuple(value)
