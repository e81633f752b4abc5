"""What a file's own text says about where it runs: directives, imports, browser globals, <script>.

File-level signals are computed once per fragment (the judge memoises them);
the inline ``<script>`` test looks only at a window before the match. A
directive is only believed when the fragment starts at the file's first line.
"""

from __future__ import annotations

import re

from leakscan.model import Fragment, RuleMatch
from leakscan.policy.globs import compile_glob
from leakscan.policy.signals import CLIENT, EXPLICIT, FOLDER, FRAMEWORK, SERVER, WEAK, Signal

JS_EXTENSIONS = frozenset({"js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"})
# markup and templates, where a <script> block may close later (or the fragment is partial)
MARKUP = frozenset({"html", "htm", "xhtml", "vue", "svelte", "astro", "php", "phtml", "erb", "jinja", "jinja2", "j2",
                    "njk", "hbs", "handlebars", "mustache", "ejs", "jsp", "aspx", "cshtml", "razor", "twig",
                    "liquid", "tpl", "tmpl", "gohtml", "xml", "svg"})
SCRIPT_WINDOW = 64 * 1024
_PROLOGUE = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
_DIRECTIVE = re.compile(rb"""['"]use (client|server)['"]""")
_ONLY = re.compile(rb"""^\s*import\s+['"](server|client)-only['"]""", re.M)
HEAD = 64 * 1024  # imports and directives live at the top of a module
BODY = 1024 * 1024  # browser globals are looked for this far: a weak hint, bounded cost
_GLOBALS = (b"window.", b"document.", b"localStorage.", b"sessionStorage.", b"navigator.", b"import.meta.env")
_IDENT_BYTE = re.compile(rb"[\w$.]")
# Code that cannot run in a browser: Node built-ins and server frameworks.  Ranked above
# folders and file types (a file under public/ that imports node:net is server code).
_SERVER_IMPORT = re.compile(
    rb"""(?:require\(\s*|from\s+|import\s+)['"](express|fastify|koa|@hapi/hapi|@nestjs/core|"""
    rb"""node:[a-z_/]+|fs|fs/promises|child_process|net|tls|dgram|cluster|worker_threads|http2?|https|"""
    rb"""os|readline|pg|mysql2?|mongodb|ioredis|dotenv|\$env/(?:static|dynamic)/private)['"]"""
)
_UI_IMPORT = re.compile(
    rb"""(?:require\(\s*|from\s+|import\s+)['"](react-native|react-dom|react|vue|svelte|@angular/core|"""
    rb"""preact|solid-js|expo-[a-z-]+)(?:/[^'"]*)?['"]"""
)
_ANDROID_IMPORT = re.compile(rb"^\s*import\s+(androidx?)\.", re.M)
_APP_ROUTER = compile_glob("**/app/**/{page,layout,template,default,loading,not-found}.{tsx,jsx,ts,js}")[0]


def extension(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _line(fragment: Fragment, offset: int) -> int:
    return fragment.line_of(fragment.data.count(b"\n", 0, offset))


def file_signals(fragment: Fragment) -> list[Signal]:
    """Signals from the whole file's text: JavaScript/TypeScript, and Java/Kotlin Android code."""
    ext = extension(fragment.path)
    if ext in ("java", "kt", "kts"):
        m = _ANDROID_IMPORT.search(fragment.data, 0, HEAD)
        return [Signal(CLIENT, FRAMEWORK, f"imports {m[1].decode()}.* (Android app code, line "
                                          f"{_line(fragment, m.start())})")] if m else []
    if ext not in JS_EXTENSIONS:
        return []
    data = fragment.data
    whole = fragment.first_line == 1 and fragment.line_numbers is None
    out: list[Signal] = []
    directive = _directive(data) if whole else None
    if directive:
        side = CLIENT if directive == "client" else SERVER
        out.append(Signal(side, EXPLICIT, f'starts with "use {directive}"'))
    if m := _ONLY.search(data, 0, HEAD):
        side = CLIENT if m[1] == b"client" else SERVER
        out.append(Signal(side, EXPLICIT, f"imports {m[1].decode()}-only (line {_line(fragment, m.start())})"))
    if whole and directive is None and any(p.match(fragment.path) for p in _APP_ROUTER):
        out.append(Signal(SERVER, FRAMEWORK, 'is a Next.js app-router file without "use client" (server component)'))
    if m := _SERVER_IMPORT.search(data, 0, HEAD):
        out.append(Signal(SERVER, FRAMEWORK, f"imports {m[1].decode()} (server-only, line {_line(fragment, m.start())})"))
    if m := _UI_IMPORT.search(data, 0, HEAD):
        rank = FOLDER if m[1] == b"react-native" or m[1].startswith(b"expo-") else WEAK
        out.append(Signal(CLIENT, rank, f"imports {m[1].decode()} (UI code, line {_line(fragment, m.start())})"))
    if (found := _browser_global(data)) and not _feature_detects(data, found[1]):
        what, at = found
        out.append(Signal(CLIENT, WEAK, f"uses browser global {what} (line {_line(fragment, at)})"))
    return out


def _browser_global(data: bytes) -> tuple[str, int] | None:
    """The first browser global used in the file's first MiB (plain finds: a regex alternation is 40x slower)."""
    best: tuple[str, int] | None = None
    for needle in _GLOBALS:
        at = data.find(needle, 0, BODY)
        while at > 0 and _IDENT_BYTE.match(data, at - 1):  # part of a longer name: myWindow.x, a.document.x
            at = data.find(needle, at + 1, BODY)
        if at != -1 and (best is None or at < best[1]):
            best = (needle.decode().rstrip("."), at)
    return best


_GUARD = re.compile(rb"typeof\s+(?:window|document|localStorage|navigator)\b|\btry\s*\{")


def _feature_detects(data: bytes, at: int) -> bool:
    """A global used behind ``typeof window`` or inside ``try {`` is feature detection: code that
    runs in Node and browsers alike (a library), not evidence of front-end code."""
    return _GUARD.search(data, max(0, at - 120), at) is not None


def _directive(data: bytes) -> str | None:
    """The directive of the file's prologue: only comments and blank lines may come before it."""
    start = _PROLOGUE.match(data[:4096])
    m = _DIRECTIVE.match(data, start.end() if start else 0)
    return m[1].decode() if m else None


def inline_script(fragment: Fragment, match: RuleMatch) -> Signal | None:
    """The match sits between ``<script…>`` and ``</script>`` (HTML, templates, strings of HTML)."""
    lo = max(0, match.start - SCRIPT_WINDOW)
    before = fragment.data[lo : match.start].lower()
    opened = before.rfind(b"<script")
    if opened == -1 or before.find(b"</script", opened) != -1:
        return None
    if not _markup(fragment.path):  # code holding HTML: only a whole <script>…</script> around the match counts
        after = fragment.data[match.end : match.end + SCRIPT_WINDOW].lower()  # (a lone "<script>" string in
        if after.find(b"</script") == -1:                                    # a .py file is no script block)
            return None
    line = _line(fragment, lo + opened)
    return Signal(CLIENT, FRAMEWORK, f"has it inside an inline <script> block (opened at line {line})")


def _markup(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return "." not in name or name.rsplit(".", 1)[-1] in MARKUP

