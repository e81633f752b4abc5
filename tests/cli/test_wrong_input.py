"""Input the user named that yields nothing is an error, never a quiet "0 files" and exit 0."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from testing import secrets

KEY = secrets.glomo_key("live", "secret", seed=91)
LOG = "".join(f"2024-05-01T12:00:{i % 60:02d}Z INFO request {i}\n" for i in range(2000)) + \
    f"2024-05-01T12:40:00Z DEBUG Authorization: Bearer {KEY}\n"


def leakscan(cwd: Path, *args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leakscan", *args], cwd=cwd, capture_output=True,
                          input=stdin.decode() if stdin is not None else None, text=True, timeout=timeout)


# --- leakscan diff on something that is not a patch -----------------------------------------------------

def test_diff_of_a_source_file_is_an_error(tmp_path):
    (tmp_path / "app.py").write_text(f'KEY = "{KEY}"\nprint("hello")\n')
    proc = leakscan(tmp_path, "diff", "app.py")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "leakscan: error: app.py: not a patch (no diff, hunk or commit header in 2 lines); "
        "to scan the file itself: leakscan scan app.py"]
    piped = leakscan(tmp_path, "diff", stdin=(tmp_path / "app.py").read_bytes())
    assert piped.returncode == 2 and "<stdin>: not a patch" in piped.stderr


@pytest.mark.parametrize("text", ["", "\n", "commit 0123456789abcdef0123456789abcdef01234567\nAuthor: A <a@b>\n\n    empty\n"],
                         ids=["empty", "blank", "log-without-changes"])
def test_an_empty_diff_is_still_fine(tmp_path, text):
    """``git diff`` with nothing changed prints nothing, and ``git log -p`` of empty commits no hunks."""
    proc = leakscan(tmp_path, "diff", "-", stdin=text.encode())
    assert proc.returncode == 0, proc.stderr


# --- a FIFO whose writer comes late -----------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_logs_waits_for_a_fifo_writer_that_starts_late(tmp_path):
    fifo = tmp_path / "app.pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen([sys.executable, "-m", "leakscan", "logs", str(fifo), "--format", "json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def write_late() -> None:
        time.sleep(1.5)  # leakscan has long opened the FIFO by now
        deadline = time.monotonic() + 30
        while True:
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # fails while no reader holds it open
                break
            except OSError:
                if time.monotonic() > deadline or reader.poll() is not None:
                    return
                time.sleep(0.05)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "w") as fh:
            for line in LOG.splitlines(keepends=True):
                fh.write(line)

    writer = threading.Thread(target=write_late)
    writer.start()
    out, err = reader.communicate(timeout=60)
    writer.join()
    assert reader.returncode == 1, err
    doc = json.loads(out)
    assert [(f["rule_id"], f["line"]) for f in doc["findings"]] == [("glomo-api-key", 2001)]
    assert doc["summary"]["bytes_scanned"] == len(LOG)


# --- a gzip whose checksum is wrong ------------------------------------------------------------------------

def _bad_crc(data: bytes) -> bytes:
    packed = bytearray(gzip.compress(data))
    packed[-8] ^= 0xFF  # the CRC-32 of the trailer; the deflate stream itself is intact
    return bytes(packed)


@pytest.mark.parametrize("damage", ["crc", "truncated"])
def test_a_damaged_gzip_fails_the_run_after_reporting_what_it_read(tmp_path, damage):
    packed = gzip.compress(LOG.encode())
    (tmp_path / "app.log.gz").write_bytes(_bad_crc(LOG.encode()) if damage == "crc" else packed[: len(packed) - 20])
    proc = leakscan(tmp_path, "logs", "app.log.gz", "--format", "json")
    assert proc.returncode == 2, proc.stderr
    doc = json.loads(proc.stdout)
    [skipped] = doc["skipped"]
    assert skipped["path"] == "app.log.gz" and skipped["fault"] is True
    assert skipped["reason"].startswith("damaged gzip (")
    assert "scan incomplete: 1 could not be read: app.log.gz (damaged gzip)" in proc.stderr
    if damage == "crc":  # every byte was there: what it holds is reported all the same
        assert [f["line"] for f in doc["findings"]] == [2001]
    allowed = leakscan(tmp_path, "logs", "app.log.gz", "--allow-skipped")
    assert allowed.returncode == (1 if doc["findings"] else 0)


# --- a symlink named on the command line -------------------------------------------------------------------

def test_a_symlinked_file_named_on_the_command_line_is_scanned(tmp_path):
    real = tmp_path / "config" / "prod.env"
    real.parent.mkdir()
    real.write_text(f"GLOMO_SECRET_KEY={KEY}\n")
    (tmp_path / ".env").symlink_to(real)
    proc = leakscan(tmp_path, "scan", ".env", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert [(f["path"], f["line"]) for f in doc["findings"]] == [(".env", 1)] and doc["skipped"] == []
    (tmp_path / "gone").symlink_to(tmp_path / "missing.env")
    broken = leakscan(tmp_path, "scan", "gone")
    assert broken.returncode == 2 and "gone" in broken.stderr


def test_a_named_file_that_is_skipped_fails_the_run(tmp_path):
    (tmp_path / "dump.bin").write_bytes(b"\0\x01\x02binary" * 100)
    proc = leakscan(tmp_path, "scan", "dump.bin")
    assert proc.returncode == 2
    assert "dump.bin (binary)" in proc.stderr.strip().splitlines()[-1]
    assert leakscan(tmp_path, "scan", "dump.bin", "--allow-skipped").returncode == 0
    (tmp_path / "a.py").write_text("x = 1\n")
    assert leakscan(tmp_path, "scan", ".").returncode == 0  # inside a folder it is an ordinary skip
