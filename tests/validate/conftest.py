from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from leakscan.config import load_config
from leakscan.detect import Detector
from leakscan.model import Finding, Fragment
from leakscan.scans.files import scan_fragments

NOW = 1767225600.0  # 2026-01-01T00:00:00Z


@pytest.fixture(scope="session")
def vectors() -> dict:
    """The providers' published example values (tests/data/seed-vectors.json, allowlisted)."""
    return json.loads((Path(__file__).parents[1] / "data" / "seed-vectors.json").read_text())


def scan_text(text: str, path: str = "example.txt", now: float = NOW) -> list[Finding]:
    """One text through the whole pipeline (suppression included)."""
    return scan_fragments([Fragment(text.encode(), path)], detector=_detector(now)).findings


@lru_cache(maxsize=8)
def _detector(now: float) -> Detector:
    """Compiling the rules is the slow part: once per clock value."""
    return Detector(load_config(None), now=now)
