"""Bad input: every case finishes, says what it skipped and why, and exits on findings only.

Each case runs through the library (``scan_paths``) and the CLI (``leakscan scan --format json``).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from leakscan.scans.files import scan_paths
from testing import secrets

KEY = secrets.hex_key(51)
KEY_LINE = f"PRIVATE_KEY={KEY}\n"


def skipped(result) -> dict[str, str]:
    return {s.path: s.reason for s in result.stats.skipped}


def found(result) -> list[tuple[str, str]]:
    return [(f.path, f.rule_id) for f in result.findings]


def cli_json(run_cli, root: Path, *extra: str):
    run = run_cli("scan", ".", "--format", "json", *extra, cwd=str(root))
    assert "Traceback" not in run.stderr
    doc = run.json()
    return run.exit_code, doc, {s["path"]: s["reason"] for s in doc["skipped"]}


# --- .gitignore -------------------------------------------------------------------------------------

def _ignore_tree(root: Path) -> None:
    (root / ".gitignore").write_text("*.env\n!keep.env\nbuild/\n")
    (root / "a.env").write_text(KEY_LINE)
    (root / "keep.env").write_text(KEY_LINE)
    (root / "build").mkdir()
    (root / "build" / "out.txt").write_text(KEY_LINE)
    sub = root / "sub"
    sub.mkdir()
    (sub / ".gitignore").write_text("secret.txt\n!keep.env\n")
    (sub / "secret.txt").write_text(KEY_LINE)
    (sub / "other.txt").write_text(KEY_LINE)
    (sub / "x.env").write_text(KEY_LINE)
    (sub / "keep.env").write_text(KEY_LINE)
    deeper = sub / "deeper"
    deeper.mkdir()
    (deeper / ".gitignore").write_text("!secret.txt\n")
    (deeper / "secret.txt").write_text(KEY_LINE)


EXPECTED_IGNORE = ["keep.env", "sub/deeper/secret.txt", "sub/keep.env", "sub/other.txt"]


def test_gitignore_nested_and_negated(tmp_path: Path) -> None:
    _ignore_tree(tmp_path)
    result = scan_paths([str(tmp_path)])
    assert sorted(p for p, _ in found(result)) == EXPECTED_IGNORE
    assert result.stats.skipped == []  # ignored files are not part of the tree, as with git


def test_gitignore_nested_and_negated_cli(run_cli, tmp_path: Path) -> None:
    _ignore_tree(tmp_path)
    code, doc, _ = cli_json(run_cli, tmp_path)
    assert code == 1
    assert sorted(f["path"] for f in doc["findings"]) == EXPECTED_IGNORE


def test_git_info_exclude_honoured(tmp_path: Path) -> None:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("local.txt\n")
    (tmp_path / "local.txt").write_text(KEY_LINE)
    (tmp_path / "tracked.txt").write_text(KEY_LINE)
    assert found(scan_paths([str(tmp_path)])) == [("tracked.txt", "hex-private-key")]


def _work_tree(root: Path) -> None:
    (root / ".git" / "info").mkdir(parents=True)
    (root / ".git" / "info" / "exclude").write_text("*.local\n")
    (root / ".gitignore").write_text("*.env\nbuild/\n/sub/cache/\n")
    for rel in ("sub/a.env", "sub/ok.txt", "sub/x.local", "sub/cache/c.txt", "sub/deep/cache/kept.txt",
                "build/out.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(KEY_LINE)
    (root / "sub" / ".gitignore").write_text("!a.env\n")


def test_a_subfolder_of_a_work_tree_keeps_the_ignore_files_above_it(tmp_path: Path) -> None:
    """``leakscan scan sub/`` leaves out what ``leakscan scan .`` would, and a deeper file still decides."""
    _work_tree(tmp_path)
    whole = sorted(p for p, _ in found(scan_paths([str(tmp_path)])))
    assert whole == ["sub/a.env", "sub/deep/cache/kept.txt", "sub/ok.txt"]
    assert sorted(p for p, _ in found(scan_paths([str(tmp_path / "sub")]))) == ["a.env", "deep/cache/kept.txt", "ok.txt"]


def test_a_subfolder_ignored_above_is_scanned_when_named(run_cli, tmp_path: Path) -> None:
    _work_tree(tmp_path)
    run = run_cli("scan", "build", "--format", "json", cwd=str(tmp_path))
    assert [f["path"] for f in run.json()["findings"]] == ["build/out.txt"]
    run = run_cli("scan", "sub", "--format", "json", cwd=str(tmp_path))
    assert sorted(f["path"] for f in run.json()["findings"]) == ["sub/a.env", "sub/deep/cache/kept.txt", "sub/ok.txt"]


# --- binary, NUL bytes, invalid UTF-8 ---------------------------------------------------------------

def _binary_tree(root: Path) -> None:
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + KEY_LINE.encode())
    (root / "nul.txt").write_bytes(KEY_LINE.encode() + b"\0tail")
    (root / "latin1.txt").write_bytes(b"caf\xe9 \xff\xfe " + KEY_LINE.encode())


def test_binary_and_nul_skipped_invalid_utf8_scanned(tmp_path: Path) -> None:
    _binary_tree(tmp_path)
    result = scan_paths([str(tmp_path)])
    assert skipped(result) == {"image.png": "binary", "nul.txt": "binary"}
    [f] = result.findings
    assert (f.path, f.line, f.column) == ("latin1.txt", 1, 21)  # 8 characters (each bad byte one) + PRIVATE_KEY=
    assert result.stats.files_scanned == 1


def test_binary_and_invalid_utf8_cli(run_cli, tmp_path: Path) -> None:
    _binary_tree(tmp_path)
    code, doc, skips = cli_json(run_cli, tmp_path)
    assert code == 1
    assert skips == {"image.png": "binary", "nul.txt": "binary"}
    assert doc["summary"]["skipped_by_reason"] == {"binary": 2}
    assert [f["path"] for f in doc["findings"]] == ["latin1.txt"]
    text = run_cli("scan", ".", cwd=str(tmp_path))
    assert "skipped: image.png: binary" in text.stdout and "2 skipped (2 binary)" in text.stdout


# --- size limit ------------------------------------------------------------------------------------

def test_files_over_limit_skipped_and_listed(tmp_path: Path, run_cli) -> None:
    (tmp_path / "big.txt").write_bytes(KEY_LINE.encode() + b"x" * (11 * 1024 * 1024))
    (tmp_path / "small.txt").write_text("nothing here\n")
    result = scan_paths([str(tmp_path)])
    assert skipped(result)["big.txt"].startswith("too large")
    assert result.findings == []
    code, _, skips = cli_json(run_cli, tmp_path)
    assert code == 0 and skips["big.txt"].startswith("too large")
    code, doc, skips = cli_json(run_cli, tmp_path, "--max-file-size", "12MiB")
    assert code == 1 and skips == {} and doc["findings"][0]["path"] == "big.txt"
    code, _, skips = cli_json(run_cli, tmp_path, "--max-file-size", "5")
    assert code == 0 and set(skips) == {"big.txt", "small.txt"}


def test_max_file_size_from_config(tmp_path: Path) -> None:
    (tmp_path / ".leakscan.toml").write_text('[scan]\nmax_file_size = "10B"\n')
    (tmp_path / "a.txt").write_text(KEY_LINE)
    assert skipped(scan_paths([str(tmp_path)]))["a.txt"].startswith("too large")


def test_bad_max_file_size_is_a_usage_error(run_cli, tmp_path: Path) -> None:
    run = run_cli("scan", str(tmp_path), "--max-file-size", "lots")
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1 and "--max-file-size" in run.stderr


# --- a 50 MB single-line minified file ----------------------------------------------------------------

MINIFIED_AT = 30_000_000


@pytest.fixture(scope="module")
def minified(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("minified")
    chunk = b'function a(b){return b.map(function(c){return c*2})};var q="\xc3\xa9";'
    body = bytearray(chunk * (50_000_000 // len(chunk)))
    planted = f'var k="{KEY}";'.encode()
    body[MINIFIED_AT : MINIFIED_AT + len(planted)] = planted
    (root / "bundle.min.js").write_bytes(bytes(body))
    return root


def _expected_column(root: Path) -> int:
    data = (root / "bundle.min.js").read_bytes()
    offset = data.index(KEY.encode())
    return len(data[:offset].decode("utf-8", "replace")) + 1


def test_minified_50mb_skipped_by_default(minified: Path, run_cli) -> None:
    result = scan_paths([str(minified)])
    size = (minified / "bundle.min.js").stat().st_size
    assert skipped(result) == {"bundle.min.js": f"too large ({size} bytes > limit 10485760)"}
    assert result.stats.files_scanned == 0
    code, doc, skips = cli_json(run_cli, minified)
    assert code == 0 and skips["bundle.min.js"].startswith("too large")
    assert doc["summary"]["skipped_by_reason"] == {"too large": 1}


def test_minified_50mb_scanned_with_bigger_limit(minified: Path, run_cli) -> None:
    column = _expected_column(minified)
    result = scan_paths([str(minified)], max_file_size=100_000_000)
    [f] = result.findings
    assert (f.path, f.line, f.column) == ("bundle.min.js", 1, column)
    assert len(f.line_text) < 1000  # the excerpt around the key, not the whole line
    code, doc, _ = cli_json(run_cli, minified, "--max-file-size", "100MB")
    assert code == 1
    [g] = doc["findings"]
    assert (g["path"], g["line"], g["column"]) == ("bundle.min.js", 1, column)


# --- special files ---------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_does_not_hang(tmp_path: Path, run_cli) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a.txt").write_text(KEY_LINE)
    done: dict[str, object] = {}
    worker = threading.Thread(target=lambda: done.update(result=scan_paths([str(tmp_path)])), daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():  # unblock the reader so the test process can exit, then fail
        with open(tmp_path / "pipe", "wb"):
            pass
        pytest.fail("scanning a FIFO hung")
    result = done["result"]
    assert skipped(result) == {"pipe": "not a regular file (fifo)"}
    assert found(result) == [("a.txt", "hex-private-key")]
    code, _, skips = cli_json(run_cli, tmp_path)
    assert code == 1 and skips == {"pipe": "not a regular file (fifo)"}
    direct = scan_paths([str(tmp_path / "pipe")])
    assert [s.reason for s in direct.stats.skipped] == ["not a regular file (fifo)"]


def _deny(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        if os.path.abspath(os.fspath(path)) == str(target):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


def test_permission_denied_file_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked.txt").write_text(KEY_LINE)
    (tmp_path / "open.txt").write_text(KEY_LINE)
    _deny(monkeypatch, tmp_path / "locked.txt")
    result = scan_paths([str(tmp_path)], jobs=1)
    assert skipped(result) == {"locked.txt": "unreadable: permission denied"}
    assert found(result) == [("open.txt", "hex-private-key")]


def test_permission_denied_file_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli) -> None:
    (tmp_path / "locked.txt").write_text(KEY_LINE)
    _deny(monkeypatch, tmp_path / "locked.txt")
    code, doc, skips = cli_json(run_cli, tmp_path, "--jobs", "1")
    assert code == 0  # nothing found: the skip is reported, the exit reflects findings only
    assert skips == {"locked.txt": "unreadable: permission denied"}
    assert doc["summary"]["skipped_by_reason"] == {"unreadable: permission denied": 1}


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads everything")
def test_permission_denied_real_chmod(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(KEY_LINE)
    locked.chmod(0)
    folder = tmp_path / "closed"
    folder.mkdir()
    (folder / "x.txt").write_text(KEY_LINE)
    folder.chmod(0)
    try:
        result = scan_paths([str(tmp_path)])
    finally:
        locked.chmod(0o600)
        folder.chmod(0o700)
    assert skipped(result)["locked.txt"] == "unreadable: permission denied"
    assert "permission denied" in skipped(result)["closed"]
    assert result.findings == []


# --- symlinks --------------------------------------------------------------------------------------

def _symlink_tree(root: Path, outside: Path) -> Path:
    tree = root / "tree"
    tree.mkdir()
    (outside / "secret.txt").write_text(KEY_LINE)
    (tree / "real.txt").write_text("nothing\n")
    (tree / "broken").symlink_to(tree / "missing.txt")
    (tree / "loop_a").symlink_to(tree / "loop_b")
    (tree / "loop_b").symlink_to(tree / "loop_a")
    (tree / "out_file").symlink_to(outside / "secret.txt")
    (tree / "out_dir").symlink_to(outside, target_is_directory=True)
    (tree / "self").symlink_to(tree, target_is_directory=True)
    (tree / "inside").symlink_to(tree / "real.txt")
    return tree


def _check_symlinks(skips: dict[str, str]) -> None:
    assert skips["broken"] == "broken symlink"
    assert skips["loop_a"] == skips["loop_b"] == "symlink loop"
    assert skips["out_file"] == skips["out_dir"] == "symlink leads outside the scanned tree (not followed)"
    assert skips["self"].startswith("symlink (not followed") and skips["inside"].startswith("symlink (not followed")


def test_symlinks_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    tree = _symlink_tree(tmp_path, outside)
    result = scan_paths([str(tree)])
    assert result.findings == []  # the key outside the tree is never read
    _check_symlinks(skipped(result))
    assert result.stats.files_scanned == 1


def test_symlinks_never_followed_cli(tmp_path: Path, run_cli) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    tree = _symlink_tree(tmp_path, outside)
    code, doc, skips = cli_json(run_cli, tree)
    assert code == 0 and doc["findings"] == []
    _check_symlinks(skips)


# --- file names that are not UTF-8 --------------------------------------------------------------------

def test_non_utf8_file_names(tmp_path: Path, run_cli) -> None:
    name = os.fsdecode(b"caf\xe9-\xff.env")
    folder = os.fsdecode(b"d\xe8r")
    try:
        (tmp_path / name).write_text(KEY_LINE)
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "k.txt").write_text(KEY_LINE)
    except (UnicodeEncodeError, OSError):
        pytest.skip("this filesystem refuses non-UTF-8 names")
    result = scan_paths([str(tmp_path)])
    assert sorted(p for p, _ in found(result)) == ["caf\\xe9-\\xff.env", "d\\xe8r/k.txt"]
    code, doc, _ = cli_json(run_cli, tmp_path)
    assert code == 1
    assert sorted(f["path"] for f in doc["findings"]) == ["caf\\xe9-\\xff.env", "d\\xe8r/k.txt"]
    text = run_cli("scan", ".", cwd=str(tmp_path))
    assert text.exit_code == 1 and "caf\\xe9-\\xff.env:1:13" in text.stdout


# --- what is given on the command line -------------------------------------------------------------

def test_single_file_and_relative_paths(tmp_path: Path, run_cli) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.env").write_text(KEY_LINE)
    code, doc, _ = cli_json(run_cli, tmp_path)
    assert [f["path"] for f in doc["findings"]] == ["sub/a.env"]
    run = run_cli("scan", "sub/a.env", "./sub", "--format", "json", cwd=str(tmp_path))
    assert sorted(f["path"] for f in run.json()["findings"]) == ["sub/a.env", "sub/a.env"]


@pytest.mark.parametrize(("given", "expected"), [
    ("sub/", "sub/a.env"), ("./sub/", "sub/a.env"), ("sub/../sub", "sub/a.env"), ("sub/a.env", "sub/a.env"),
    ("./sub/a.env", "sub/a.env"), (".", "sub/a.env")])
def test_reported_paths_are_clean_and_relative(tmp_path: Path, run_cli, given: str, expected: str) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.env").write_text(KEY_LINE)
    run = run_cli("scan", given, "--format", "json", cwd=str(tmp_path))
    assert [f["path"] for f in run.json()["findings"]] == [expected]


def test_absolute_file_inside_cwd_is_reported_relative(tmp_path: Path, run_cli) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.env").write_text(KEY_LINE)
    run = run_cli("scan", str(tmp_path / "sub" / "a.env"), "--format", "json", cwd=str(tmp_path))
    assert [f["path"] for f in run.json()["findings"]] == ["sub/a.env"]


def test_symlinked_file_named_on_the_command_line(tmp_path: Path, run_cli) -> None:
    """Not followed, and skipped with the right reason (it used to read as a symlink loop)."""
    (tmp_path / "outside.env").write_text(KEY_LINE)
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "link.env").symlink_to(tmp_path / "outside.env")
    run = run_cli("scan", "link.env", "--format", "json", cwd=str(tmp_path / "tree"))
    assert run.exit_code == 0
    assert {s["path"]: s["reason"] for s in run.json()["skipped"]} == {
        "link.env": "symlink (not followed; name its target to scan it)"}


def test_unreadable_folder_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli) -> None:
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "k.env").write_text(KEY_LINE)
    (tmp_path / "open.env").write_text(KEY_LINE)
    real_scandir = os.scandir

    def fake_scandir(path="."):
        if os.path.abspath(os.fspath(path)) == str(tmp_path / "closed"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    result = scan_paths([str(tmp_path)], jobs=1)
    [(path, reason)] = skipped(result).items()
    assert path == "closed" and reason.startswith("unreadable folder") and "permission denied" in reason
    assert found(result) == [("open.env", "hex-private-key")]
    code, _, skips = cli_json(run_cli, tmp_path, "--jobs", "1")
    assert code == 1 and skips == {"closed": reason}


def test_file_vanishing_between_walk_and_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "gone.env").write_text(KEY_LINE)
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        if os.path.abspath(os.fspath(path)) == str(tmp_path / "gone.env"):
            raise FileNotFoundError(2, "No such file or directory", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    result = scan_paths([str(tmp_path)], jobs=1)
    assert skipped(result) == {"gone.env": "no such file or folder"} and result.findings == []
