"""``scan`` of text files too large to read whole: windows, bounded memory, the same findings."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from leakscan import scan_paths, scan_text
from leakscan.scans import files as scan_files
from leakscan.scans import large_files
from testing import secrets


def _one_line(rng: random.Random, size: int, rate: float = 0.01) -> str:
    out, n = [], 0
    while n < size:
        piece = f'var a{n}="{rng.getrandbits(120):x}";'
        if rng.random() < rate:
            piece += rng.choice([f'const PRIVATE_KEY="{secrets.hex_key(rng.randrange(1, 90))}";',
                                 f'const GLOMO_SECRET_KEY="{secrets.glomo_key("live", "secret", seed=rng.randrange(1, 90))}";',
                                 f'auth("Basic {secrets.basic_token()}");', f'w="{secrets.wif(rng.randrange(1, 90))}";'])
        out.append(piece)
        n += len(piece)
    return "".join(out)


def _where(findings: list) -> list[tuple[str, str, int, int, int, int, str]]:
    return sorted((f.rule_id, f.severity, f.line, f.column, f.end_line, f.end_column, f.fingerprint) for f in findings)


@pytest.mark.parametrize("newlines", [False, True])
def test_a_file_scanned_in_windows_gives_what_reading_it_whole_gives(tmp_path: Path, monkeypatch, newlines) -> None:
    rng = random.Random(4)
    text = _one_line(rng, 400_000)
    if newlines:
        text = text.replace(";", ";\n", 3000)
    path = tmp_path / "bundle.min.js"
    path.write_text(text)
    whole = scan_text(text, "bundle.min.js")
    monkeypatch.setattr(scan_files, "WINDOWED", 64 * 1024)
    monkeypatch.setattr(large_files, "CHUNK", 32 * 1024)
    windowed = scan_paths([str(path)], ignore=False, jobs=1)
    assert windowed.stats.files_scanned == 1 and windowed.stats.bytes_scanned == len(text)
    assert len(whole.findings) > 10
    assert _where(windowed.findings) == _where(whole.findings)


def test_binary_and_wide_files_keep_the_whole_file_path(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(scan_files, "WINDOWED", 16)
    wide = tmp_path / "a.env"
    wide.write_bytes(f"PRIVATE_KEY={secrets.hex_key(3)}\n".encode("utf-16"))
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\0" * 100)
    result = scan_paths([str(tmp_path)], ignore=False, jobs=1)
    assert [f.rule_id for f in result.findings] == ["hex-private-key"]
    assert [s.reason for s in result.stats.skipped] == ["binary"]


PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)")


@pytest.mark.slow
def test_a_100_mb_single_line_file_is_scanned_in_bounded_memory(tmp_path: Path) -> None:
    """Issue 16 item 11: a 200 MB one-line file took 4.8 GB; now the log windows' ~60 MiB."""
    rng = random.Random(9)
    piece = _one_line(rng, 1 << 20, rate=0.0001).encode()
    path = tmp_path / "dump.json"
    with path.open("wb") as fh:
        for _ in range(100):
            fh.write(piece)
    leakscan = [sys.executable, "-m", "leakscan", "scan", str(path), "--max-file-size", "200000000", "--format",
                "json", "-o", str(tmp_path / "out.json")]
    peak_mib = int(subprocess.run([sys.executable, "-c", PEAK, *leakscan], capture_output=True, text=True,
                                  check=True, env={**os.environ, "LEAKSCAN_NO_CACHE": "1"}).stdout)
    assert peak_mib < 200, peak_mib
    report = json.loads((tmp_path / "out.json").read_text())
    assert len(report["findings"]) == 100 * len(scan_text(piece.decode(), "dump.json").findings)
