"""Columns on very long lines are the same in logs (windows) as in scan (whole file), even when a
window's overlap begins inside a UTF-8 character (found by fuzzing: 1-2 columns off)."""

from __future__ import annotations

import pytest

import leakscan
from leakscan.scans.logs import (
    scan_logs,  # leakscan.scans.logs names the module once it is imported
)
from testing import secrets

HEX = secrets.hex_key(131)


@pytest.mark.parametrize("shift", range(4))
@pytest.mark.parametrize("char", ["é", "✓", "𝄞"])
def test_logs_and_scan_agree_on_columns_inside_multibyte_text(tmp_path, shift, char):
    line = "x" * shift + char * 3000 + f" PRIVATE_KEY={HEX} " + char * 50 + f" SIGNER_KEY={secrets.hex_key(132)}\n"
    data = ("start\n" + line + "end\n").encode()
    (tmp_path / "a.log").write_bytes(data)
    expected = sorted((f.line, f.column, f.end_column) for f in leakscan.scan_bytes(data, "a.log").findings)
    for chunk, overlap in ((2048, 1000), (3001, 1499), (4096, 2047)):
        got = sorted((f.line, f.column, f.end_column)
                     for f in scan_logs([str(tmp_path / "a.log")], chunk=chunk, overlap=overlap).findings)
        assert got == expected, (chunk, overlap)
