"""The unified-diff parser: every format git and diff(1) write, and generated diffs round-tripped."""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakscan.model import Fragment, Skipped
from leakscan.sources.diff import FilePatch, fragments, parse_patch


def git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {"GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com", "GIT_COMMITTER_NAME": "Ada",
           "GIT_COMMITTER_EMAIL": "ada@example.com", "GIT_AUTHOR_DATE": "2024-05-01T12:00:00Z",
           "GIT_COMMITTER_DATE": "2024-05-01T12:00:00Z", "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    return subprocess.run(["git", "-c", "core.quotepath=true", "-c", "init.defaultBranch=main", *args],
                          cwd=repo, env=env, input=stdin, check=True, capture_output=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / "app.py").write_bytes(b"one\ntwo\nthree\nfour\nfive\n")
    (tmp_path / "old.txt").write_bytes(b"keep\n")
    (tmp_path / "gone.txt").write_bytes(b"bye\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "first")
    return tmp_path


def patches(data: bytes) -> list[FilePatch]:
    return list(parse_patch(data.splitlines(keepends=True)))


def by_path(data: bytes) -> dict[str, FilePatch]:
    return {p.path: p for p in patches(data)}


def test_git_diff_reports_added_lines_with_new_numbers(repo: Path) -> None:
    (repo / "app.py").write_bytes(b"one\nTWO\nthree\nfour\nadded a\nadded b\nfive\n")
    [patch] = patches(git(repo, "diff"))
    assert patch.path == "app.py" and patch.old_path == "app.py" and patch.commit is None
    assert patch.added == ((2, b"TWO"), (5, b"added a"), (6, b"added b"))


def test_cached_zero_context(repo: Path) -> None:
    (repo / "app.py").write_bytes(b"zero\none\ntwo\nthree\nfour\nfive\nsix\n")
    (repo / "new.txt").write_bytes(b"n1\nn2\n")
    git(repo, "add", "-A")
    got = by_path(git(repo, "diff", "--cached", "-U0"))
    assert got["app.py"].added == ((1, b"zero"), (7, b"six"))
    assert got["new.txt"].added == ((1, b"n1"), (2, b"n2")) and got["new.txt"].old_path is None


def test_deleted_file_has_no_added_lines(repo: Path) -> None:
    (repo / "gone.txt").unlink()
    [patch] = patches(git(repo, "diff"))
    assert (patch.path, patch.deleted, patch.added) == ("gone.txt", True, ())
    assert list(fragments([patch])) == []


def test_rename_takes_the_new_path(repo: Path) -> None:
    git(repo, "mv", "old.txt", "renamed.txt")
    (repo / "renamed.txt").write_bytes(b"keep\nmore\n")
    git(repo, "add", "-A")
    [patch] = patches(git(repo, "diff", "--cached", "-M"))
    assert (patch.path, patch.old_path, patch.added) == ("renamed.txt", "old.txt", ((2, b"more"),))


def test_pure_rename_and_copy_headers() -> None:
    text = (b"diff --git a/x y.txt b/z w.txt\nsimilarity index 100%\nrename from x y.txt\nrename to z w.txt\n"
            b"diff --git a/p b/q\nsimilarity index 90%\ncopy from p\ncopy to q\n--- a/p\n+++ b/q\n"
            b"@@ -1 +1,2 @@\n same\n+copied\n")
    [rename, copy] = patches(text)
    assert (rename.path, rename.old_path, rename.added) == ("z w.txt", "x y.txt", ())
    assert (copy.path, copy.old_path, copy.added) == ("q", "p", ((2, b"copied"),))


def test_binary_patches_are_skipped_with_a_reason(repo: Path) -> None:
    (repo / "blob.bin").write_bytes(bytes(range(256)) * 4)
    (repo / "app.py").write_bytes(b"one\n")
    git(repo, "add", "-A")
    for args in (["diff", "--cached"], ["diff", "--cached", "--binary"]):
        got = by_path(git(repo, *args))
        assert got["blob.bin"].binary and got["blob.bin"].added == ()
        assert got["app.py"].added == () and got["app.py"].path == "app.py"
        [skipped] = [f for f in fragments(got.values()) if isinstance(f, Skipped)]
        assert skipped.path == "blob.bin" and "binary" in skipped.reason


def test_no_newline_at_end_of_file(repo: Path) -> None:
    (repo / "app.py").write_bytes(b"one\ntwo\nthree\nfour\nfive\nlast")
    [patch] = patches(git(repo, "diff"))
    assert patch.added == ((6, b"last"),)


def test_crlf_patch_and_crlf_content(repo: Path) -> None:
    (repo / "app.py").write_bytes(b"one\ntwo\nthree\nfour\nfive\nwin\r\n")
    [patch] = patches(git(repo, "diff"))
    assert patch.added == ((6, b"win"),)
    [patch] = patches(git(repo, "diff").replace(b"\n", b"\r\n"))
    assert patch.path == "app.py" and patch.added == ((6, b"win"),)


def test_quoted_non_utf8_and_utf8_paths(repo: Path) -> None:
    (repo / "\u00e9t\u00e9.txt").write_bytes(b"accent\n")
    (repo / b"raw\xff.txt".decode("utf-8", "surrogateescape")).write_bytes(b"latin\n")
    git(repo, "add", "-A")
    got = by_path(git(repo, "diff", "--cached"))
    assert got["\u00e9t\u00e9.txt"].added == ((1, b"accent"),)
    assert got["raw\\xff.txt"].added == ((1, b"latin"),)


def test_git_log_p_carries_commit_and_meta(repo: Path) -> None:
    (repo / "app.py").write_bytes(b"one\ntwo\nthree\nfour\nfive\nsix\n")
    git(repo, "commit", "-qam", "add six\n\nbody line")
    sha = git(repo, "rev-parse", "HEAD").decode().strip()
    got = [p for p in patches(git(repo, "log", "-p", "--decorate")) if p.added]
    six = next(p for p in got if p.added == ((6, b"six"),))
    meta = dict(six.meta)
    assert six.commit == sha
    assert meta["subject"] == "add six" and meta["author"].startswith("Ada") and "2024" in meta["date"]
    first = next(p for p in got if p.path == "gone.txt")
    assert first.commit != sha and dict(first.meta)["subject"] == "first"


def test_merge_combined_diff(repo: Path) -> None:
    git(repo, "checkout", "-qb", "side")
    (repo / "app.py").write_bytes(b"one\ntwo\nthree\nfour\nfive\nside\n")
    git(repo, "commit", "-qam", "side")
    git(repo, "checkout", "-q", "main")
    (repo / "app.py").write_bytes(b"main\none\ntwo\nthree\nfour\nfive\n")
    git(repo, "commit", "-qam", "main")
    git(repo, "merge", "-q", "--no-edit", "side")  # clean merge: nothing new in it
    (repo / "app.py").write_bytes(b"main\none\ntwo\nthree\nEVIL\nfour\nfive\nside\n")
    git(repo, "commit", "-q", "--amend", "-am", "merge with an evil line")
    merge = git(repo, "rev-parse", "HEAD").decode().strip()
    [patch] = [p for p in patches(git(repo, "log", "-p", "--cc", "-1")) if p.commit == merge]
    assert patch.path == "app.py" and patch.added == ((5, b"EVIL"),)


def test_format_patch_mbox_with_several_patches(repo: Path) -> None:
    (repo / "app.py").write_bytes(b"one\ntwo\nthree\nfour\nfive\n--- not a header\n")
    git(repo, "commit", "-qam", "a rather long subject line that git will fold when it writes the mail header")
    (repo / "b.txt").write_bytes(b"diff --git a/x b/x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second")
    mbox = git(repo, "format-patch", "--stdout", "HEAD~2")
    shas = git(repo, "rev-list", "HEAD~2..HEAD").decode().split()
    first, second = patches(mbox)
    assert (first.path, first.added, first.commit) == ("app.py", ((6, b"--- not a header"),), shas[1])
    assert (second.path, second.added, second.commit) == ("b.txt", ((1, b"diff --git a/x b/x"),), shas[0])
    assert dict(first.meta)["subject"].endswith("when it writes the mail header")
    assert dict(second.meta)["subject"] == "[PATCH 2/2] second"


def test_plain_diff_u_with_timestamps(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "conf.ini").write_bytes(b"x=1\ny=2\n")
    (tmp_path / "b" / "conf.ini").write_bytes(b"x=1\ntoken=abc\ny=2\n")
    (tmp_path / "b" / "new.ini").write_bytes(b"fresh\n")
    (tmp_path / "b" / "bin.dat").write_bytes(b"\0\1\2")
    (tmp_path / "a" / "bin.dat").write_bytes(b"\0\1\3")
    out = subprocess.run(["diff", "-ruN", "a", "b"], cwd=tmp_path, capture_output=True).stdout
    got = by_path(out)
    assert got["conf.ini"].added == ((2, b"token=abc"),)
    assert got["new.ini"].added == ((1, b"fresh"),)
    assert got["bin.dat"].binary


def test_diff_u_of_two_files_keeps_the_new_name(tmp_path: Path) -> None:
    (tmp_path / "before.txt").write_bytes(b"a\n")
    (tmp_path / "after.txt").write_bytes(b"a\nb\n")
    out = subprocess.run(["diff", "-u", "before.txt", "after.txt"], cwd=tmp_path, capture_output=True).stdout
    [patch] = patches(out)
    assert (patch.path, patch.old_path, patch.added) == ("after.txt", "before.txt", ((2, b"b"),))


def test_fragments_carry_line_numbers_commit_and_meta() -> None:
    patch = FilePatch("p.txt", "p.txt", "abc123", ((3, b"x"), (9, b"y")), meta=(("author", "Ada"),))
    [frag] = fragments([patch])
    assert isinstance(frag, Fragment)
    assert (frag.data, frag.line_numbers, frag.commit, frag.extra) == (b"x\ny", (3, 9), "abc123", (("author", "Ada"),))


def test_large_file_is_split_but_keeps_every_line() -> None:
    body = b"".join(b"+line %d\n" % i for i in range(1, 1001))
    text = b"--- a/big\n+++ b/big\n@@ -0,0 +1,1000 @@\n" + body
    pieces = list(parse_patch(text.splitlines(keepends=True), max_bytes=1000))
    assert len(pieces) > 5 and {p.path for p in pieces} == {"big"}
    assert [n for p in pieces for n, _ in p.added] == list(range(1, 1001))


# Lines that look like diff syntax: a parser guessing from first characters would misread them.
TRICKY = [b"--- a/x", b"+++ b/x", b"@@ -1 +1 @@", b"diff --git a/q b/q", b"commit " + b"a" * 40,
          b"From " + b"b" * 40 + b" Mon Sep 17 00:00:00 2001", b"", b" ", b"\\ No newline", b"-- ",
          b"Binary files a and b differ", b"rename to evil", b"Subject: x", b"    indented"]
line_st = st.one_of(st.sampled_from(TRICKY), st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"").replace(b"\r", b"")))
file_st = st.tuples(st.lists(line_st, max_size=12), st.lists(line_st, max_size=12))


def expected_added(old: list[bytes], new: list[bytes]) -> tuple[tuple[int, bytes], ...]:
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return tuple((j + 1, new[j]) for tag, _, _, j1, j2 in ops if tag in ("insert", "replace") for j in range(j1, j2))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(file_st, min_size=1, max_size=4), context=st.integers(0, 3), git_style=st.booleans(),
       crlf=st.booleans())
def test_generated_diffs_round_trip_added_line_numbers(files, context, git_style, crlf) -> None:
    chunks: list[bytes] = []
    want: dict[str, tuple[tuple[int, bytes], ...]] = {}
    for i, (old, new) in enumerate(files):
        name = f"dir/f{i}.txt"
        body = list(difflib.diff_bytes(difflib.unified_diff, old, new, f"a/{name}".encode(), f"b/{name}".encode(),
                                       n=context, lineterm=b""))
        if not body:
            continue
        if git_style:
            chunks.append(f"diff --git a/{name} b/{name}".encode())
            chunks.append(b"index 1111111..2222222 100644")
        chunks.extend(body)
        want[name] = expected_added(old, new)
    eol = b"\r\n" if crlf else b"\n"
    got = {p.path: p.added for p in parse_patch(line + eol for line in chunks)}
    assert got == want


@pytest.mark.parametrize("hunk", [
    b"@@@@ -1 +1 @@@@", b"@@@ -1 +1 @@@", b"@@ -1 -1 -1 +1 @@", b"@@ -1 +" + b"9" * 4300 + b" @@",
    b"@@ -1 +1," + b"9" * 4400 + b" @@", b"@@ -" + b"9" * 5000 + b" +1 @@",
], ids=["cc-fewer-ranges", "three-at-one-range", "more-ranges", "4300-digit-start", "4400-digit-count",
        "5000-digit-old"])
def test_malformed_hunk_headers_never_crash(hunk):
    """Found by fuzzing: a combined diff's "@" run that the ranges do not match, and huge numbers."""
    for body in (b"+++x\n", b"  x\n", b"- x\n", b"+x\n", b" x\n"):
        patch = b"diff --cc a.py\nindex 1,2..3\n--- a/a.py\n+++ b/a.py\n" + hunk + b"\n" + body
        list(parse_patch(patch.splitlines(keepends=True)))
