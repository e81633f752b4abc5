"""UTF-16 and UTF-32 text is text in every source: files, git history, patches and logs.

Each source gets the same content once as UTF-8 and once in a wide encoding (as
PowerShell 5.1 or Notepad writes it) and must report the same findings, at the
same line and column, counted in characters of the text.
"""

from __future__ import annotations

import codecs
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

import leakscan
from leakscan.scans.logs import (
    scan_logs,  # leakscan.scans.logs names the module once it is imported
)
from testing import secrets
from testing.gitrepo import GitRepo

KEY = secrets.glomo_key("live", "secret", seed=71)
HEX = secrets.hex_key(72)
TEXT = (f"# settings ✓ ünïcödé 𝄞\nGLOMO_SECRET_KEY={KEY}\n"
        f'NOTE = "é✓𝄞"; WALLET_PRIVATE_KEY = "0x{HEX}"\n')
ENCODINGS = {
    "utf-16-le-bom": (codecs.BOM_UTF16_LE, "utf-16-le"), "utf-16-be-bom": (codecs.BOM_UTF16_BE, "utf-16-be"),
    "utf-32-le-bom": (codecs.BOM_UTF32_LE, "utf-32-le"), "utf-32-be-bom": (codecs.BOM_UTF32_BE, "utf-32-be"),
    "utf-16-le": (b"", "utf-16-le"), "utf-16-be": (b"", "utf-16-be"),
}


def encoded(text: str, name: str) -> bytes:
    bom, encoding = ENCODINGS[name]
    return bom + text.encode(encoding)


def where(findings) -> list[tuple]:
    return sorted((f.rule_id, f.path, f.line, f.column, f.end_line, f.end_column, f.fingerprint, f.severity)
                  for f in findings)


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "leakscan", *args], cwd=cwd, input=stdin, capture_output=True)


def test_the_planted_text_is_found_as_utf8(tmp_path):
    (tmp_path / "server").mkdir()
    (tmp_path / "server" / ".env").write_bytes(TEXT.encode())
    found = where(leakscan.scan_paths([str(tmp_path / "server")]).findings)
    assert [f[0] for f in found] == ["glomo-api-key", "hex-private-key"]
    assert found[1][2:4] == (3, len('NOTE = "é✓𝄞"; WALLET_PRIVATE_KEY = "0x') + 1)  # characters, not bytes


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_files(tmp_path, name):
    plain, wide = tmp_path / "plain" / "server", tmp_path / "wide" / "server"
    plain.mkdir(parents=True)
    wide.mkdir(parents=True)
    (plain / ".env").write_bytes(TEXT.encode())
    (wide / ".env").write_bytes(encoded(TEXT, name))
    expected = where(leakscan.scan_paths([str(tmp_path / "plain")]).findings)
    result = leakscan.scan_paths([str(tmp_path / "wide")])
    assert where(result.findings) == [(*f[:1], f[1].replace("plain", "wide"), *f[2:]) for f in expected]
    assert result.stats.skipped == [] and result.stats.files_scanned == 1
    assert {f.extra.get("encoding") for f in result.findings} == {ENCODINGS[name][1]}


def test_powershell_env_file_fails_the_scan_through_the_cli(tmp_path):
    """``"GLOMO_SECRET_KEY=…" > .env`` in Windows PowerShell 5.1: UTF-16LE with a BOM, CRLF."""
    (tmp_path / ".env").write_bytes(codecs.BOM_UTF16_LE + f"GLOMO_SECRET_KEY={KEY}\r\n".encode("utf-16-le"))
    proc = run("scan", ".", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    [finding] = json.loads(proc.stdout)["findings"]
    assert (finding["rule_id"], finding["path"], finding["line"], finding["column"]) == ("glomo-api-key", ".env", 1, 18)
    assert KEY not in proc.stdout.decode()


@pytest.mark.parametrize("name", ["utf-16-le-bom", "utf-32-be-bom", "utf-16-le"])
def test_git_history(tmp_path, name):
    repo = GitRepo(tmp_path / "r")
    adding = repo.commit("add", {"server/.env": encoded(TEXT, name), "server/plain.env": TEXT})
    found = leakscan.scan_history(str(repo.path)).findings
    by_path = {p: [f[:1] + f[2:6] for f in where(found) if f[1] == p] for p in ("server/.env", "server/plain.env")}
    assert by_path["server/.env"] == by_path["server/plain.env"] and len(by_path["server/.env"]) == 2
    assert {f.commit for f in found} == {adding}


@pytest.mark.parametrize("name", ["utf-16-le-bom", "utf-16-le", "utf-32-le-bom"])
def test_a_patch_saved_by_powershell(tmp_path, name):
    """``git diff > change.patch`` in PowerShell 5.1 writes the patch as UTF-16."""
    patch = ("diff --git a/server/.env b/server/.env\nnew file mode 100644\nindex 0000000..1111111\n"
             "--- /dev/null\n+++ b/server/.env\n@@ -0,0 +1,3 @@\n"
             + "".join(f"+{line}\n" for line in TEXT.splitlines()))
    (tmp_path / "plain.patch").write_bytes(patch.encode())
    (tmp_path / "wide.patch").write_bytes(encoded(patch, name))
    docs = {}
    for which in ("plain", "wide"):
        proc = run("diff", f"{which}.patch", "--format", "json", cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        docs[which] = [(f["rule_id"], f["path"], f["line"], f["column"], f["fingerprint"])
                       for f in json.loads(proc.stdout)["findings"]]
    assert docs["wide"] == docs["plain"] and len(docs["plain"]) == 2
    proc = run("diff", "-", "--format", "json", cwd=tmp_path, stdin=encoded(patch, name))
    assert [f["line"] for f in json.loads(proc.stdout)["findings"]] == [2, 3]


@pytest.mark.parametrize("name", ["utf-16-le-bom", "utf-16-be", "utf-32-le-bom"])
@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_logs(tmp_path, name, gz):
    log = "".join(f"2024-05-01T12:00:{i % 60:02d}Z INFO ✓ request {i}\n" for i in range(3000)) + TEXT
    data = encoded(log, name)
    (tmp_path / "plain.log").write_bytes(log.encode())
    (tmp_path / "wide.log").write_bytes(gzip.compress(data) if gz else data)
    expected = where(scan_logs([str(tmp_path / "plain.log")], chunk=8192, overlap=1024).findings)
    result = scan_logs([str(tmp_path / "wide.log")], chunk=8192, overlap=1024)
    assert [f[:1] + f[2:] for f in where(result.findings)] == [f[:1] + f[2:] for f in expected]
    assert len(expected) == 2 and result.stats.skipped == []


@pytest.mark.parametrize("name", ["utf-16-le-bom", "utf-16-be", "utf-32-be-bom"])
def test_redacting_a_wide_log_writes_it_back_in_its_encoding(tmp_path, name):
    log = "".join(f"2024-05-01T12:00:{i % 60:02d}Z INFO ✓ request {i}\n" for i in range(3000)) + TEXT
    (tmp_path / "app.log").write_bytes(encoded(log, name))
    proc = run("redact", "app.log", "-o", "clean.log", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert b"redacted 2 secrets" in proc.stderr
    out = (tmp_path / "clean.log").read_bytes()
    bom, encoding = ENCODINGS[name]
    assert out.startswith(bom)
    text = out[len(bom):].decode(encoding)
    assert KEY not in text and HEX not in text and "[REDACTED:glomo-api-key:" in text
    before, after = log.split(KEY)[0], log.split(HEX)[1]
    assert text.startswith(before) and text.endswith(after)  # every other character kept
    proc = run("redact", "app.log", "--in-place", cwd=tmp_path)
    assert proc.returncode == 0 and (tmp_path / "app.log").read_bytes() == out


def test_a_lone_surrogate_survives_redaction_byte_for_byte(tmp_path):
    data = codecs.BOM_UTF16_LE + "line one\n".encode("utf-16-le") + b"\x00\xd8" + f"\nKEY={KEY}\n".encode("utf-16-le")
    (tmp_path / "odd.log").write_bytes(data)
    proc = run("redact", "odd.log", "-o", "out.log", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = (tmp_path / "out.log").read_bytes()
    assert out.split(b"K\x00E\x00Y\x00=\x00")[0] == data.split(b"K\x00E\x00Y\x00=\x00")[0]
    assert KEY.encode("utf-16-le") not in out
