"""Timestamps at the edges of the calendar never kill logs or redact (found by fuzzing)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leakscan.validate import logtime
from testing import secrets

EDGES = ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59Z",
         "0001-01-01T00:00:00Z", "[01/Jan/0001:00:00:00 +2359]", "[31/Dec/9999:23:59:59 -2359]",
         "Mon Jan  1 00:00:00 0001", "0000-01-01T00:00:00Z"]


@pytest.mark.parametrize("stamp", EDGES)
def test_edge_stamps_are_a_time_or_none_and_format(stamp):
    parsed = logtime.line_time(f"{stamp} X-REQUEST-SIGNATURE: x".encode())
    if parsed is not None:
        assert isinstance(logtime.signature_facts(1_700_000_000, parsed)["logged_at"], str)


@pytest.mark.parametrize("stamp", EDGES)
@pytest.mark.parametrize("command", ["logs", "redact"])
def test_logs_and_redact_survive_a_signature_line_stamped_at_the_edge(tmp_path, stamp, command):
    header = secrets.eth_signature_header(int(time.time()) - 30)
    (tmp_path / "a.log").write_text(f"{stamp} DEBUG X-REQUEST-SIGNATURE: {header}\nnext line\n")
    proc = subprocess.run([sys.executable, "-m", "leakscan", command, "a.log"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    assert "internal error" not in proc.stderr
    assert header not in proc.stdout
    if command == "redact":
        assert proc.stdout.endswith("next line\n") and "[REDACTED:gluwa-request-signature:" in proc.stdout


@given(st.integers(0, 9999), st.integers(1, 12), st.integers(1, 31), st.integers(0, 23), st.integers(0, 59),
       st.sampled_from(["Z", "", "+23:59", "-23:59", "+0000", "-12", "+14:00"]))
def test_any_iso_stamp_parses_or_is_refused_cleanly(year, month, day, hour, minute, zone):
    line = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00{zone} X-REQUEST-SIGNATURE: x".encode()
    parsed = logtime.line_time(line)
    if parsed is not None:
        logtime.signature_facts(1_700_000_000, parsed)
