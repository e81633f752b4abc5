"""``leakscan redact``: secrets replaced, every other byte identical, streaming, safe in place."""

from __future__ import annotations

import gzip
import io
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from leakscan.config import resolve_config
from leakscan.detect import Detector
from leakscan.findings import fingerprint
from leakscan.scans import redact as redact_stream
from leakscan.sources import logs
from testing import secrets

KEY = secrets.glomo_key("live", "secret")
HEX = secrets.hex_key(9)
BASIC = secrets.basic_token()


def marker(rule: str, secret: str) -> bytes:
    return f"[REDACTED:{rule}:{fingerprint(rule, secret)[:8]}]".encode()


def sample() -> tuple[bytes, bytes]:
    """(a log, the same log redacted by hand): CRLF, bad UTF-8, a binary line, JSON escapes, long lines."""
    escaped_key = KEY.replace("e", "\\u0065")
    parts = [
        (b"2024-05-01T12:00:00Z start \xff\xfe not utf-8\r\n", None),
        (b"auth: Bearer ", None), (KEY.encode(), ("glomo-api-key", KEY)), (b"\r\n", None),
        (b'{"msg":"Authorization: Bearer ', None), (escaped_key.encode(), ("glomo-api-key", KEY)), (b'"}\n', None),
        (b"\0\0\0 binary PRIVATE_KEY=", None), (HEX.encode(), ("hex-private-key", HEX)), (b" \0\n", None),
        (b"x" * 70_000 + b" PRIVATE_KEY=", None), (HEX.encode(), ("hex-private-key", HEX)), (b"\n", None),
        (b"Authorization: Basic ", None), (BASIC.encode(), ("gluwa-basic-token", BASIC)),
        (b" and no newline at the end", None),
    ]
    original = b"".join(p for p, _ in parts)
    redacted = b"".join(marker(*s) if s else p for p, s in parts)
    return original, redacted


def redact_cli(cwd: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "leakscan", "redact", *args], cwd=cwd, input=stdin,
                          capture_output=True)


def test_stdout_copy_is_byte_identical_but_for_the_secrets(tmp_path: Path) -> None:
    original, want = sample()
    (tmp_path / "app.log").write_bytes(original)
    proc = redact_cli(tmp_path, "app.log")
    assert proc.returncode == 0 and proc.stdout == want
    assert b"redacted 5 secrets (2 glomo-api-key, 1 gluwa-basic-token, 2 hex-private-key)" in proc.stderr


def test_stdin_to_output_file(tmp_path: Path) -> None:
    original, want = sample()
    proc = redact_cli(tmp_path, "-", "-o", "clean.log", stdin=original)
    assert proc.returncode == 0 and (tmp_path / "clean.log").read_bytes() == want and proc.stdout == b""


def test_small_windows_cut_through_secrets_and_bytes_stay_exact() -> None:
    original, want = sample()
    detector = Detector(resolve_config(os.devnull))
    for chunk in (1024, 1500, 2049, 4096):
        out = io.BytesIO()
        reader = logs.LogReader(io.BufferedReader(io.BytesIO(original)), "app.log", chunk, 1024)  # type: ignore[arg-type]
        result = redact_stream.redact_reader(detector, reader, out)
        assert out.getvalue() == want and sum(result.counts.values()) == 5


def test_workers_keep_the_bytes_exact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from leakscan.scans import logs as scan_logs

    original, want = sample()
    (tmp_path / "app.log").write_bytes(original * 20)
    monkeypatch.setattr(scan_logs, "PARALLEL_MIN", 0)
    with logs.open_log(str(tmp_path / "app.log"), 4096, 1024) as reader:
        out = io.BytesIO()
        result = redact_stream.redact_reader(Detector(resolve_config(os.devnull)), reader, out, jobs=2)
    assert out.getvalue() == want * 20 and sum(result.counts.values()) == 100


def test_gzip_input_to_plain_output_and_in_place_gzip(tmp_path: Path) -> None:
    original, want = sample()
    (tmp_path / "a.log.gz").write_bytes(gzip.compress(original))
    assert redact_cli(tmp_path, "a.log.gz").stdout == want
    proc = redact_cli(tmp_path, "--in-place", "a.log.gz")
    assert proc.returncode == 0 and gzip.decompress((tmp_path / "a.log.gz").read_bytes()) == want


def test_in_place_keeps_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    original, want = sample()
    log = tmp_path / "app.log"
    log.write_bytes(original)
    log.chmod(0o640)
    (tmp_path / "clean.log").write_bytes(b"nothing here\n")
    before = (tmp_path / "clean.log").stat().st_mtime_ns
    proc = redact_cli(tmp_path, "--in-place", "app.log", "clean.log")
    assert proc.returncode == 0 and log.read_bytes() == want and log.stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "clean.log").stat().st_mtime_ns == before  # nothing to redact: not rewritten
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.log", "clean.log"]
    assert b"total: redacted 5 secrets" in proc.stderr


def test_interrupted_in_place_write_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original, _ = sample()
    log = tmp_path / "app.log"
    log.write_bytes(original)

    def power_cut(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(redact_stream.os, "fsync", power_cut)
    with pytest.raises(OSError):
        redact_stream.redact_in_place(Detector(resolve_config(os.devnull)), str(log))
    assert log.read_bytes() == original and [p.name for p in tmp_path.iterdir()] == ["app.log"]


def test_in_place_refuses_a_damaged_gzip(tmp_path: Path) -> None:
    original, _ = sample()
    packed = gzip.compress(original * 50)
    (tmp_path / "cut.gz").write_bytes(packed[:-20])
    proc = redact_cli(tmp_path, "--in-place", "cut.gz")
    assert proc.returncode == 2 and b"left as it was" in proc.stderr
    assert (tmp_path / "cut.gz").read_bytes() == packed[:-20] and len(list(tmp_path.iterdir())) == 1


def test_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_bytes(b"x\n")
    for args in (["--in-place", "-"], ["--in-place", "a.log", "-o", "b.log"], ["a.log", "-o", "a.log"]):
        proc = redact_cli(tmp_path, *args)
        assert proc.returncode == 2 and proc.stderr.count(b"\n") == 1, args
    assert (tmp_path / "a.log").read_bytes() == b"x\n"


def test_pipeline_stays_live() -> None:
    """Each line comes out while the writer still holds the pipe open: a shipper sees it at once."""
    proc = subprocess.Popen([sys.executable, "-m", "leakscan", "redact", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin and proc.stdout
    try:
        proc.stdin.write(f"request Authorization: Basic {BASIC}\n".encode())
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 60)  # a guard against hanging, not a timing
        assert ready, "no output while the input stayed open"
        line = proc.stdout.readline()
        assert line == b"request Authorization: Basic " + marker("gluwa-basic-token", BASIC) + b"\n"
        proc.stdin.write(b"second line\n")
        proc.stdin.close()
        assert proc.stdout.read() == b"second line\n"
    finally:
        proc.kill() if proc.poll() is None else None
        proc.wait()


def test_fully_escaped_secrets_are_redacted_escapes_and_all(tmp_path: Path) -> None:
    """Issue 16 item 12: a JWT whose payload starts ``\\u0065yJ`` with ``\\u002e`` dots, and a URL
    password written entirely in ``\\u00XX`` escapes, never reached the exact pass; redact left them."""
    jwt = KEY.replace("e", "\\u0065").replace(".", "\\u002e")
    header = "Authorization: Bearer ".replace("e", "\\u0065")  # every "e" escaped, as the fuzzer wrote it
    password = "Xk9v2LpQz7mN4rT8wY1bC6"
    url = "postgres:\\/\\/app:" + "".join(f"\\u00{ord(c):02x}" for c in password) + "@db.internal:5432\\/app"
    original = (b"noise\n" * 40 + f'{{"msg":"{header}{jwt}"}}\n{{"dsn":"{url}"}}\n'.encode())
    (tmp_path / "app.jsonl").write_bytes(original)
    proc = redact_cli(tmp_path, "app.jsonl")
    assert proc.returncode == 0, proc.stderr
    assert jwt.encode() not in proc.stdout and password.encode() not in proc.stdout
    assert "".join(f"\\u00{ord(c):02x}" for c in password).encode() not in proc.stdout
    assert marker("glomo-api-key", KEY) in proc.stdout and proc.stdout.count(b"[REDACTED:") == 2
