"""Allowlist paths are relative to the folder of the config that holds them.

Reported paths are relative to where the scan started (``leakscan scan ..``
gives ``../fixtures/k.env``); an allowlist written beside the config says
``fixtures/**``.  This maps a reported path to the config-relative one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from leakscan.config import Config


def config_relative(config: Config, opened: Mapping[str, str]) -> Callable[[str], str] | None:
    """``reported path -> path relative to the config's folder``; None for the built-in defaults.

    ``opened`` maps each reported path to the path the file was opened by.
    """
    if not os.path.isfile(config.source):
        return None
    base = os.path.dirname(os.path.abspath(config.source))

    def locate(reported: str) -> str:
        real = opened.get(reported)
        if real is None:
            return reported
        rel = os.path.relpath(os.path.abspath(real), base)
        return reported if rel.startswith("..") else rel.replace(os.sep, "/")

    return locate
