"""leakscan: finds Glomo and Gluwa credentials and the crypto keys behind them.

The public library API (see docs/api.md).  Names are imported on first use, so
``import leakscan`` stays light and the pre-commit hook starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

# public name -> the module that defines it
_API = {
    "scan_text": "leakscan.scans.files",
    "scan_bytes": "leakscan.scans.files",
    "scan_paths": "leakscan.scans.files",
    "scan_fragments": "leakscan.scans.files",
    "scan_history": "leakscan.scans.history",
    "scan_range": "leakscan.scans.commits",
    "scan_staged": "leakscan.scans.commits",
    "scan_logs": "leakscan.scans.logs",
    "Finding": "leakscan.model",
    "Fragment": "leakscan.model",
    "ScanResult": "leakscan.model",
    "ScanStats": "leakscan.model",
    "Secret": "leakscan.model",
    "Skipped": "leakscan.model",
    "Suppressed": "leakscan.model",
    "Config": "leakscan.config",
    "LeakscanError": "leakscan.errors",
}

__all__ = [
    "Config", "Finding", "Fragment", "LeakscanError", "ScanResult", "ScanStats", "Secret", "Skipped",
    "Suppressed", "__version__", "scan_bytes", "scan_fragments", "scan_history", "scan_logs", "scan_paths",
    "scan_range", "scan_staged", "scan_text",
]

if TYPE_CHECKING:
    from leakscan.config import Config
    from leakscan.errors import LeakscanError
    from leakscan.model import Finding, Fragment, ScanResult, ScanStats, Secret, Skipped, Suppressed
    from leakscan.scans.commits import scan_range, scan_staged
    from leakscan.scans.files import scan_bytes, scan_fragments, scan_paths, scan_text
    from leakscan.scans.history import scan_history
    from leakscan.scans.logs import scan_logs


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'leakscan' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
