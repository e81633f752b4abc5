"""The ``[client_side]`` section of ``.leakscan.toml`` -> frozen settings for the client-side judge.

::

    [client_side]
    enabled = true                      # false: every finding is judged not client-side
    client_paths = ["apps/widget/**"]   # extra globs judged client-side (beat the built-in folders)
    server_paths = ["apps/api/**"]      # extra globs judged server-side
    default_paths = true                # false: only the globs above, none of the built-in ones
    public_prefixes = ["MYAPP_PUBLIC_"] # extra build-time public variable prefixes
    content = true                      # false: ignore directives, browser globals, inline <script>

Parsed once when the configuration loads, so a mistake is one line naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from leakscan.errors import ConfigError
from leakscan.policy.globs import compile_glob

_KNOWN = ("enabled", "client_paths", "server_paths", "default_paths", "public_prefixes", "content")
_PREFIX = regex.compile(r"[A-Za-z][A-Za-z0-9_]*_")


@dataclass(frozen=True)
class ClientSideSettings:
    enabled: bool = True
    client_paths: tuple[str, ...] = ()
    server_paths: tuple[str, ...] = ()
    default_paths: bool = True
    public_prefixes: tuple[str, ...] = ()
    content: bool = True


def parse(table: Any, source: str) -> ClientSideSettings:
    if not isinstance(table, dict):
        raise ConfigError(source, "must be a table", field="client_side")
    unknown = sorted(set(table) - set(_KNOWN))
    if unknown:
        raise ConfigError(source, f"unknown field (known: {', '.join(_KNOWN)})", field=f"client_side.{unknown[0]}")
    prefixes = _strings(table, "public_prefixes", source)
    for prefix in prefixes:
        if not _PREFIX.fullmatch(prefix):
            raise ConfigError(source, f"not a variable prefix ending in '_': {prefix!r}",
                              field="client_side.public_prefixes")
    return ClientSideSettings(
        enabled=_bool(table, "enabled", source),
        client_paths=_globs(table, "client_paths", source),
        server_paths=_globs(table, "server_paths", source),
        default_paths=_bool(table, "default_paths", source),
        public_prefixes=prefixes,
        content=_bool(table, "content", source),
    )


def _bool(table: dict[str, Any], key: str, source: str) -> bool:
    value = table.get(key, True)
    if not isinstance(value, bool):
        raise ConfigError(source, "must be true or false", field=f"client_side.{key}")
    return value


def _strings(table: dict[str, Any], key: str, source: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(source, "must be an array of non-empty strings", field=f"client_side.{key}")
    return tuple(value)


def _globs(table: dict[str, Any], key: str, source: str) -> tuple[str, ...]:

    globs = _strings(table, key, source)
    for glob in globs:
        try:
            compile_glob(glob)
        except ValueError as exc:
            raise ConfigError(source, f"invalid glob {glob!r}: {exc}", field=f"client_side.{key}") from None
    return globs
