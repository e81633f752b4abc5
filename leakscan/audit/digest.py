"""The rules/config digest: blobs found clean, and refs found unchanged, hold only under the same one."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from leakscan import __version__


def config_digest(config: str | None, engine: str) -> str:
    """A digest of leakscan's version, the built-in rule files, the config file's settings and the engine."""
    from leakscan.config import load_config
    from leakscan.rules.loader import builtin_rule_files

    cfg = load_config(Path(config) if config else None)
    rules = [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in builtin_rule_files()]
    material = {"tool": __version__, "engine": engine, "rules": rules, "config": cfg.raw}
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()[:32]
