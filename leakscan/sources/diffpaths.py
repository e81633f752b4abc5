"""Path syntax inside unified diffs: git's C-quoting, a/ b/ prefixes, timestamps after a tab.

Kept apart from the parser so the state machine in :mod:`leakscan.sources.diff`
reads as one job.  Everything here works on bytes: paths in diffs need not be
UTF-8, and are made printable only at the end.
"""

from __future__ import annotations

import re

DEV_NULL = b"/dev/null"
_ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13, b'"': 34, b"\\": 92}
# git's prefixes: a/ b/ by default, c/ i/ w/ o/ with diff.mnemonicPrefix, 1/ 2/ for --no-index
_PREFIX = re.compile(rb"^[abciow12]/")


def printable(path: bytes) -> str:
    """A path as text: undecodable bytes shown as \\xNN, like the file source does."""
    return path.decode("utf-8", "backslashreplace")


def unquote(text: bytes) -> tuple[bytes, bytes]:
    """(path, rest) from ``text``: a C-quoted string ``"a/\\303\\251"`` if it starts with a quote."""
    if not text.startswith(b'"'):
        return text, b""
    out = bytearray()
    i = 1
    while i < len(text):
        ch = text[i : i + 1]
        if ch == b'"':
            return bytes(out), text[i + 1 :]
        if ch == b"\\" and i + 1 < len(text):
            nxt = text[i + 1 : i + 2]
            octal = text[i + 1 : i + 4]
            if re.fullmatch(rb"[0-7]{3}", octal):
                out.append(int(octal, 8) & 0xFF)
                i += 4
                continue
            out.append(_ESCAPES.get(nxt, nxt[0]))
            i += 2
            continue
        out += ch
        i += 1
    return bytes(out), b""  # unterminated: take what there is


def header_path(text: bytes) -> bytes:
    """The path of a ``---``/``+++``/``rename to`` line: unquoted, timestamp after a tab dropped."""
    if text.startswith(b'"'):
        return unquote(text)[0]
    return text.split(b"\t", 1)[0].rstrip(b" ")


def git_header(rest: bytes) -> tuple[bytes, bytes] | None:
    """(old, new) with prefixes from ``diff --git <old> <new>``; spaces in names make it ambiguous.

    Unquoted names with spaces are split where both halves name the same path
    (the common case); a rename's real names come later from ``rename from/to``.
    """
    if rest.startswith(b'"'):
        old, tail = unquote(rest)
        tail = tail.lstrip(b" ")
        return old, unquote(tail)[0] if tail.startswith(b'"') else tail
    if b' "' in rest:
        old, _, new = rest.partition(b' "')
        return old, unquote(b'"' + new)[0]
    spaces = [i for i, c in enumerate(rest) if c == 0x20]
    for i in spaces:
        old, new = rest[:i], rest[i + 1 :]
        if strip_prefix(old) == strip_prefix(new):
            return old, new
    if spaces:
        mid = spaces[len(spaces) // 2]
        return rest[:mid], rest[mid + 1 :]
    return None


def strip_prefix(path: bytes) -> bytes:
    return path[2:] if _PREFIX.match(path) else path


def has_prefixes(old: bytes, new: bytes) -> bool:
    """Whether a pair of names carries git-style prefixes (a/x b/x), so they should be stripped."""
    if old == DEV_NULL:
        return new.startswith(b"b/")
    if new == DEV_NULL:
        return old.startswith(b"a/")
    return bool(_PREFIX.match(old) and _PREFIX.match(new) and old[:1] != new[:1])
