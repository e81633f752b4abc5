"""``.leakscan.toml`` / ``[tool.leakscan]`` in pyproject.toml -> a frozen Config, validated once.

Both places take the same schema::

    [scan]      max_file_size, exclude (gitignore-style globs), disabled_rules, regex_timeout (seconds)
    [[rules]]   extra rules, the schema of rules/*.toml
    [[allowlist]]  reason (required), paths, regexes, stopwords, rules, condition
    [policy]    usage-table rows: "rule[.key_type[.env]]" = {client = …, elsewhere = …}
    [client_side]  globs and switches of the client-side judge (leakscan.policy.settings)
    [verify]    live checks under --verify: endpoints, limits (leakscan.verify.settings)

A mistake gives one line naming the file, the rule or section, and the field.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from leakscan.errors import ConfigError
from leakscan.model import SEVERITIES, ArchiveLimits, Rule
from leakscan.policy.settings import ClientSideSettings
from leakscan.policy.settings import parse as parse_client_side
from leakscan.policy.usage import DEFAULT_TABLE, Row, key_problem, with_overrides
from leakscan.rules.loader import check_unique, load_builtin_rules, parse_rules

if TYPE_CHECKING:  # [verify] is parsed only when present: the hook path stays light
    from leakscan.verify.settings import VerifySettings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_REGEX_TIMEOUT = 5.0  # a rule over its time on a fragment is reported (catastrophic backtracking)
CONFIG_NAMES = (".leakscan.toml", "leakscan.toml")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
_SCAN_KEYS = {"max_file_size", "exclude", "disabled_rules", "regex_timeout", "max_archive_depth", "max_archive_size",
              "max_decode_depth"}
_SECTIONS = {"scan", "rules", "allowlist", "policy", "client_side", "verify"}
_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1000, "kib": 1024, "m": 1024**2, "mb": 1000**2,
          "mib": 1024**2, "g": 1024**3, "gb": 1000**3, "gib": 1024**3}


@dataclass(frozen=True)
class Allowlist:
    """Findings this suppresses, and why. Fields are OR-ed (``condition="all"``: AND-ed)."""

    reason: str
    paths: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    condition: str = "any"


@dataclass(frozen=True)
class Config:
    source: str = "built-in defaults"
    rules: tuple[Rule, ...] = ()
    allowlists: tuple[Allowlist, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    exclude: tuple[str, ...] = ()
    regex_timeout: float = DEFAULT_REGEX_TIMEOUT  # seconds one rule may take on one fragment
    policy: dict[str, Row] = field(default_factory=lambda: dict(DEFAULT_TABLE))
    client_side: ClientSideSettings = field(default_factory=ClientSideSettings)
    verify: VerifySettings | None = None  # None: no [verify] section (the defaults of VerifySettings)
    raw: dict[str, Any] = field(default_factory=dict)
    archives: ArchiveLimits = field(default_factory=ArchiveLimits)
    max_decode_depth: int = 2  # base64 / percent / escapes undone inside each other, at most this deep

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


_MAX_SIZE = 1 << 50  # a petabyte: past any file, and far from float and int overflow


def parse_size(value: Any, source: str, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 < value <= _MAX_SIZE:
            return value
        raise ConfigError(source, "not a size: a number of bytes above 0 and at most 1PiB", field=where)
    text = str(value)
    m = regex.fullmatch(r"\s*([0-9]{1,20}(?:\.[0-9]{1,20})?)\s*([A-Za-z]*)\s*", text) if len(text) < 64 else None
    if not m or m[2].lower() not in _UNITS:
        shown = text if len(text) < 40 else text[:37] + "..."
        raise ConfigError(source, f"not a size: {shown!r} (e.g. 10MiB, at most 1PiB)", field=where)
    size = int(float(m[1]) * _UNITS[m[2].lower()])
    if not 0 < size <= _MAX_SIZE:
        raise ConfigError(source, f"not a size: {text!r} (e.g. 10MiB, at most 1PiB)", field=where)
    return size


def find_config(root: Path) -> Path | None:
    """The config of the scanned tree: beside it, else in a folder above it up to its repository's root.

    Outside a git work tree only the scanned folder itself is looked at, so an
    unrelated config higher up is never picked up.
    """
    base = Path(os.path.abspath(root if root.is_dir() else root.parent))
    chain = [base, *base.parents]
    top = next((i for i, folder in enumerate(chain) if (folder / ".git").exists()), 0)
    for folder in chain[: top + 1]:
        found = _config_in(folder)
        if found is not None:
            return found
    return None


def _config_in(base: Path) -> Path | None:
    """.leakscan.toml, else pyproject's [tool.leakscan], in one folder."""
    for name in CONFIG_NAMES:
        if (base / name).is_file():
            return base / name
    pyproject = base / "pyproject.toml"
    if pyproject.is_file():
        try:
            if "leakscan" in tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}):
                return pyproject
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
    return None


def resolve_config(config: Config | Path | str | None, root: str | Path = ".") -> Config:
    """An explicit Config or file, else the .leakscan.toml / pyproject beside ``root``."""
    if isinstance(config, Config):
        return config
    if config is not None:
        return load_config(Path(config))
    return load_config(find_config(Path(root)))


def load_config(path: Path | None) -> Config:
    if path is None:
        return build_config({}, "built-in defaults")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read: {exc}") from None
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:  # a 5,000-digit number, deep nesting
        raise ConfigError(str(path), f"invalid TOML: {str(exc)[:200]}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("leakscan", {})
    return build_config(data, str(path))


def build_config(data: dict[str, Any], source: str) -> Config:
    unknown = sorted(set(data) - _SECTIONS)
    if unknown:
        raise ConfigError(source, f"unknown section (known: {', '.join(sorted(_SECTIONS))})", field=unknown[0])
    scan = _table(data, "scan", source)
    if unknown := sorted(set(scan) - _SCAN_KEYS):  # a typo must not be ignored
        raise ConfigError(source, f"unknown key (known: {', '.join(sorted(_SCAN_KEYS))})", field=f"scan.{unknown[0]}")
    disabled = set(_strings(scan, "disabled_rules", source, "scan"))
    rules = check_unique([*load_builtin_rules(), *parse_rules(data.get("rules", []), source)], source)
    unknown_ids = disabled - {r.id for r in rules}
    if unknown_ids:
        raise ConfigError(source, f"no such rule: {sorted(unknown_ids)[0]}", field="scan.disabled_rules")
    return Config(
        source=source,
        rules=tuple(r for r in rules if r.id not in disabled),
        allowlists=tuple(_allowlist(a, source, i) for i, a in enumerate(_list(data, "allowlist", source))),
        max_file_size=parse_size(scan.get("max_file_size", DEFAULT_MAX_FILE_SIZE), source, "scan.max_file_size"),
        exclude=_globs(scan, "exclude", source, "scan"),
        regex_timeout=_seconds(scan.get("regex_timeout", DEFAULT_REGEX_TIMEOUT), source, "scan.regex_timeout"),
        policy=_policy(_table(data, "policy", source), source, {r.id for r in rules}),
        client_side=parse_client_side(data.get("client_side", {}), source),
        verify=_verify(data, source),
        raw=data,
        archives=ArchiveLimits(
            max_depth=_count(scan, "max_archive_depth", ArchiveLimits.max_depth, source),
            max_bytes=parse_size(scan.get("max_archive_size", ArchiveLimits.max_bytes), source, "scan.max_archive_size")),
        max_decode_depth=_count(scan, "max_decode_depth", 2, source),
    )


def _seconds(value: Any, source: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 3600:
        raise ConfigError(source, f"expected seconds, a number above 0 and at most 3600, got {value!r}", field=where)
    return float(value)
def _verify(data: dict[str, Any], source: str) -> VerifySettings | None:
    if "verify" not in data:
        return None
    from leakscan.verify.settings import parse

    return parse(data["verify"], source)
def _count(table: dict[str, Any], key: str, default: int, source: str) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
        raise ConfigError(source, "must be a whole number from 0 to 10", field=f"scan.{key}")
    return value


def _table(data: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(source, "must be a table", field=key)
    return value


def _list(data: dict[str, Any], key: str, source: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(source, "must be an array of tables", field=key)
    return value


def _strings(table: dict[str, Any], key: str, source: str, section: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(source, "must be an array of strings", field=f"{section}.{key}")
    return tuple(value)


def _globs(table: dict[str, Any], key: str, source: str, section: str) -> tuple[str, ...]:
    """gitignore-style globs, each one pathspec can compile (a bad one names its field)."""
    from leakscan.sources.ignore import glob_problem

    globs = _strings(table, key, source, section)
    for glob in globs:
        if problem := glob_problem(glob):
            raise ConfigError(source, f"invalid glob {glob!r}: {problem}", field=f"{section}.{key}")
    return globs


def _allowlist(table: Any, source: str, index: int) -> Allowlist:
    where = f"allowlist[{index}]"
    if not isinstance(table, dict):
        raise ConfigError(source, "must be a table", field=where)
    known = {"reason", "description", "paths", "regexes", "stopwords", "rules", "condition"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(source, f"unknown field (known: {', '.join(sorted(known))})", field=f"{where}.{unknown[0]}")
    reason = table.get("reason", table.get("description"))
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(source, "every allowlist needs a reason", field=f"{where}.reason")
    regexes = _strings(table, "regexes", source, where)
    for pattern in regexes:
        try:
            regex.compile(pattern)
        except regex.error as exc:
            raise ConfigError(source, f"invalid regex {pattern!r}: {exc}", field=f"{where}.regexes") from None
    condition = table.get("condition", "any")
    if condition not in ("any", "all"):
        raise ConfigError(source, "must be 'any' or 'all'", field=f"{where}.condition")
    return Allowlist(reason, _globs(table, "paths", source, where), regexes,
                     _strings(table, "stopwords", source, where), _strings(table, "rules", source, where), condition)


def _policy(table: dict[str, Any], source: str, rule_ids: set[str]) -> dict[str, Row]:
    policy: dict[str, Row] = {}
    for key, row in table.items():
        if not isinstance(row, dict) or set(row) - {"client", "elsewhere", "note"}:
            raise ConfigError(source, "a row is {client = SEVERITY, elsewhere = SEVERITY}", field=f"policy.{key}")
        if problem := key_problem(key, rule_ids):
            raise ConfigError(source, problem, field=f"policy.{key}")
        base = DEFAULT_TABLE.get(key, Row("low", "low"))
        client, elsewhere = row.get("client", base.client), row.get("elsewhere", base.elsewhere)
        for name, value in (("client", client), ("elsewhere", elsewhere)):
            if value not in SEVERITIES:
                raise ConfigError(source, f"must be one of {', '.join(SEVERITIES)}", field=f"policy.{key}.{name}")
        policy[key] = Row(client, elsewhere, str(row.get("note", base.note)))
    return with_overrides(DEFAULT_TABLE, policy)
