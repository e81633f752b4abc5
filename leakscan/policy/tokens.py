"""Which language a file is in, and whether a match sits in a string, a comment or code.

pygments is imported on first use and lexes only a window of lines around the
match (a few KiB), never the whole file: a 10 MB bundle costs the same as a
small module. A string or comment opened before the window can mislead it; the
result is advisory (``token_context``), severity never depends on it.
"""

from __future__ import annotations

import fnmatch
from bisect import bisect_right
from functools import lru_cache
from typing import Any

from leakscan.model import Fragment, RuleMatch, Scratch

BEFORE = 128  # bytes of context lexed before the match (whole lines)
AFTER = 512
REACH = 8192  # how far back an unclosed block comment is looked for
_LONG_LINE = 8192

# Common names resolved without pygments' filename scan (which also loads plugins: ~100 ms).
_ALIASES = {
    "js": "javascript", "mjs": "javascript", "cjs": "javascript", "jsx": "jsx", "ts": "typescript",
    "mts": "typescript", "cts": "typescript", "tsx": "tsx", "py": "python", "rb": "ruby", "go": "go",
    "java": "java", "kt": "kotlin", "kts": "kotlin", "swift": "swift", "dart": "dart", "php": "php",
    "cs": "csharp", "rs": "rust", "html": "html", "htm": "html", "vue": "vue", "svelte": "html",
    "ejs": "html", "hbs": "html", "erb": "erb", "xml": "xml", "plist": "xml", "json": "json",
    "map": "json", "yml": "yaml", "yaml": "yaml", "toml": "toml", "ini": "ini", "cfg": "ini",
    "properties": "properties", "sh": "bash", "bash": "bash", "zsh": "bash", "env": "bash",
    "md": "markdown", "rst": "rst", "txt": "text", "log": "text", "sql": "sql", "tf": "terraform",
}
_NAMES = {"dockerfile": "docker", "makefile": "make", ".env": "bash", "procfile": "bash"}
_DATA_TEXT = {"bash", "ini", "properties", "xml", "html", "vue", "docker", "make", "yaml", "toml"}
_PROSE = {"text", "markdown", "rst"}


def language_of(path: str) -> str:
    """A pygments alias for the file, or "" when none fits."""
    name = path.rsplit("/", 1)[-1].lower()
    if name in _NAMES or name.startswith(".env"):
        return _NAMES.get(name, "bash")
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    return _ALIASES.get(ext) or _scan_pygments(name)


@lru_cache(maxsize=256)
def _scan_pygments(name: str) -> str:
    """The first lexer, in pygments' order, with a filename glob that fits ``name``."""
    by_ext, other = _pygments_globs()
    ext = name.rsplit(".", 1)[-1] if "." in name else None
    table = by_ext.get(ext) if ext is not None else None
    for order, alias, glob in other:  # globs fnmatch must read, from lexers before the table's
        if table is not None and order > table[0]:
            break
        if fnmatch.fnmatch(name, glob):
            return alias
    return table[1] if table is not None else ""


@lru_cache(maxsize=1)
def _pygments_globs() -> tuple[dict[str, tuple[int, str]], list[tuple[int, str, str]]]:
    """pygments' filename globs, read once: plain ``*.ext`` ones by extension (first lexer wins),
    the rest in order.  fnmatch over every glob of every lexer cost ~50 ms per unknown name."""
    from pygments.lexers import get_all_lexers

    by_ext: dict[str, tuple[int, str]] = {}
    other: list[tuple[int, str, str]] = []
    for order, (_, aliases, globs, _) in enumerate(get_all_lexers(plugins=False)):
        if not aliases:
            continue
        for glob in globs:
            ext = glob[2:]
            if glob.startswith("*.") and not any(c in ext for c in "*?[]."):
                by_ext.setdefault(ext, (order, str(aliases[0])))
            else:
                other.append((order, str(aliases[0]), glob))
    return by_ext, other


@lru_cache(maxsize=64)
def _lexer(alias: str) -> Any:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(alias, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def window(data: bytes, start: int, end: int) -> tuple[int, int]:
    """Whole lines around the match, cut short on very long (minified) lines.

    Lexing is the cost (about 1 ms per KiB), so only a few lines before the match
    are read, reaching further back only to an unclosed comment or multi-line string.
    """
    lo = data.rfind(b"\n", 0, max(0, _opener(data, start) - BEFORE)) + 1
    if start - lo > _LONG_LINE:
        lo = max(0, start - BEFORE)
    # whole lines after it too, so a comment or string opened before the match can close
    nl = data.rfind(b"\n", end, end + AFTER)
    hi = nl + 1 if nl != -1 else min(len(data), end + AFTER)
    return lo, hi


def _opener(data: bytes, start: int) -> int:
    """Where a block comment or multi-line string still open at ``start`` began (else ``start``).

    Counting quotes is a heuristic (a quote inside a comment miscounts); it only
    moves where lexing starts, never past REACH.
    """
    lo = max(0, start - REACH)
    best = start
    for opener, closer in ((b"/*", b"*/"), (b"<!--", b"-->")):
        at = data.rfind(opener, lo, start)
        if at != -1 and data.find(closer, at + len(opener), start) == -1:
            best = min(best, at)
    line = data.rfind(b"\n", lo, start) + 1 or lo
    for quote in (b'"""', b"'''", b"`"):  # an odd count before the line: a multi-line string is open
        if data.count(quote, lo, line) % 2:
            best = min(best, data.rfind(quote, lo, line))
    return best


def classify(ttype: Any, alias: str) -> str:
    from pygments.token import Comment, Literal, Number, String, Text, Whitespace

    if ttype in Comment:
        return "comment"
    if ttype in String or (ttype in Literal and ttype not in Number):
        return "string"
    if ttype in Text and ttype not in Whitespace:
        return "string" if alias in _DATA_TEXT else "unknown" if alias in _PROSE else "code"
    return "code"


def token_context(fragment: Fragment, match: RuleMatch, scratch: Scratch | None = None) -> tuple[str, str]:
    """(language, string|comment|code|unknown) of the token holding the match's first byte.

    With the fragment's ``scratch``, lexed stretches are kept: a bundle with hundreds of candidates
    in one table is lexed a few times, not once per candidate.
    """
    alias = language_of(fragment.path)
    lexer = _lexer(alias) if alias and alias not in _PROSE else None
    if lexer is None:
        return alias or "text", "unknown"
    lexed = scratch.get(Lexed) if scratch is not None else Lexed(fragment)
    lo, tokens = lexed.covering(lexer, match)
    at = len(fragment.data[lo : match.start].decode("utf-8", "replace"))
    i = bisect_right(tokens, at, key=lambda t: t[0]) - 1
    if i >= 0 and at < tokens[i][0] + tokens[i][1]:
        return alias, classify(tokens[i][2], alias)
    return alias, "unknown"


class Lexed:
    """The stretches of one fragment lexed so far: (start byte, [(text pos, length, token type)])."""

    DENSE = 4  # after this many lexings of one fragment, lex ahead: more candidates are coming
    AHEAD = 16384

    def __init__(self, fragment: Fragment):
        self.data = fragment.data
        self.spans: list[tuple[int, int, list[tuple[int, int, Any]]]] = []

    def covering(self, lexer: Any, match: RuleMatch) -> tuple[int, list[tuple[int, int, Any]]]:
        lo, hi = window(self.data, match.start, match.end)
        for start, stop, tokens in reversed(self.spans):
            if start <= lo and hi <= stop:
                return start, tokens
        if len(self.spans) >= self.DENSE:
            nl = self.data.rfind(b"\n", hi, hi + self.AHEAD)
            hi = nl + 1 if nl != -1 else min(len(self.data), hi + self.AHEAD)
        text = self.data[lo:hi].decode("utf-8", "replace")
        tokens = [(pos, len(value), ttype) for pos, ttype, value in lexer.get_tokens_unprocessed(text)]
        self.spans.append((lo, hi, tokens))
        return lo, tokens
