"""``--exclude``, ``--disable-rule``, ``--enable-rule`` and the depth options: the scanned tree's config
with command-line changes.

Without them the config stays a path (or None), resolved by the library beside
the scanned tree as always; with them it is loaded from the same place, changed,
and validated again, so a mistyped rule id is one clear error line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leakscan.config import Config, build_config, find_config, load_config
from leakscan.errors import UsageError


def apply_overrides(config: str | None, root: str, exclude: tuple[str, ...], disable: tuple[str, ...],
                    enable: tuple[str, ...], depths: dict[str, int] | None = None) -> str | Config | None:
    """``enable`` keeps only those rules (as gitleaks' ``--enable-rule``); ``disable`` drops rules;
    ``depths`` sets ``[scan] max_archive_depth`` / ``max_decode_depth`` (``--max-…-depth``)."""
    if not (exclude or disable or enable or depths):
        return config
    loaded = load_config(Path(config) if config else find_config(Path(root)))
    known = {r.id for r in build_config({k: v for k, v in loaded.raw.items() if k == "rules"}, loaded.source).rules}
    for flag, ids in (("--disable-rule", disable), ("--enable-rule", enable)):
        if unknown := sorted(set(ids) - known):
            raise UsageError(f"{flag}: no such rule: {unknown[0]} (see leakscan rules list)")
    data: dict[str, Any] = {**loaded.raw}
    scan = dict(data.get("scan", {}))
    disabled = set(scan.get("disabled_rules", [])) | set(disable)
    if enable:
        disabled = (known - set(enable)) | set(disable)
    scan["disabled_rules"] = sorted(disabled)
    scan["exclude"] = [*scan.get("exclude", []), *exclude]
    scan.update(depths or {})
    data["scan"] = scan
    return build_config(data, loaded.source)
