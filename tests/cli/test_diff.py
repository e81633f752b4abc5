"""``leakscan diff`` end to end: each patch format, only added lines, new-file paths and numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from testing import secrets

KEY = secrets.glomo_key("live", "secret")
HEX = secrets.hex_key(7)


def git(repo: Path, *args: str) -> bytes:
    env = {"GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com", "GIT_COMMITTER_NAME": "Ada",
           "GIT_COMMITTER_EMAIL": "ada@example.com", "GIT_AUTHOR_DATE": "2024-05-01T12:00:00Z",
           "GIT_COMMITTER_DATE": "2024-05-01T12:00:00Z", "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    return subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env, check=True,
                          capture_output=True).stdout


def leakscan_diff(cwd: Path, patch: bytes | None = None, *args: str) -> tuple[int, dict, str]:
    """Runs the real CLI; the patch goes through stdin unless a file argument is given."""
    proc = subprocess.run([sys.executable, "-m", "leakscan", "diff", "--format", "json", *args], cwd=cwd,
                          input=patch or b"", capture_output=True)
    doc = json.loads(proc.stdout) if proc.stdout else {}
    return proc.returncode, doc, proc.stderr.decode()


def where(doc: dict) -> list[tuple[str, str, int, str | None]]:
    return [(f["rule_id"], f["path"], f["line"], f["commit"]) for f in doc["findings"]]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / "config.py").write_text(f"# old\nOLD_KEY = '{KEY}'\nx = 1\ny = 2\n")
    (tmp_path / "settings.ini").write_text("a=1\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "first")
    return tmp_path


def test_removed_and_context_lines_are_never_reported(repo: Path) -> None:
    (repo / "config.py").write_text(f"# old\nx = 1\ny = 2\nPRIVATE_KEY = '{HEX}'\n")
    code, doc, _ = leakscan_diff(repo, git(repo, "diff", "-U5"))
    assert code == 1
    assert where(doc) == [("hex-private-key", "config.py", 4, None)]


def test_context_secret_not_reported_when_nothing_new(repo: Path) -> None:
    (repo / "config.py").write_text(f"# new\nOLD_KEY = '{KEY}'\nx = 1\ny = 2\n")
    code, doc, _ = leakscan_diff(repo, git(repo, "diff"))
    assert (code, doc["findings"]) == (0, [])


def test_cached_zero_context_from_a_patch_file(repo: Path) -> None:
    (repo / "settings.ini").write_text(f"a=1\nb=2\nglomo_secret={KEY}\n")
    git(repo, "add", "-A")
    (repo / "staged.patch").write_bytes(git(repo, "diff", "--cached", "-U0"))
    code, doc, _ = leakscan_diff(repo, None, "staged.patch")
    assert code == 1 and where(doc) == [("glomo-api-key", "settings.ini", 3, None)]


def test_git_log_p_names_the_commit_and_author(repo: Path) -> None:
    (repo / "new.env").write_text(f"GLOMO_SECRET_KEY={KEY}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "add env")
    sha = git(repo, "rev-parse", "HEAD").decode().strip()
    first = git(repo, "rev-parse", "HEAD~1").decode().strip()
    _, doc, _ = leakscan_diff(repo, git(repo, "log", "-p"))
    assert sorted(where(doc)) == sorted([("glomo-api-key", "new.env", 1, sha), ("glomo-api-key", "config.py", 2, first)])
    added = next(f for f in doc["findings"] if f["commit"] == sha)
    assert added["provenance"]["subject"] == "add env" and added["provenance"]["author"].startswith("Ada")


def test_format_patch_mbox_with_several_patches(repo: Path) -> None:
    (repo / "a.env").write_text(f"GLOMO_SECRET_KEY={KEY}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "one")
    (repo / "b.py").write_text(f"\n\nPRIVATE_KEY = '{HEX}'\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "two")
    shas = git(repo, "rev-list", "HEAD~2..HEAD").decode().split()
    _, doc, _ = leakscan_diff(repo, git(repo, "format-patch", "--stdout", "HEAD~2"))
    assert sorted(where(doc)) == [("glomo-api-key", "a.env", 1, shas[1]), ("hex-private-key", "b.py", 3, shas[0])]


def test_plain_diff_u(tmp_path: Path) -> None:
    (tmp_path / "before.cfg").write_text("user=a\n")
    (tmp_path / "after.cfg").write_text(f"user=a\nglomo_key={KEY}\n")
    out = subprocess.run(["diff", "-u", "before.cfg", "after.cfg"], cwd=tmp_path, capture_output=True).stdout
    _, doc, _ = leakscan_diff(tmp_path, out)
    assert where(doc) == [("glomo-api-key", "after.cfg", 2, None)]


def test_rename_reports_the_new_path(repo: Path) -> None:
    git(repo, "mv", "config.py", "moved.py")
    (repo / "moved.py").write_text(f"# old\nOLD_KEY = '{KEY}'\nx = 1\ny = 2\nPRIVATE_KEY = '{HEX}'\n")
    git(repo, "add", "-A")
    _, doc, _ = leakscan_diff(repo, git(repo, "diff", "--cached", "-M"))
    assert where(doc) == [("hex-private-key", "moved.py", 5, None)]


def test_new_and_deleted_files(repo: Path) -> None:
    (repo / "config.py").unlink()
    (repo / "fresh.py").write_text(f"PRIVATE_KEY = '{HEX}'\n")
    git(repo, "add", "-A")
    _, doc, _ = leakscan_diff(repo, git(repo, "diff", "--cached", "--no-renames"))
    assert where(doc) == [("hex-private-key", "fresh.py", 1, None)]


def test_binary_patch_is_skipped_and_said(repo: Path) -> None:
    (repo / "img.bin").write_bytes(b"\0" + KEY.encode() + bytes(range(256)))
    (repo / "next.py").write_text(f"PRIVATE_KEY = '{HEX}'\n")
    git(repo, "add", "-A")
    _, doc, _ = leakscan_diff(repo, git(repo, "diff", "--cached", "--binary"))
    assert where(doc) == [("hex-private-key", "next.py", 1, None)]
    assert [s["path"] for s in doc["skipped"]] == ["img.bin"] and "binary" in doc["skipped"][0]["reason"]


def test_no_newline_at_end_of_file(repo: Path) -> None:
    (repo / "settings.ini").write_text(f"a=1\nglomo_key={KEY}")
    _, doc, _ = leakscan_diff(repo, git(repo, "diff"))
    assert where(doc) == [("glomo-api-key", "settings.ini", 2, None)]
    assert doc["findings"][0]["snippet"].startswith("glomo_key=")


def test_crlf_patch(repo: Path) -> None:
    (repo / "settings.ini").write_bytes(f"a=1\r\nglomo_key={KEY}\r\n".encode())
    patch = git(repo, "diff").replace(b"\n", b"\r\n")
    _, doc, _ = leakscan_diff(repo, patch)
    assert where(doc) == [("glomo-api-key", "settings.ini", 2, None)]
    assert doc["findings"][0]["column"] == len("glomo_key=") + 1


def test_quoted_non_utf8_path(repo: Path) -> None:
    name = b"caf\xe9 \xc3\xa9.env".decode("utf-8", "surrogateescape")
    (repo / name).write_text(f"GLOMO_SECRET_KEY={KEY}\n")
    git(repo, "add", "-A")
    patch = git(repo, "-c", "core.quotepath=true", "diff", "--cached")
    assert b'"b/caf\\351 \\303\\251.env"' in patch
    _, doc, _ = leakscan_diff(repo, patch)
    assert where(doc) == [("glomo-api-key", "caf\\xe9 \u00e9.env", 1, None)]


def test_missing_patch_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, _, err = leakscan_diff(tmp_path, None, "nope.patch")
    assert code == 2 and err.count("\n") == 1 and "nope.patch" in err and "Traceback" not in err
