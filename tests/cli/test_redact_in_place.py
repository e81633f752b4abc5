"""``redact --in-place`` rewrites the real file (same inode) and never loses what a writer appends."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from testing import secrets

KEY = secrets.glomo_key("live", "secret", seed=111)
LOG = "".join(f"2024-05-01T12:00:{i % 60:02d}Z INFO request {i}\n" for i in range(500)) + \
    f"2024-05-01T12:10:00Z DEBUG Authorization: Bearer {KEY}\n"


def redact(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leakscan", "redact", "--in-place", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_a_symlink_is_followed_to_the_real_file(tmp_path):
    real = tmp_path / "var" / "app.log"
    real.parent.mkdir()
    real.write_text(LOG)
    (tmp_path / "current.log").symlink_to(real)
    proc = redact(tmp_path, "current.log")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "current.log").is_symlink()
    assert KEY not in real.read_text() and "[REDACTED:glomo-api-key:" in real.read_text()


def test_hard_links_mode_and_owner_stay(tmp_path):
    log = tmp_path / "app.log"
    log.write_text(LOG)
    os.link(log, tmp_path / "app.log.hardlink")
    log.chmod(0o640)
    before = log.stat()
    if os.geteuid() == 0:
        os.chown(log, 1234, 5678)
        before = log.stat()
    proc = redact(tmp_path, "app.log")
    assert proc.returncode == 0, proc.stderr
    after = log.stat()
    assert (after.st_ino, after.st_mode, after.st_uid, after.st_gid, after.st_nlink) == \
        (before.st_ino, before.st_mode, before.st_uid, before.st_gid, 2)
    assert KEY not in (tmp_path / "app.log.hardlink").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.log", "app.log.hardlink"]  # no temp left


def test_a_read_only_file_is_refused(tmp_path):
    log = tmp_path / "app.log"
    log.write_text(LOG)
    log.chmod(0o444)
    proc = redact(tmp_path, "app.log")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].startswith("leakscan: error: app.log: read-only (mode -r--r--r--)")
    assert log.read_text() == LOG


def test_a_writer_appending_throughout_loses_no_byte(tmp_path):
    """Another process appends lines the whole time: the file is refused as still growing, and every
    byte the writer wrote is there, in order."""
    log = tmp_path / "app.log"
    log.write_text(LOG * 40)
    stop = threading.Event()
    script = ("import sys, time\n"
              "with open(sys.argv[1], 'a', buffering=1) as fh:\n"
              "    for i in range(100000):\n"
              "        fh.write(f'appended line {i}\\n'); time.sleep(0.001)\n")
    writer = subprocess.Popen([sys.executable, "-c", script, str(log)])

    def stop_later() -> None:
        stop.wait(60)
        writer.terminate()

    killer = threading.Thread(target=stop_later)
    killer.start()
    try:
        time.sleep(0.3)
        proc = redact(tmp_path, "app.log")
    finally:
        stop.set()
        killer.join()
        writer.wait()
    assert proc.returncode == 2, proc.stderr
    assert "still being written" in proc.stderr and "left as it was" in proc.stderr
    text = log.read_text()
    assert text.startswith(LOG * 40)
    appended = text[len(LOG * 40):].splitlines()
    assert appended and appended == [f"appended line {i}" for i in range(len(appended))]
