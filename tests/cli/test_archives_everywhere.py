"""Archives in git history, ranges, pushes and the hook, as ``scan`` opens them; the depth options on
every scanning command; archives past ``--max-file-size`` opened with their own bounds."""

from __future__ import annotations

import base64
import io
import json
import os
import zipfile
from pathlib import Path

from testing import secrets
from testing.gitrepo import GitRepo

KEY = secrets.glomo_key(seed=131)


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buf.getvalue()


RELEASE = _zip({"static/js/main.js": f'\n\nconst key = "{KEY}";\n'.encode(), "logo.png": b"\x89PNG\0\0"})


def _repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {"README.md": "hello\n"})
    repo.commit("release", {"dist/app.zip": RELEASE})
    return repo


def _found(run) -> list[tuple[str, int, int, list[str]]]:  # type: ignore[no-untyped-def]
    doc = json.loads(run.stdout)
    return [(f["path"], f["line"], f["column"], f.get("archive", [])) for f in doc["findings"]]


WANT = ("dist/app.zip!static/js/main.js", 3, 14, ["dist/app.zip", "static/js/main.js"])


def test_history_opens_a_committed_zip(leakscan, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    run = leakscan("git", ".", "--format", "json", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    assert _found(run) == [WANT]
    [finding] = json.loads(run.stdout)["findings"]
    assert finding["commit"] == repo.head() and finding["provenance"]["present_in_head"] is True
    assert any("binary entries in archive" in s["reason"] for s in json.loads(run.stdout)["skipped"])
    assert KEY not in run.stdout


def test_history_with_archives_closed_lists_the_archive(leakscan, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    run = leakscan("git", ".", "--format", "json", "--max-archive-depth", "0", cwd=repo.path)
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert not doc["findings"]
    assert {s["path"]: s["reason"] for s in doc["skipped"]} == {
        "dist/app.zip": "archive not opened (zip; --max-archive-depth 0)"}


def test_a_range_opens_the_archive_it_adds(leakscan, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    run = leakscan("git", ".", "--range", "HEAD~1..HEAD", "--format", "json", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    assert _found(run) == [WANT]
    assert json.loads(run.stdout)["findings"][0]["commit"] == repo.head()


def test_the_hook_refuses_a_staged_zip_holding_a_key(leakscan, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {"README.md": "hello\n"})
    repo.write("dist/app.zip", RELEASE)
    repo.git("add", "dist/app.zip")
    run = leakscan("hook", "--format", "json", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    assert _found(run) == [WANT]


def test_the_hook_fails_closed_on_a_corrupt_staged_archive(leakscan, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {"README.md": "hello\n"})
    repo.write("dist/app.zip", RELEASE[: len(RELEASE) // 2])
    repo.git("add", "dist/app.zip")
    run = leakscan("hook", cwd=repo.path)
    assert run.returncode == 2, run.stdout
    assert "dist/app.zip" in run.stderr and "corrupt" in run.stderr and "Traceback" not in run.stderr


def test_decode_depth_is_an_option_of_every_scanning_command(leakscan, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {"k8s/s.yaml": "kind: Secret\ndata:\n"})
    wrapped = base64.b64encode(KEY.encode()).decode()
    repo.commit("add", {"k8s/s.yaml": f"kind: Secret\ndata:\n  GLOMO_SECRET_KEY: {wrapped}\n"})
    (tmp_path / "p.diff").write_text(repo.git("log", "-p", "-1"))
    commands = [("scan", "."), ("git", "."), ("git", ".", "--range", "HEAD~1..HEAD"),
                ("diff", str(tmp_path / "p.diff")), ("logs", "k8s/s.yaml"), ("hook", "push", "HEAD~1..HEAD")]
    for command in commands:
        on = leakscan(*command, "--format", "json", cwd=repo.path)
        off = leakscan(*command, "--format", "json", "--max-decode-depth", "0", cwd=repo.path)
        assert (on.returncode, off.returncode) == (1, 0), (command, on.stderr, off.stderr)
        assert [f["decoded"] for f in json.loads(on.stdout)["findings"]] == [["base64"]], command
    bad = leakscan("git", ".", "--max-decode-depth", "11", cwd=repo.path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_redact_takes_the_decode_depth_too(leakscan, tmp_path: Path) -> None:
    wrapped = base64.b64encode(KEY.encode()).decode()
    (tmp_path / "a.log").write_text(f"token {wrapped}\n")
    assert wrapped not in leakscan("redact", "a.log", cwd=tmp_path).stdout
    assert wrapped in leakscan("redact", "a.log", "--max-decode-depth", "0", cwd=tmp_path).stdout


def test_an_archive_past_max_file_size_is_opened_with_its_own_bounds(leakscan, tmp_path: Path) -> None:
    noise = os.urandom(300_000)  # incompressible: the zip is larger than the limit below
    (tmp_path / "big.zip").write_bytes(_zip({"blob.bin": noise, "conf/app.env": f"KEY={KEY}\n".encode()}))
    (tmp_path / "big.txt").write_text("x" * 300_000)
    run = leakscan("scan", ".", "--format", "json", "--max-file-size", "100KB", cwd=tmp_path)
    doc = json.loads(run.stdout)
    assert [f["path"] for f in doc["findings"]] == ["big.zip!conf/app.env"]
    assert any(s["path"] == "big.txt" and s["reason"].startswith("too large") for s in doc["skipped"])
    closed = leakscan("scan", ".", "--format", "json", "--max-file-size", "100KB", "--max-archive-depth", "0",
                      cwd=tmp_path)
    assert any(s["path"] == "big.zip" and s["reason"].startswith("too large")
               for s in json.loads(closed.stdout)["skipped"])


def test_diff_opens_an_archive_a_format_patch_carries(leakscan, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (tmp_path / "z.patch").write_text(repo.git("format-patch", "-1", "--stdout"))
    run = leakscan("diff", str(tmp_path / "z.patch"), "--format", "json", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    assert _found(run) == [WANT]
    assert json.loads(run.stdout)["findings"][0]["commit"] == repo.head()
    plain = repo.git("log", "-p", "-1")  # without --binary: "Binary files … differ", said so
    (tmp_path / "n.patch").write_text(plain)
    run = leakscan("diff", str(tmp_path / "n.patch"), "--format", "json", cwd=repo.path)
    [skip] = json.loads(run.stdout)["skipped"]
    assert skip["path"] == "dist/app.zip" and "git diff --binary" in skip["reason"]


def test_diff_says_why_a_delta_or_damaged_binary_patch_is_not_read(leakscan, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.commit("bump", {"dist/app.zip": RELEASE + b"\0" * 64})  # a small change: git writes a delta
    patch = repo.git("format-patch", "-1", "--stdout")
    (tmp_path / "d.patch").write_text(patch)
    run = leakscan("diff", str(tmp_path / "d.patch"), "--format", "json", cwd=repo.path)
    reasons = [s["reason"] for s in json.loads(run.stdout)["skipped"]]
    assert "GIT binary patch\ndelta " in patch
    assert any("a delta against the old file" in r for r in reasons), reasons
    first = repo.git("format-patch", "-1", "--stdout", "HEAD~1").splitlines()
    at = next(i for i, line in enumerate(first) if line.startswith("literal ")) + 1
    first[at] = first[at][0] + "~" * (len(first[at]) - 1)  # not base85 any more
    (tmp_path / "bad.patch").write_text("\n".join(first) + "\n")
    run = leakscan("diff", str(tmp_path / "bad.patch"), "--format", "json", cwd=repo.path)
    assert "Traceback" not in run.stderr and run.returncode in (0, 2), run.stderr
    assert any("damaged binary patch" in s["reason"] for s in json.loads(run.stdout)["skipped"])
