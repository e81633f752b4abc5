"""Unified diffs -> the lines they add, with new-file line numbers.

Reads ``git diff`` (any -U), ``git log -p`` (commit headers, combined diffs of
merges), ``git format-patch`` mboxes (several patches, ``From <sha>`` lines) and
``diff -u``.  Hunks are followed by their line counts, never guessed from a
line's first character, so an added line that reads ``--- x`` or ``diff --git``
stays content.  Streams: memory holds one file's added lines (split past
``max_bytes``), never the whole patch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from leakscan.errors import SourceError
from leakscan.model import ArchiveLimits, Fragment, Skipped
from leakscan.sources import diffpaths as dp
from leakscan.sources import textenc

MAX_BYTES = 8 * 1024 * 1024
_COMMIT = re.compile(rb"^commit ([0-9a-f]{4,64})(?:\s|$)")
_MBOX = re.compile(rb"^From ([0-9a-f]{40,64}) ")
# at most 18 digits a number: a line number past that is not a hunk header, and int() of 4,300 digits raises
_HUNK = re.compile(rb"^(@@+) ((?:-\d{1,18}(?:,\d{1,18})? )+)\+(\d{1,18})(?:,(\d{1,18}))? @@+")
_META = {b"Author": "author", b"From": "author", b"Date": "date", b"AuthorDate": "date", b"Subject": "subject"}


@dataclass(frozen=True)
class FilePatch:
    path: str  # new path ("/"-separated, printable); old path for deletions
    old_path: str | None
    commit: str | None
    added: tuple[tuple[int, bytes], ...]  # (new-file line number, line without its newline)
    binary: bool = False
    deleted: bool = False
    meta: tuple[tuple[str, str], ...] = ()  # author, date, subject when the patch carries them
    # a binary patch's new file, when it carries it whole (``literal``), else why not
    content: bytes | None = field(default=None, repr=False)
    binary_note: str = ""


@dataclass
class _File:
    old: bytes | None = None
    new: bytes | None = None
    strip: bool = False
    binary: bool = False
    deleted: bool = False
    combined: int = 0  # parents of a combined (merge) diff; 0 for an ordinary one
    started: bool = False  # a hunk has begun: header lines are over
    added: list[tuple[int, bytes]] = field(default_factory=list)
    size: int = 0
    block: str = ""  # the first block of a GIT binary patch: "literal" (the whole new file) or "delta"
    block_size: int = 0
    block_lines: list[bytes] | None = None  # its base85 lines, while they are being read
    block_done: bool = False


def _strip(path: bytes, strip: bool) -> bytes:
    return dp.strip_prefix(path) if strip and path != dp.DEV_NULL else path


def _eol(line: bytes) -> bytes:
    if line.endswith(b"\n"):
        line = line[:-1]
    return line[:-1] if line.endswith(b"\r") else line


class _Parser:
    """One line at a time; ``feed`` returns the file patches that line completed."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.commit: str | None = None
        self.meta: dict[str, str] = {}
        self.headers_open = False  # mail / commit headers not yet ended by a blank line
        self.file: _File | None = None
        self.in_hunk = False
        self.new_line = 0
        self.left: list[int] = []  # lines still expected: one per parent, then the new side
        self.pending_old: bytes | None = None  # a "--- x" outside a file: a plain diff -u begins?

    def feed(self, raw: bytes) -> list[FilePatch]:
        line = _eol(raw)
        if self.in_hunk:
            return self._hunk_line(line)
        pending, self.pending_old = self.pending_old, None
        if pending is not None and line.startswith(b"+++ "):
            out = self.flush()
            old, new = dp.header_path(pending), dp.header_path(line[4:])
            strip = dp.has_prefixes(old, new)
            self.file = _File(old=_strip(old, strip), new=_strip(new, strip), deleted=new == dp.DEV_NULL)
            return out
        return self._header_line(line)

    def _header_line(self, line: bytes) -> list[FilePatch]:
        if m := _COMMIT.match(line) or _MBOX.match(line):
            out = self.flush()
            self.commit, self.meta, self.headers_open = m.group(1).decode(), {}, True
            return out
        if line.startswith((b"diff --git ", b"diff --cc ", b"diff --combined ")):
            out = self.flush()
            self._start_git(line)
            return out
        f = self.file
        if line.startswith(b"@@") and f is not None and (m := _HUNK.match(line)):
            self._start_hunk(m)
            return []
        if f is not None and not f.started and self._file_header(f, line):
            return []
        if line.startswith(b"--- "):
            self.pending_old = line[4:]  # a new plain diff, if "+++" follows
            return []
        if line.startswith(b"Binary files ") and line.endswith(b" differ"):
            return self._plain_binary(line)
        self._commit_header(line)
        return []

    def _start_git(self, line: bytes) -> None:
        rest = line.split(b" ", 2)[2]
        if line.startswith(b"diff --git "):
            old, new = dp.git_header(rest) or (rest, rest)
            strip = dp.has_prefixes(old, new)
            self.file = _File(old=_strip(old, strip), new=_strip(new, strip), strip=strip)
        else:
            path = dp.unquote(rest)[0] if rest.startswith(b'"') else rest
            self.file = _File(old=path, new=path, combined=1)

    def _file_header(self, f: _File, line: bytes) -> bool:
        """Extended git header lines and ---/+++ of the open file; False when the line is none of them."""
        if line.startswith((b"--- ", b"+++ ")):
            if not f.combined:  # a merge's ---/+++ repeat the header's one path
                path = _strip(dp.header_path(line[4:]), f.strip)
                if line[0] == 0x2D:
                    f.old = path
                else:
                    f.new, f.deleted = path, f.deleted or path == dp.DEV_NULL
        elif line.startswith((b"rename from ", b"copy from ")):
            f.old = dp.header_path(line.split(b" ", 2)[2])
        elif line.startswith((b"rename to ", b"copy to ")):
            f.new = dp.header_path(line.split(b" ", 2)[2])
        elif line.startswith(b"deleted file mode"):
            f.deleted = True
        elif line.startswith((b"GIT binary patch", b"Binary files ")):
            f.binary = True
        elif f.block_lines is not None and not f.block_done:  # the first block of a GIT binary patch
            from leakscan.sources import binpatch

            if line and binpatch.is_data_line(line) and len(f.block_lines) < _BLOCK_LINES:
                f.block_lines.append(line)
            else:  # a blank line ends it; anything else (or too much of it) leaves it unreadable
                f.block_done, f.block_lines = True, f.block_lines if not line else None
            return True
        elif f.binary and not f.block and (m := _BLOCK.match(line)):
            f.block, f.block_size, f.block_lines = m.group(1).decode(), int(m.group(2)), []
        else:
            return line.startswith((b"index ", b"old mode", b"new mode", b"new file mode", b"similarity",
                                    b"dissimilarity", b"literal ", b"delta ", b"mode "))
        return True

    def _plain_binary(self, line: bytes) -> list[FilePatch]:
        out = self.flush()
        old, _, new = line[len(b"Binary files ") : -len(b" differ")].rpartition(b" and ")
        strip = dp.has_prefixes(old, new)
        self.file = _File(old=_strip(old, strip), new=_strip(new, strip), binary=True)
        return out + self.flush()

    def _commit_header(self, line: bytes) -> None:
        if not line.strip():
            self.headers_open = False
        elif self.headers_open and b": " in line and not line.startswith(b" "):
            name, _, value = line.partition(b": ")
            key = _META.get(name)
            if key and key not in self.meta:
                self.meta[key] = value.decode("utf-8", "replace").strip()
        elif self.headers_open and line[:1] in (b" ", b"\t") and "subject" in self.meta:
            self.meta["subject"] += " " + line.strip().decode("utf-8", "replace")  # a folded Subject:
        elif line.startswith(b"    ") and "subject" not in self.meta and self.commit is not None:
            self.meta["subject"] = line.strip().decode("utf-8", "replace")  # git log: first message line

    def _start_hunk(self, m: re.Match[bytes]) -> None:
        f = self.file
        assert f is not None
        f.started = True
        olds = [int(r.split(b",")[1]) if b"," in r else 1 for r in m.group(2).split()]
        parents = len(olds)  # what the ranges say, not the "@" run: "@@@@ -1 +1 @@@@" has one parent
        f.combined = parents if parents > 1 else 0
        self.left = [*olds, int(m.group(4)) if m.group(4) is not None else 1]
        self.new_line = int(m.group(3))
        self.in_hunk = any(self.left)

    def _hunk_line(self, line: bytes) -> list[FilePatch]:
        f = self.file
        assert f is not None
        if line.startswith(b"\\"):
            return []  # "\ No newline at end of file"
        width = f.combined or 1
        marks, text = line[:width].ljust(width, b" "), line[width:]
        if f.combined:
            self._combined_line(f, marks, text)
        elif marks == b"+":
            self._add(f, text)
        elif marks == b"-":
            self.left[0] -= 1
        elif marks == b" ":
            self.left[0] -= 1
            self.left[1] -= 1
            self.new_line += 1
        else:  # not a hunk line: the hunk was shorter than announced
            self.in_hunk = False
            return self.feed(line)
        self.in_hunk = any(n > 0 for n in self.left)
        return self._spill(f)

    def _combined_line(self, f: _File, marks: bytes, text: bytes) -> None:
        for i, mark in enumerate(marks):
            if mark != 0x2B:  # "+": not present in that parent
                self.left[i] -= 1
        if b"-" in marks:
            return
        if marks.count(b"+") == len(marks):  # new to every parent; a line from one parent is not new
            self._add(f, text)
        else:
            self.left[-1] -= 1
            self.new_line += 1

    def _add(self, f: _File, text: bytes) -> None:
        f.added.append((self.new_line, text))
        f.size += len(text) + 1
        self.new_line += 1
        self.left[-1] -= 1

    def _spill(self, f: _File) -> list[FilePatch]:
        """Past ``max_bytes`` a file's added lines go out in pieces: memory stays bounded."""
        if f.size < self.max_bytes:
            return []
        out = [self._patch(f)]
        f.added, f.size = [], 0
        return out

    def _patch(self, f: _File) -> FilePatch:
        old = None if f.old in (None, dp.DEV_NULL) else f.old
        new = None if f.new in (None, dp.DEV_NULL) else f.new
        path = (old if f.deleted or new is None else new) or b""
        content, note = _content(f, self.max_bytes)
        return FilePatch(dp.printable(path), dp.printable(old) if old is not None else None, self.commit,
                         tuple(f.added), f.binary, f.deleted or new is None, tuple(sorted(self.meta.items())),
                         content, note)

    def flush(self) -> list[FilePatch]:
        f, self.file, self.in_hunk = self.file, None, False
        return [self._patch(f)] if f is not None else []


_BLOCK = re.compile(rb"^(literal|delta) (\d{1,12})$")
_BLOCK_LINES = 4 << 20  # base85 lines of one binary file a patch may carry (52 bytes each: ~200 MiB)


def _content(f: _File, limit: int) -> tuple[bytes | None, str]:
    if not f.binary or f.deleted:
        return None, ""
    from leakscan.sources import binpatch

    return binpatch.new_file(f.block, f.block_size, f.block_lines if f.block_done else None, limit)


def read_patch(fh: BinaryIO, name: str = "<stdin>", max_bytes: int = MAX_BYTES) -> Iterator[FilePatch]:
    """:func:`parse_patch` over a patch file or stdin; a UTF-16 or UTF-32 patch (what PowerShell 5.1's
    ``git diff > change.patch`` writes) is read as the text it is.

    Text with no diff, hunk or commit header anywhere is not a patch: a SourceError once it has been
    read, rather than "0 files" (an empty input is an empty diff, and fine).
    """
    parser = _Parser(max_bytes)
    lines = found = 0
    for line in textenc.reading_utf8(fh):
        lines += bool(line.strip())
        for patch in parser.feed(line):
            found += 1
            yield patch
    for patch in parser.flush():
        found += 1
        yield patch
    if lines and not found and parser.commit is None:
        hint = f"; to scan the file itself: leakscan scan {name}" if name != "<stdin>" else ""
        raise SourceError(f"{name}: not a patch (no diff, hunk or commit header in {lines} lines){hint}")


def parse_patch(lines: Iterable[bytes], max_bytes: int = MAX_BYTES) -> Iterator[FilePatch]:
    """Each file a patch touches, in order, as soon as the next file begins."""
    parser = _Parser(max_bytes)
    for line in lines:
        yield from parser.feed(line)
    yield from parser.flush()


def fragments(patches: Iterable[FilePatch], limits: ArchiveLimits | None = None) -> Iterator[Fragment | Skipped]:
    """Added lines as fragments with their real line numbers; a binary patch that carries its file
    whole is opened as ``scan`` opens a file (an archive's entries, or text git called binary)."""
    for patch in patches:
        where = f" in commit {patch.commit}" if patch.commit else ""
        if patch.binary and patch.content is not None:
            from leakscan.sources import binpatch

            yield from binpatch.scanned(patch.path, patch.commit, patch.meta, patch.content, limits or ArchiveLimits())
        elif patch.binary:
            yield Skipped(patch.path, f"binary patch{where} ({patch.binary_note or 'not scanned'})")
        elif patch.added:
            yield Fragment(
                data=b"\n".join(text for _, text in patch.added),
                path=patch.path,
                commit=patch.commit,
                line_numbers=tuple(n for n, _ in patch.added),
                extra=patch.meta,
            )

