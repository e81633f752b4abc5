"""Where a 64-hex value sits: the name it is bound to, across lines if need be.

Real code spreads a value over lines (``topics: [`` then one hash per line,
``bytes32 constant X =`` then the value) and wraps it in conversions
(``HexBytes('0x…')``, ``Buffer.from('…', 'hex')``).  The name that says what
the value is lies before the wrapper or before the opening bracket; these
helpers find it so the hex-key validator can judge from it.
"""

from __future__ import annotations

from itertools import islice

import regex

from leakscan.validate.context import line_before

_IDENT = regex.compile(rb"[A-Za-z_$][A-Za-z0-9_$.-]*")
# Conversions and keywords that sit between a name and its value: never the name.
_WRAPPERS = {b"0x", b"bearer", b"basic", b"const", b"let", b"var", b"new", b"return", b"await",
             b"hexbytes", b"hexstr", b"buffer.from", b"bigint", b"h", b"hex", b"bytes.fromhex",
             b"unhexlify", b"binascii.unhexlify", b"fromhex", b"bytes", b"decode_hex", b"to_bytes",
             b"hexlify", b"uint256", b"int", b"biginteger", b"bn", b"arrayify", b"hextobytes"}
_HEXISH = regex.compile(rb"^x?[0-9a-fA-F]*[0-9][0-9a-fA-F]*$")
_CLOSE = {ord("]"): ord("["), ord("}"): ord("{"), ord(")"): ord("(")}
_NOT_BRACKET = bytes(sorted(set(range(256)) - set(b"[]{}()")))
_BRACKET_BACK = regex.compile(rb"(?r)[\[\]{}()]")  # last first: finds the n-th bracket back
_NAMED = regex.compile(rb"([A-Za-z_$][A-Za-z0-9_$.-]*)([\"']?\s*[:=]?)\s*$")


def bound_name(text: bytes) -> str:
    """The last identifier in ``text`` that is a name, not a wrapper or a hex fragment.

    A function the value is passed to comes back as ``name(``: a call's name says
    what it does, not what its argument is (``signMessage(key, msg)``).
    """
    for m in reversed(list(_IDENT.finditer(text))):
        name = m.group()
        if name.lower() in _WRAPPERS or _HEXISH.match(name):
            continue
        call = text[m.end() :].lstrip(b" \t")[:1] == b"("
        return str(name.decode("ascii", "replace")) + ("(" if call else "")
    return ""


def starts_line(data: bytes, start: int) -> bool:
    """No name before the value on its line: only punctuation and conversions (``HexBytes(``)."""
    return not bound_name(line_before(data, start))


def container_name(data: bytes, start: int) -> str:
    """The name of the list, object or call the value sits in (``topics: [`` -> topics).

    Only a bracket right after a name counts (``name: [``, ``name = {``, ``name(``);
    conversions (``HexBytes(``) are looked through; a bracket after anything else
    (``() => {``) ends the search with no name.  Brackets are read backwards from
    the value, stopping at the first unclosed one, at most 16 KiB back (a long
    list of hashes).
    """
    # Nearer first: the first unclosed bracket back is the same whatever lies before it, and
    # copying 16 KiB for each of a fixture's 80,000 candidates was a second of a scan.
    for reach in (512, 16384):
        lo = max(0, start - reach)
        found = _container(data, lo, start)
        if found is not None or lo == 0:
            return found or ""
    return ""


def _container(data: bytes, lo: int, start: int) -> str | None:
    """:func:`container_name` within ``data[lo:start]``; None when no bracket there is unclosed."""
    depth = dict.fromkeys(_CLOSE.values(), 0)
    brackets = data[lo:start].translate(None, _NOT_BRACKET)  # C speed; a regex reads ~8x slower
    for i, c in enumerate(reversed(brackets)):
        if c in _CLOSE:
            depth[_CLOSE[c]] += 1
        elif depth[c]:
            depth[c] -= 1
        else:
            at = next(islice(_BRACKET_BACK.finditer(data, lo, start), i, None)).start()
            named = _NAMED.search(line_before(data, at))
            if not named:
                return ""
            if named.group(1).lower() not in _WRAPPERS:
                call = c == ord("(") and not named.group(2).strip(b"\"' \t")
                return str(named.group(1).decode("ascii", "replace")) + ("(" if call else "")
    return None


def lines_before(data: bytes, start: int, count: int = 2) -> bytes:
    """The ``count`` lines before the match's line (a declaration or comment above it)."""
    end = data.rfind(b"\n", 0, start)
    if end == -1:
        return b""
    lo = end
    for _ in range(count):
        lo = data.rfind(b"\n", 0, lo)
        if lo == -1:
            break
    return data[lo + 1 : end]
