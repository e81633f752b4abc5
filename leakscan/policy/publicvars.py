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
from collections.abc import Iterable
from dataclasses import dataclass

from leakscan.model import Fragment, RuleMatch
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
BLOCK_WINDOW = 16 * 1024


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
        before = _line_before(fragment.data, match.start)
        m = _BINDING.search(before)
        if not m:
            return None
        name = m[1]
        who = self.owner(name)
        if who is None:
            return None
        prefix = max((p for p in self.prefixes if name.startswith(p)), key=len)
        return Signal(CLIENT, VALUE, f"bound to {name} in {fragment.path}: {who} inlines {prefix}* into client code",
                      whole=True)


def _line_before(data: bytes, start: int) -> str:
    lo = max(0, start - 300)
    nl = data.rfind(b"\n", lo, start)
    return data[(nl + 1 if nl != -1 else lo) : start].decode("utf-8", "replace")


def config_block(fragment: Fragment, match: RuleMatch) -> Signal | None:
    """The match sits inside one of the known config blocks of a bundler config file."""
    blocks = [(key, side, why) for pats, key, side, why in _BLOCKS if any(p.match(fragment.path) for p in pats)]
    if not blocks:
        return None
    lo = max(0, match.start - BLOCK_WINDOW)
    before = fragment.data[lo : match.start].decode("utf-8", "replace")
    for key, side, why in blocks:
        opened = None
        for m in re.finditer(rf"""(?<![\w$]){key}['"]?\s*:\s*\{{""", before):
            opened = m
        if opened is not None and _still_open(before[opened.end():]):
            rank = VALUE if side == CLIENT else EXPLICIT
            return Signal(side, rank, f"sits in the {key} block of {fragment.path}: {why}", whole=True)
    return None


def _still_open(text: str) -> bool:
    """Braces after the block's ``{`` leave it open (strings and comments are not parsed: a heuristic)."""
    depth = 1
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return False
    return True
