"""Baselines: the findings a team has accepted, so a gate reports only what is new.

Identity is the finding's fingerprint (rule id + secret, hashed), so an entry
survives edits, moves and history rewrites; "new since the baseline" is a set
difference.  The file holds no secrets, no line numbers, no timestamps, and is
written sorted with fixed formatting, so re-creating it from the same tree
gives the same bytes and two branches rarely conflict over it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from leakscan.errors import ConfigError
from leakscan.model import Finding
from leakscan.suppress import stored

BASELINE_NAME = stored.BASELINE_NAME
VERSION = 1
DEFAULT_REASON = "present when the baseline was created"
SCOPES = ("files", "git")
_HEX = set("0123456789abcdef")


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    rule_id: str
    paths: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...] = ()
    source: str = BASELINE_NAME
    scope: str = "files"  # or "git": what `baseline update` must rescan to judge entries

    def get(self, fingerprint: str) -> BaselineEntry | None:
        return self.by_fingerprint().get(fingerprint)

    def by_fingerprint(self) -> dict[str, BaselineEntry]:
        return {e.fingerprint: e for e in self.entries}


def _sorted(entries: Iterable[BaselineEntry]) -> tuple[BaselineEntry, ...]:
    return tuple(sorted(entries, key=lambda e: (e.rule_id, e.fingerprint)))


def from_findings(findings: Iterable[Finding], reason: str = DEFAULT_REASON, source: str = BASELINE_NAME,
                  scope: str = "files") -> Baseline:
    """One entry per distinct secret, with every path it was seen at."""
    rules: dict[str, str] = {}
    paths: dict[str, set[str]] = {}
    for f in findings:
        rules[f.fingerprint] = f.rule_id
        paths.setdefault(f.fingerprint, set()).add(f.path)
    entries = (BaselineEntry(fp, rules[fp], tuple(sorted(paths[fp])), reason) for fp in rules)
    return Baseline(_sorted(entries), source, scope)


def carry_reasons(new: Baseline, old: Baseline) -> Baseline:
    """Re-creating a baseline keeps the reasons people wrote for entries already there."""
    reasons = {e.fingerprint: e.reason for e in old.entries}
    return Baseline(tuple(replace(e, reason=reasons.get(e.fingerprint, e.reason)) for e in new.entries),
                    new.source, new.scope)


def dumps(baseline: Baseline) -> str:
    doc = {
        "version": VERSION,
        "tool": "leakscan",
        "scope": baseline.scope,
        "entries": [{"fingerprint": e.fingerprint, "rule_id": e.rule_id, "paths": list(e.paths),
                     "reason": e.reason} for e in _sorted(baseline.entries)],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def save(baseline: Baseline, path: str | Path) -> None:
    """Write the whole file beside the old one, fsync it, and rename it over: a reader (or a crash)
    sees the old baseline or the new one, never half of one."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(dumps(baseline))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise ConfigError(str(path), f"cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()


@contextlib.contextmanager
def locked(path: str | Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the baseline's folder locked (``flock``) from reading the baseline to writing it back, so two
    runs at once take turns instead of the last writer dropping what the first wrote. The folder, not the
    file: the file is replaced on each save. ``waiting`` is called once if another run holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock, the atomic replace still holds
        yield
        return
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise ConfigError(str(path), f"cannot lock its folder: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def load(path: str | Path) -> Baseline:
    source = str(path)
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(source, "no such baseline file (create one with: leakscan baseline create)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, f"cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(source, f"not JSON: {exc}") from None
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, arrays nested 100,000 deep
        raise ConfigError(source, f"not a leakscan baseline: {str(exc)[:160]}") from None
    version = doc.get("version") if isinstance(doc, dict) else None
    if isinstance(version, bool) or version != VERSION or not isinstance(doc.get("entries"), list):
        raise ConfigError(source, f"not a leakscan baseline (version {VERSION} with an entries list)")
    scope = doc.get("scope", "files")
    if scope not in SCOPES:
        raise ConfigError(source, f"must be one of {', '.join(SCOPES)}", field="scope")
    return Baseline(_sorted(_entry(e, source, i) for i, e in enumerate(doc["entries"])), source, scope)


def _entry(item: Any, source: str, index: int) -> BaselineEntry:
    where = f"entries[{index}]"
    if not isinstance(item, dict):
        raise ConfigError(source, "must be an object", field=where)
    fp = item.get("fingerprint")
    if not isinstance(fp, str) or len(fp) != 64 or not set(fp) <= _HEX:
        raise ConfigError(source, "must be 64 lowercase hex digits", field=f"{where}.fingerprint")
    paths = item.get("paths", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise ConfigError(source, "must be a list of strings", field=f"{where}.paths")
    return BaselineEntry(fp, str(item.get("rule_id", "")), tuple(sorted(set(paths))),
                         str(item.get("reason") or DEFAULT_REASON))


@dataclass(frozen=True)
class Update:
    baseline: Baseline
    removed: tuple[BaselineEntry, ...]
    added: tuple[BaselineEntry, ...]


def update(baseline: Baseline, findings: Iterable[Finding], add_new: bool = False,
           reason: str = DEFAULT_REASON) -> Update:
    """Drop entries no finding matches any more; refresh paths; add new findings only when asked."""
    current = from_findings(findings, reason, source=baseline.source).by_fingerprint()
    kept, removed = [], []
    for entry in baseline.entries:
        now = current.get(entry.fingerprint)
        if now is None:
            removed.append(entry)
        else:
            kept.append(replace(entry, paths=now.paths))
    old = baseline.by_fingerprint()
    added = [e for fp, e in current.items() if fp not in old] if add_new else []
    merged = Baseline(_sorted([*kept, *added]), baseline.source, baseline.scope)
    return Update(merged, _sorted(removed), _sorted(added))
