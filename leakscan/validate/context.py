"""Reading the bytes around a match: the names a value is bound to, placeholders.

Validators use this to decide from positive evidence (``keyHash`` is a hash,
``WALLET_PRIVATE_KEY`` is a key) rather than from the value alone.
"""

from __future__ import annotations

import functools

import regex

from leakscan.model import Fragment

_IDENT = regex.compile(rb"[A-Za-z_$][A-Za-z0-9_$.-]*")
_CAMEL = regex.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_NON_ALNUM = regex.compile(r"[^A-Za-z0-9]+")
# Bundler prefixes say "public build variable", not "public key": stripped
# before reading key-type words (NEXT_PUBLIC_GLOMO_SECRET_KEY is a secret).
# A bare ``public_`` is a prefix only when two or more words follow it
# (PUBLIC_GLOMO_KEY); ``public_key`` itself names a public key.
_BUNDLER = regex.compile(
    r"^((next_public|react_app|vite|expo_public|nuxt_public|gatsby)[_.-]|public[_.-](?=[^_.-]+[_.-][^_.-]))",
    regex.I,
)
_PLACEHOLDER = regex.compile(
    r"^(<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|\{[A-Za-z_ ]+\}|%[A-Za-z_]+%|\$[A-Za-z_]+)$"
    r"|^(x+|\*+|\.+|-+|_+|0+|#+)$"
    r"|(?i:^(your|my|the)[_ -]|changeme|placeholder|redacted|example[_-]?(key|secret|token))",
)


def line_before(data: bytes, start: int, limit: int = 200) -> bytes:
    """The text on the match's line before it (at most ``limit`` bytes)."""
    lo = max(0, start - limit)
    nl = data.rfind(b"\n", lo, start)
    return data[(nl + 1 if nl != -1 else lo) : start]


def line_after(data: bytes, end: int, limit: int = 200) -> bytes:
    nl = data.find(b"\n", end, end + limit)
    return data[end : nl if nl != -1 else min(len(data), end + limit)]


def nearest_name(data: bytes, start: int) -> str:
    """The identifier a value is bound to: the last name before it on its line.

    ``GLOMO_SECRET_KEY=eyJ…``, ``"secretKey": "eyJ…"``, ``secret_key: eyJ…`` all give the
    key name; a value with no name before it gives "".
    """
    before = line_before(data, start)
    names = [m.group() for m in _IDENT.finditer(before)]
    names = [n for n in names if n.lower() not in (b"0x", b"bearer", b"basic", b"const", b"let", b"var")]
    return names[-1].decode("ascii", "replace") if names else ""


def words(identifier: str) -> list[str]:
    """``NEXT_PUBLIC_glomoSecretKey`` -> ["glomo", "secret", "key"]."""
    return list(_words(identifier))


@functools.lru_cache(maxsize=4096)
def _words(identifier: str) -> tuple[str, ...]:
    # Cached: hash-heavy files ask about the same few names (sha256, txHash) thousands of times.
    identifier = _BUNDLER.sub("", identifier)
    out: list[str] = []
    for part in _NON_ALNUM.split(identifier):
        out.extend(w.lower() for w in _CAMEL.findall(part))
    return tuple(out)


def is_placeholder(value: str) -> bool:
    return bool(_PLACEHOLDER.search(value.strip()))


def around(fragment: Fragment, start: int, end: int, radius: int) -> bytes:
    """The bytes within ``radius`` of a match; in a log (``fragment.records``) never past its own
    record's line, so a word in the record before cannot speak for this one."""
    data = fragment.data
    lo, hi = max(0, start - radius), min(len(data), end + radius)
    if fragment.records:
        nl = data.rfind(b"\n", lo, start)
        lo = nl + 1 if nl != -1 else lo
        nl = data.find(b"\n", end, hi)
        hi = nl if nl != -1 else hi
    return data[lo:hi]


def mentions(fragment: Fragment, start: int, end: int, needles: tuple[bytes, ...], radius: int = 400) -> bool:
    """Whether any needle (lower-case) occurs within ``radius`` bytes of the match (its record, in logs)."""
    window = around(fragment, start, end, radius).lower()
    return any(n in window for n in needles)
