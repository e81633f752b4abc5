"""The client-side globs (``**``, ``*``, ``{a,b}``) compiled to regexes: a leaf module, so the
settings can check a glob without importing the path rules that use it.

Exclude, allowlist and ignore-file paths use gitignore semantics instead
(:mod:`leakscan.sources.ignore`), as users of .gitignore expect.
"""

from __future__ import annotations

import re
from functools import lru_cache


def expand_braces(glob: str) -> list[str]:
    m = re.search(r"\{([^{}]*)\}", glob)
    if not m:
        return [glob]
    return [x for alt in m[1].split(",") for x in expand_braces(glob[: m.start()] + alt + glob[m.end():])]


def _translate(glob: str) -> str:
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("/**", i) and i + 3 == len(glob):
            out.append("/.*")
            i += 3
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[":
            end = glob.find("]", i + 1)
            if end == -1:
                raise ValueError("unclosed [")
            out.append("[" + glob[i + 1 : end].replace("!", "^", 1) + "]")
            i = end + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


@lru_cache(maxsize=512)
def compile_glob(glob: str) -> tuple[tuple[re.Pattern[str], ...], bool]:
    """Regexes for a glob, and whether it matches the file name alone (no ``/`` in it)."""
    if glob.count("{") != glob.count("}"):
        raise ValueError("unbalanced braces")
    count = 1
    for group in re.findall(r"\{([^{}]*)\}", glob):
        count *= group.count(",") + 1
    if count > 256:
        raise ValueError("too many {…} alternatives")
    alts = expand_braces(glob)
    basename = all("/" not in a for a in alts)
    try:
        return tuple(re.compile(_translate(a.lstrip("/")) + r"\Z") for a in alts), basename
    except re.error as exc:
        raise ValueError(str(exc)) from None
