"""Positive evidence that a 64-hex value is a private key, beyond its derived address.

A finding blocks only when something says "key" (issue 11: a hook that blocks on
hashes is switched off).  Besides the address and a key name on the value's own
line, real code says it in three more ways, read here:

- a name on the line above a wrapped value (formatters put ``const signerKey =``
  or ``"--private-key",`` on their own line, and doc tests print ``>>> acct.key``
  before the value);
- the call the value is passed to, when that call takes a private key in a major
  library (ethers ``Wallet``, web3.py ``Account.from_key``, go-ethereum
  ``HexToECDSA``, bitcoinjs ``ECPair.fromPrivateKey``, Foundry ``vm.addr``…);
- another encoding of the same key in the file: its public key (compressed or
  not), or its WIF form (Bitcoin test vectors list both).
"""

from __future__ import annotations

import regex

from leakscan.validate import crypto
from leakscan.validate.hexcontext import bound_name

# Lower-cased last component of a call that takes a private key as its argument.
KEY_CALLS = frozenset({
    "wallet", "signingkey", "privatekeytoaccount", "privatekeytoaddress", "privatekeytopublickey",
    "from_key", "fromprivatekey", "hextoecdsa", "toecdsa", "privatekey", "makekeypair", "keyfromprivate",
    "addr", "sign", "rememberkey", "publickeycreate", "privatekeyverify", "from_hex", "from_secret",
    "add", "importrawkey",
})
# Calls whose short name is too common on its own: only these owners make them key-consuming.
_OWNED = {"add": ("accounts", "wallet"), "sign": ("vm",), "addr": ("vm",), "from_hex": ("privatekey",),
          "privatekey": ("", "coincurve", "keys", "secp256k1", "bitcoin"), "from_secret": ("privatekey",)}
_PROMPT = regex.compile(rb"^\s*(?:>>>|\.\.\.|\$|>)\s")
_LONE_STRING = regex.compile(rb"""^\s*["']-{0,2}[A-Za-z][A-Za-z_.-]{1,60}["']\s*,?\s*$""")  # "--private-key",
_OPENS = (b"=", b":", b"(", b"[", b"{", b"=>", b",")
_HEX_RUN = regex.compile(rb"[0-9a-fA-F]{16,}")
_IDENT = regex.compile(rb"[A-Za-z_$][A-Za-z0-9_$.-]*")
_WIF = regex.compile(rb"(?<![1-9A-HJ-NP-Za-km-z])[5KL9c][1-9A-HJ-NP-Za-km-z]{50,51}(?![1-9A-HJ-NP-Za-km-z])")


def line_above(data: bytes, start: int) -> bytes:
    """The nearest non-blank line above the value's line (at most 2 lines up), or b""."""
    end = data.rfind(b"\n", 0, start)
    for _ in range(2):
        if end <= 0:
            return b""
        lo = data.rfind(b"\n", 0, end) + 1
        line = data[lo:end]
        if line.strip():
            return line[-300:]
        end = lo - 1
    return b""


def names_above(data: bytes, start: int) -> list[str]:
    """Names on the line above a value that starts its own line, when that line leads into it.

    It leads into the value when it ends with an opener (``=``, ``:``, ``(``, ``[``,
    ``{``, ``,`` with no value of its own), is a prompt whose output the value is
    (``>>> acct.key``), or is a lone string (``"--private-key",``).  A line holding
    a value of its own (``"privateKey": "0x…",``) is a sibling, not a name.
    """
    above = line_above(data, start)
    stripped = above.strip()
    if not stripped or _HEX_RUN.search(stripped):
        return []
    leads = (stripped.endswith(_OPENS) and not stripped.endswith((b'",', b"',")) or _PROMPT.match(above)
             or _LONE_STRING.match(above))
    if not leads:
        return []
    text = stripped.strip(b"\"',")
    prompt = bool(_PROMPT.match(above))
    names = []
    for m in reversed(list(_IDENT.finditer(text))):
        name = bound_name(text[: m.end()])
        if name and text[m.end() :].lstrip(b" \t")[:1] == b"(":
            name = name.rstrip("(") + "("
        if name and name not in names:
            names.append(name)
        # the nearest plain name is the value's name (``bytes32 private constant SLOT =``: SLOT, not
        # private); calls before it are looked through (``expect(d.privkey).toEqual(``); a prompt's
        # output is named by the expression's tail alone
        if name and (prompt or not name.endswith("(")):
            break
    return names


def key_call(name: str) -> str | None:
    """The call's name when it takes a private key (``new ethers.Wallet(``, ``Account.from_key(``)."""
    if not name.endswith("("):
        return None
    parts = name[:-1].lower().split(".")
    short = parts[-1]
    if short not in KEY_CALLS:
        return None
    owner = parts[-2] if len(parts) > 1 else ""
    if short in _OWNED and owner not in _OWNED[short]:
        return None
    return name[:-1]


def wif_secrets(data: bytes) -> frozenset[bytes]:
    """The private keys of every WIF string in the fragment (found once per fragment)."""
    found = set()
    for m in _WIF.finditer(data):
        key = crypto.decode_wif(m.group().decode("ascii"))
        if key is not None:
            found.add(key.secret)
    return frozenset(found)


def public_key_hexes(raw: bytes) -> tuple[bytes, bytes]:
    """The compressed and uncompressed public keys of ``raw``, as lower-case hex."""
    import coincurve

    public = coincurve.PublicKey.from_secret(raw)
    return public.format(compressed=True).hex().encode(), public.format(compressed=False).hex().encode()


_PARAMETRIZE = regex.compile(rb"""parametrize\(\s*(?:"([^"]*)"|'([^']*)'|[(\[]([^)\]]*)[)\]])\s*,""")
_REACH = 64 * 1024


def _whole_item(data: bytes, start: int, end: int) -> bool:
    """The value is a whole tuple item (``, "…",``), not half of an implicitly joined string."""
    before = data[max(0, start - 80) : start].rstrip(b"\"'").rstrip()
    after = data[end : end + 80].lstrip(b"\"'").lstrip()
    return before.endswith((b",", b"(")) and after.startswith((b",", b")"))


_HEX_AT = regex.compile(rb"(?:0[xX])?[0-9a-fA-F]*")


def parametrize_column(data: bytes, start: int) -> str:
    """The column a value sits in under ``@pytest.mark.parametrize("seed,path,key", [(…, …, "…")])``.

    Test vectors are often tuples whose names are only in the decorator: the value's
    position in its tuple gives its name.  Returns "" when the value is not in such a table.
    """
    value = _HEX_AT.match(data, start)
    if not _whole_item(data, start, value.end() if value else start):
        return ""
    lo = max(0, start - _REACH)
    at = data.rfind(b"parametrize(", lo, start)
    if at == -1:
        return ""
    head = _PARAMETRIZE.match(data, at)
    if head is None:
        return ""
    raw: bytes = next(g for g in head.groups() if g is not None)
    names = [n.strip(b" \t\n\"'").decode("ascii", "replace") for n in raw.split(b",")]
    names = [n for n in names if n]
    body = data[head.end() : start]
    depth, commas = 0, 0
    for c in body:  # brackets and commas at the level of the value's own tuple
        if c in b"([{":
            depth += 1
            commas = 0
        elif c in b")]}":
            depth -= 1
            if depth < 0:
                return ""  # the decorator closed before the value
        elif c == 0x2C:
            commas += 1
    if depth != 2 or len(names) < 2 or commas >= len(names):  # in list -> tuple, one column per name
        return ""
    return names[commas]
