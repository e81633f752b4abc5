"""What a file's own text says about where it runs: directives, imports, browser globals, <script>.

File-level signals are computed once per fragment (the judge memoises them);
the inline ``<script>`` test looks only at a window before the match. A
directive is only believed when the fragment starts at the file's first line.
"""

from __future__ import annotations

import re

from leakscan.model import Fragment, RuleMatch
from leakscan.policy.paths import compile_glob
from leakscan.policy.signals import CLIENT, EXPLICIT, FOLDER, FRAMEWORK, SERVER, WEAK, Signal

JS_EXTENSIONS = frozenset({"js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"})
SCRIPT_WINDOW = 64 * 1024
_PROLOGUE = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
_DIRECTIVE = re.compile(rb"""['"]use (client|server)['"]""")
_ONLY = re.compile(rb"""^\s*import\s+['"](server|client)-only['"]""", re.M)
_BROWSER = re.compile(rb"(?<![\w$.])(window|document|localStorage|sessionStorage|navigator)\s*\.|import\.meta\.env")
_SERVER_IMPORT = re.compile(
    rb"""(?:require\(\s*|from\s+|import\s+)['"](express|fastify|koa|@hapi/hapi|@nestjs/core|"""
    rb"""node:[a-z_]+|fs|child_process)['"]"""
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
        m = _ANDROID_IMPORT.search(fragment.data)
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
    if m := _ONLY.search(data):
        side = CLIENT if m[1] == b"client" else SERVER
        out.append(Signal(side, EXPLICIT, f"imports {m[1].decode()}-only (line {_line(fragment, m.start())})"))
    if whole and directive is None and any(p.match(fragment.path) for p in _APP_ROUTER):
        out.append(Signal(SERVER, FRAMEWORK, 'is a Next.js app-router file without "use client" (server component)'))
    if m := _SERVER_IMPORT.search(data):
        out.append(Signal(SERVER, FOLDER, f"imports {m[1].decode()} (line {_line(fragment, m.start())})"))
    if m := _UI_IMPORT.search(data):
        rank = FOLDER if m[1] == b"react-native" or m[1].startswith(b"expo-") else WEAK
        out.append(Signal(CLIENT, rank, f"imports {m[1].decode()} (UI code, line {_line(fragment, m.start())})"))
    if m := _BROWSER.search(data):
        what = m[1].decode() if m[1] else "import.meta.env"
        out.append(Signal(CLIENT, WEAK, f"uses browser global {what} (line {_line(fragment, m.start())})"))
    return out


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
    line = _line(fragment, lo + opened)
    return Signal(CLIENT, FRAMEWORK, f"has it inside an inline <script> block (opened at line {line})")
