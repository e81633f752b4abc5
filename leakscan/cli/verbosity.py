"""``--verbose``/``--quiet``/``--log-level`` and ``LEAKSCAN_LOG``: how much leakscan says on stderr.

The report itself never changes; these decide the diagnostics around it: at
``error`` (``--quiet``) no summary or warning lines, at ``info`` (``-v``) what was
scanned with which config and engine, at ``debug`` (``-vv``) each skipped file and
each suppressed finding with its reason.  Log lines carry counts, paths and
reasons, never a secret.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from leakscan.errors import UsageError

if TYPE_CHECKING:
    import logging

LEVELS = ("debug", "info", "warning", "error")
ENV = "LEAKSCAN_LOG"


def level_name(verbose: int, quiet: bool, log_level: str | None) -> str:
    """--log-level, else -q/-v, else LEAKSCAN_LOG, else warning."""
    if log_level:
        return log_level.lower()
    if quiet:
        return "error"
    if verbose:
        return "debug" if verbose > 1 else "info"
    env = os.environ.get(ENV, "").strip().lower()
    if env and env not in LEVELS:
        raise UsageError(f"{ENV}={env}: expected one of {', '.join(LEVELS)}")
    return env or "warning"


def configure(name: str) -> logging.Logger:
    """The ``leakscan`` logger, writing ``leakscan: <level>: <message>`` lines to stderr at ``name``."""
    import logging  # only with -v: the hook's start-up does without it

    logger = logging.getLogger("leakscan")
    logger.setLevel(name.upper())
    handler = next((h for h in logger.handlers if getattr(h, "_leakscan_cli", False)), None)
    if handler is None:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("leakscan: %(levelname)s: %(message)s"))
        handler._leakscan_cli = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.propagate = False
    if isinstance(handler, logging.StreamHandler):
        handler.setStream(sys.stderr)  # main() may run more than once in a process (tests)
    return logger
