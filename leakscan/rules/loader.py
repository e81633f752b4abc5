"""Code that loads and checks the rule *data* (the TOML files under ``rules/``).

A rule file holds ``[[rules]]`` tables; the same schema is accepted under
``[[rules]]`` in ``.leakscan.toml`` / ``[tool.leakscan]``.  Everything is
validated once here, so later stages can trust a :class:`Rule`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from leakscan.errors import ConfigError
from leakscan.model import SEVERITIES, Example, Rule
from leakscan.validate import REGISTRY as VALIDATORS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_ID = regex.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
_FIELDS = {
    "id", "title", "description", "severity", "keywords", "regex", "prefilter", "validator",
    "remediation", "references", "examples", "negative_examples", "known_misses", "precedence",
    "tags", "refines", "multiline",
}


def _compile(pattern: str) -> Any:  # a regex.Pattern
    return regex.compile(pattern.encode())  # the regex package keeps its own cache of compiled patterns


def builtin_rule_files() -> list[Path]:
    """The rule files shipped in the wheel, or the repository's ``rules/`` in a checkout."""
    try:
        root = resources.files("leakscan.builtin_rules")
        files = sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".toml"))
        if files:
            return files
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    files = sorted((Path(__file__).resolve().parents[2] / "rules").glob("*.toml"))
    if not files:  # a broken install must not scan with no rules and report "0 findings"
        raise ConfigError("built-in rules", "no rule files found: reinstall leakscan (they ship in the wheel)")
    return files


def load_builtin_rules() -> list[Rule]:
    """The shipped rules.  Their regexes are not compiled here: ``rules check`` and the test suite
    hold them valid, and compiling all of them cost the pre-commit hook ~30 ms on every commit
    (a rule's regex is compiled when it first has something to match)."""
    rules: list[Rule] = []
    for path in builtin_rule_files():
        rules.extend(load_rule_file(path, checked=False))
    return check_unique(rules, "built-in rules")


def load_rule_file(path: Path, checked: bool = True) -> list[Rule]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"invalid TOML: {exc}") from None
    return parse_rules(data.get("rules", []), str(path), checked)


def parse_rules(tables: Any, source: str, checked: bool = True) -> list[Rule]:
    """``checked``: compile each regex now, so a user's bad rule is one clear error at load."""
    if not isinstance(tables, list):
        raise ConfigError(source, "'rules' must be an array of tables ([[rules]])")
    return [parse_rule(t, source, i, checked) for i, t in enumerate(tables)]


def check_unique(rules: Iterable[Rule], source: str) -> list[Rule]:
    seen: set[str] = set()
    out = list(rules)
    for rule in out:
        if rule.id in seen:
            raise ConfigError(source, "duplicate rule id", rule=rule.id, field="id")
        seen.add(rule.id)
    for rule in out:
        if unknown := [r for r in rule.refines if r not in seen or r == rule.id]:
            raise ConfigError(rule.source, f"no other rule has id {unknown[0]!r}", rule=rule.id, field="refines")
    return out


def parse_rule(table: Any, source: str, index: int, checked: bool = True) -> Rule:
    if not isinstance(table, dict):
        raise ConfigError(source, f"rules[{index}] must be a table")
    rid = table.get("id")
    name = rid if isinstance(rid, str) else f"#{index + 1}"
    if not isinstance(rid, str) or not _ID.match(rid):
        raise ConfigError(source, "must be lowercase letters, digits and '-'", rule=name, field="id")
    unknown = sorted(set(table) - _FIELDS)
    if unknown:
        raise ConfigError(source, f"unknown field (known: {', '.join(sorted(_FIELDS))})", rid, unknown[0])

    def text(key: str, required: bool = True, default: str = "") -> str:
        value = table.get(key, None if required else default)
        if not isinstance(value, str) or (required and not value.strip()):
            raise ConfigError(source, "must be a non-empty string", rid, key)
        return value

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(source, "must be an array of strings", rid, key)
        return tuple(value)

    severity = text("severity")
    if severity not in SEVERITIES:
        raise ConfigError(source, f"must be one of {', '.join(SEVERITIES)}", rid, "severity")
    validator = text("validator", required=False, default="none")
    if validator not in VALIDATORS:
        raise ConfigError(source, f"unknown validator (known: {', '.join(VALIDATORS)})", rid, "validator")
    pattern = text("regex")
    prefilter = table.get("prefilter")
    if checked:
        _check_regex(pattern, source, rid, "regex")
    if prefilter is not None and checked:
        _check_regex(text("prefilter"), source, rid, "prefilter")
    precedence = table.get("precedence", 0)
    if not isinstance(precedence, int) or isinstance(precedence, bool):
        raise ConfigError(source, "must be an integer", rid, "precedence")
    multiline = table.get("multiline", False)
    if not isinstance(multiline, bool):
        raise ConfigError(source, "must be true or false", rid, "multiline")
    return Rule(
        id=rid,
        title=text("title"),
        description=text("description", required=False, default=""),
        severity=severity,
        regex=pattern,
        validator=validator,
        keywords=tuple(k.lower() for k in strings("keywords")),
        prefilter=prefilter,
        remediation=text("remediation", required=False, default=""),
        references=strings("references"),
        tags=strings("tags"),
        precedence=precedence,
        refines=strings("refines"),
        examples=_examples(table, "examples", source, rid),
        negative_examples=_examples(table, "negative_examples", source, rid),
        known_misses=_examples(table, "known_misses", source, rid),
        source=source,
        multiline=multiline,
    )


def _check_regex(pattern: str, source: str, rid: str, key: str) -> None:
    try:
        compiled = _compile(pattern)
    except regex.error as exc:
        raise ConfigError(source, f"invalid regex: {exc}", rid, key) from None
    if key == "regex" and compiled.groups and "secret" not in compiled.groupindex:
        raise ConfigError(source, "a regex with groups must name the secret (?P<secret>…)", rid, key)


def _examples(table: Mapping[str, Any], key: str, source: str, rid: str) -> tuple[Example, ...]:
    raw = table.get(key, [])
    if not isinstance(raw, list):
        raise ConfigError(source, "must be an array", rid, key)
    out = []
    for item in raw:
        if isinstance(item, str):
            out.append(Example(text=item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            expect = item.get("expect", {})
            if not isinstance(expect, dict):
                raise ConfigError(source, "'expect' must be a table", rid, key)
            out.append(Example(item["text"], str(item.get("path", "example.txt")), expect))
        else:
            raise ConfigError(source, "each example is a string or a table with 'text'", rid, key)
    return tuple(out)
