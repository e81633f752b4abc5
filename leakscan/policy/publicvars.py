"""Values that bundlers inline into client code, wherever they are assigned.

A value bound to ``NEXT_PUBLIC_*``, ``VITE_*`` and friends ends up in the browser
bundle whether it is written in ``.env.production``, a docker-compose
``environment:`` list, CI YAML or a Dockerfile. So do the values of a few
config blocks: ``env:`` and ``publicRuntimeConfig:`` in ``next.config.js``,
``runtimeConfig.public`` in ``nuxt.config``, ``define:`` in ``vite.config``,
``extra`` in Expo's ``app.json``.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from leakscan.model import Fragment, RuleMatch, Scratch
from leakscan.policy.globs import compile_glob
from leakscan.policy.signals import CLIENT, EXPLICIT, SERVER, VALUE, Signal

# prefix -> who inlines it
DEFAULT_PREFIXES: dict[str, str] = {
    "NEXT_PUBLIC_": "Next.js",
    "REACT_APP_": "Create React App",
    "VITE_": "Vite",
    "EXPO_PUBLIC_": "Expo",
    "NUXT_PUBLIC_": "Nuxt",
    "GATSBY_": "Gatsby",
    "PUBLIC_": "SvelteKit",
}
# the name, then what may stand between it and the value: quotes, `=`, `:`, Dockerfile's space
_BINDING = re.compile(r"""([A-Za-z_][A-Za-z0-9_]*)['"\]]{0,2}\s*(?:[:=]|(?<=\s))\s*['"`]?\s*\Z""")
_TAIL = re.compile(_BINDING.pattern.split(")", 1)[1])  # what follows the name
_NAME_CHARS = string.ascii_letters + string.digits + "_"

# (file glob, block key, side, what it is)
CONFIG_BLOCKS: tuple[tuple[str, str, str, str], ...] = (
    ("**/next.config.{js,mjs,cjs,ts}", "env", CLIENT, "Next.js inlines next.config.js env into client bundles"),
    ("**/next.config.{js,mjs,cjs,ts}", "publicRuntimeConfig", CLIENT, "Next.js sends publicRuntimeConfig to browsers"),
    ("**/next.config.{js,mjs,cjs,ts}", "serverRuntimeConfig", SERVER, "Next.js keeps serverRuntimeConfig on the server"),
    ("**/nuxt.config.{js,mjs,ts}", "public", CLIENT, "Nuxt exposes runtimeConfig.public to browsers"),
    ("**/vite.config.{js,mjs,cjs,ts,mts}", "define", CLIENT, "Vite inlines define values into client bundles"),
    ("**/app.{json,config.js,config.ts}", "extra", CLIENT, "Expo ships app config extra inside the app"),
)
_BLOCKS = tuple((compile_glob(g)[0], key, side, why) for g, key, side, why in CONFIG_BLOCKS)
_BRACE = re.compile(rb"[{}]")


@dataclass(frozen=True)
class PublicVars:
    prefixes: dict[str, str]

    @classmethod
    def with_extra(cls, extra: Iterable[str]) -> PublicVars:
        return cls({**DEFAULT_PREFIXES, **{p: "configured public prefix" for p in extra}})

    def owner(self, name: str) -> str | None:
        """Who inlines a variable of this name, or None when it stays private."""
        best = max((p for p in self.prefixes if name.startswith(p) and len(name) > len(p)), key=len, default=None)
        if best is None or name == "PUBLIC_KEY":  # a key's name, not a SvelteKit variable
            return None
        return self.prefixes[best]

    def binding(self, fragment: Fragment, match: RuleMatch) -> Signal | None:
        name = bound_name(_line_before(fragment.data, match.start))
        if name is None:
            return None
        who = self.owner(name)
        if who is None:
            return None
        prefix = max((p for p in self.prefixes if name.startswith(p)), key=len)
        return Signal(CLIENT, VALUE, f"bound to {name} in {fragment.path}: {who} inlines {prefix}* into client code",
                      whole=True)


def bound_name(before: str) -> str | None:
    """The name ``_BINDING`` finds at the end of ``before``, found from the end: the regex tried every
    start in the line, re-reading each run of name characters (a line of 6,000 keys took seconds).

    The text after a name holds no name character, so the name ends at the last one.
    """
    end = len(before)
    while end and before[end - 1] not in _NAME_CHARS:
        end -= 1
    if not end or not _TAIL.match(before, end):
        return None
    name = before[len(before[:end].rstrip(_NAME_CHARS)) : end].lstrip(string.digits)
    return name or None


def _line_before(data: bytes, start: int) -> str:
    lo = max(0, start - 300)
    nl = data.rfind(b"\n", lo, start)
    return data[(nl + 1 if nl != -1 else lo) : start].decode("utf-8", "replace")


def config_block(fragment: Fragment, match: RuleMatch, scratch: Scratch | None = None) -> Signal | None:
    """The match sits inside one of the known config blocks of a bundler config file: the last
    ``key: {`` before it is not yet closed where the match starts (however long the block)."""
    index = scratch.get(_BlockIndex) if scratch is not None else _BlockIndex(fragment)
    for key, side, why in index.blocks:
        opened = index.last_open(key, match.start)
        if opened is not None and match.start <= index.closes[opened]:
            rank = VALUE if side == CLIENT else EXPLICIT
            return Signal(side, rank, f"sits in the {key} block of {fragment.path}: {why}", whole=True)
    return None


class _BlockIndex:
    """Every ``key: {`` of a bundler config file and where its brace closes, found in one pass.

    Rescanning the 16 KiB before each match (and counting its braces one character at a time)
    cost seconds per 100 KB of config with many values, and missed values past 16 KiB into a
    block; now each match is a bisection and a lookup.
    Braces in strings and comments count too: a heuristic, as before.
    """

    def __init__(self, fragment: Fragment):
        self.blocks = [(key, side, why) for pats, key, side, why in _BLOCKS if any(p.match(fragment.path) for p in pats)]
        self.opens: dict[str, list[int]] = {}  # per key: offsets just after each block's "{"
        self.closes: dict[int, int] = {}  # such an offset -> offset of its closing "}" (or the end)
        if not self.blocks:
            return
        data = fragment.data
        for key in {key for key, _, _ in self.blocks}:
            pattern = re.compile(rb"""(?<![\w$])""" + re.escape(key.encode()) + rb"""['"]?\s*:\s*\{""")
            self.opens[key] = [m.end() for m in pattern.finditer(data)]
        wanted = {o for offsets in self.opens.values() for o in offsets}
        stack: list[int] = []
        for m in _BRACE.finditer(data):
            if m[0] == b"{":
                stack.append(m.end())
            elif stack:
                opened = stack.pop()
                if opened in wanted:
                    self.closes[opened] = m.start()
        for opened in wanted - self.closes.keys():
            self.closes[opened] = len(data)

    def last_open(self, key: str, at: int) -> int | None:
        offsets = self.opens.get(key, [])
        i = bisect_right(offsets, at) - 1
        return offsets[i] if i >= 0 else None
