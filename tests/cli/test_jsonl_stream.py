"""``--format jsonl`` streams: each finding is written once it is final (suppression decided),
while the input is still being read; the lines are the findings the report would hold."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

from leakscan import scan_logs, scan_paths
from testing import secrets

ROOT = Path(__file__).resolve().parents[2]
LIVE = secrets.glomo_key(seed=141)
ALLOWED = secrets.glomo_key(seed=142)


def _readline(proc: subprocess.Popen[bytes], timeout: float) -> bytes:
    """A line of the child's stdout within ``timeout`` seconds, else b"" (it was not streamed)."""
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    buf = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in buf and time.monotonic() < deadline:
        if sel.select(deadline - time.monotonic()):
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            buf += chunk
    return buf


def test_a_finding_reaches_the_pipe_while_the_log_is_still_open(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "leakscan", "logs", "-", "--format", "jsonl"], cwd=tmp_path,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdin is not None
    try:
        proc.stdin.write(f"GET /pay Authorization: Bearer {ALLOWED} leakscan:allow glomo-api-key fixture\n".encode())
        proc.stdin.write(f"2026-12-01T10:00:00Z GET /pay Authorization: Bearer {LIVE}\n".encode())
        proc.stdin.flush()
        line = _readline(proc, 60)  # stdin stays open: only a stream can have written this
        assert line, "no finding streamed before the end of input"
        record = json.loads(line)
        assert record["rule_id"] == "glomo-api-key" and record["line"] == 2  # the suppressed one never shows
        assert LIVE not in line.decode()
    finally:
        proc.stdin.close()
        proc.stdin = None  # closed: communicate only reads what is left
        rest, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    assert rest == b"" and b"1 finding" in err  # nothing written twice; the summary on stderr


def test_streamed_findings_are_the_reports(tmp_path: Path) -> None:
    (tmp_path / "a.env").write_text(f"GLOMO_SECRET_KEY={LIVE}\nOTHER={ALLOWED}  # leakscan:allow\n")
    (tmp_path / "b.log").write_text(f"Bearer {LIVE}\n" * 3)
    for run in (lambda sink: scan_paths([str(tmp_path)], on_final=sink, jobs=1),
                lambda sink: scan_logs([str(tmp_path / "b.log")], on_final=sink)):
        got: list[object] = []
        result = run(got.append)
        assert sorted(got, key=repr) == sorted(result.findings, key=repr) and got


def test_jsonl_to_a_file_streams_and_the_summary_goes_to_stderr(leakscan, tmp_path: Path) -> None:
    (tmp_path / "a.env").write_text(f"GLOMO_SECRET_KEY={LIVE}\n")
    run = leakscan("scan", ".", "--format", "jsonl", "--output", "out.jsonl", "--show-suppressed", cwd=tmp_path)
    assert run.returncode == 1 and run.stdout == ""
    [record] = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert record["path"] == "a.env" and "1 finding" in run.stderr
