"""The compiled Hyperscan database is cached per rule set, and a bad cache file is only a slower start."""

from __future__ import annotations

from pathlib import Path

import pytest

from leakscan.config import load_config
from leakscan.engine import hsdb
from leakscan.engine.matcher import compile_rules, hyperscan_available
from testing import secrets

pytestmark = pytest.mark.skipif(not hyperscan_available(), reason="Hyperscan not installed")


def _found(data: bytes) -> list[str]:
    return [m.rule_id for m in compile_rules(load_config(None).rules, "hyperscan").scan(data)]


def test_cache_is_written_then_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("LEAKSCAN_NO_CACHE", raising=False)
    data = f"PRIVATE_KEY={secrets.hex_key(7)}".encode()
    assert _found(data) == ["hex-private-key"]
    [cached] = (tmp_path / "leakscan").glob("hyperscan-*.db")
    calls = []
    monkeypatch.setattr(hsdb, "_compile", lambda plan: calls.append(plan))
    assert _found(data) == ["hex-private-key"]
    assert calls == []  # loaded, not compiled
    assert cached.is_file()


def test_damaged_cache_is_recompiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("LEAKSCAN_NO_CACHE", raising=False)
    data = f"PRIVATE_KEY={secrets.hex_key(8)}".encode()
    _found(data)
    [cached] = (tmp_path / "leakscan").glob("hyperscan-*.db")
    cached.write_bytes(b"not a database")
    assert _found(data) == ["hex-private-key"]


def test_unwritable_cache_still_scans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the folder should be
    assert _found(f"PRIVATE_KEY={secrets.hex_key(9)}".encode()) == ["hex-private-key"]
