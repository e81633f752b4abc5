"""Which kind of secret a 64-hex value is when it is not a secp256k1 key (issue 11, item 4).

An HMAC or JWT signing secret, an AES/ChaCha key, an Engine-API JWT secret, an
ed25519 seed or a P-256/BLS key is 32 random bytes too; calling it an Ethereum
key (with a derived address and the Gluwa fix) would send users to move funds
that were never there.  The kind comes only from positive evidence:

- the value's name says kind *and* key (``hmacKey``, ``JWT_SECRET``, ``aes_key``,
  ``ed25519Seed``; a bare ``hmac:`` is the MAC itself, a hash);
- the call it is passed to says kind (``createHmac(``, ``hmac.new(``,
  ``createCipheriv(``, ``Ed25519Keypair(``);
- the file is about that kind (``hmac.json``, ``xchacha20poly1305.spec.ts``,
  ``ed25519_test.go``) and a plain key name holds the value;
- the file is an Engine-API JWT secret (``jwt.hex``, ``jwtsecret``) or the name
  is ``--authrpc.jwtsecret``.

Matches become rule ``hex-secret`` (see rules/crypto.toml), ``key_type`` the kind.
"""

from __future__ import annotations

import bisect
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import regex

from leakscan.model import Fragment
from leakscan.validate.context import words

# word (as :func:`leakscan.validate.context.words` splits names) -> key_type
KIND_WORDS: dict[str, str] = {
    "hmac": "hmac-secret", "jwt": "jwt-secret", "jwtsecret": "engine-api-jwt-secret",
    "aes": "symmetric-key", "chacha": "symmetric-key", "xchacha": "symmetric-key", "cipher": "symmetric-key",
    "cipheriv": "symmetric-key", "decipheriv": "symmetric-key", "encryption": "symmetric-key",
    "encrypt": "symmetric-key", "decrypt": "symmetric-key", "symmetric": "symmetric-key",
    "secretbox": "symmetric-key", "aead": "symmetric-key", "gcm": "symmetric-key",
    "ed25519": "ed25519-key", "eddsa": "ed25519-key", "x25519": "x25519-key",
    "p256": "p256-key", "secp256r1": "p256-key", "prime256v1": "p256-key", "bls": "bls-key",
}
# Words that say "the key itself", not its output: a kind word needs one of these in a plain name.
_KEYISH = {"key", "secret", "seed", "priv", "private", "privkey", "privatekey", "sk", "seckey",
           "secretkey", "keypair", "password", "passphrase"}
# Words that say the value belongs to a secp256k1 / Ethereum / Bitcoin key, whatever else the file is about.
_SECP_WORDS = {"secp256k1", "ethereum", "eth", "bitcoin", "btc", "ecdsa", "wallet", "account", "accounts",
               "evm", "signer", "schnorr", "bip32", "bip39", "wif"}
# Substrings whose absence rules a kind out (lower-case): the fragment, then the value's surroundings.
_PRESENCE = (b"hmac", b"jwt", b"aes", b"chacha", b"cipher", b"crypt", b"secretbox", b"aead", b"gcm", b"25519",
             b"eddsa", b"256r1", b"p256", b"prime256", b"bls")
_ENGINE_FILES = {"jwt.hex", "jwtsecret", "jwtsecret.hex", "jwt-secret", "jwt-secret.hex", "jwt_secret"}
# The curve and cipher names that ``words`` splits (ed25519 -> ed 25519); joined back before matching.
_JOINS = (("ed 25519", "ed25519"), ("x 25519", "x25519"), ("p 256", "p256"), ("secp 256 r 1", "secp256r1"),
          ("secp 256 k 1", "secp256k1"), ("prime 256 v 1", "prime256v1"), ("xchacha 20", "xchacha"),
          ("chacha 20", "chacha"), ("aes 128", "aes"), ("aes 256", "aes"), ("cipheriv", "cipheriv"))


@dataclass(frozen=True)
class Kind:
    key_type: str
    reason: str


def name_words(name: str) -> set[str]:
    """The words of a name with curve and cipher names joined again (``Ed25519Keypair``: ed25519, keypair)."""
    joined = " " + " ".join(words(name.rstrip("("))) + " "
    for split, whole in _JOINS:
        joined = joined.replace(f" {split} ", f" {whole} ")
    return set(joined.split())


class Hints:
    """Whether the fragment could hold a kind at all (one pass over its lowered bytes), and the
    kind its path speaks for; made once per fragment (the detector's scratch)."""

    def __init__(self, fragment: Fragment):
        low = fragment.data.lower()
        # where kind words stand, found once: a candidate asks only whether one is just before it
        self.positions = sorted(_positions(low))
        self.present = bool(self.positions)
        base = posixpath.basename(fragment.path.rsplit("!", 1)[-1]).lower()
        self.engine_file = base in _ENGINE_FILES
        stem = name_words(base.split(".")[0]) | name_words(base.rsplit(".", 2)[0].replace(".", "_"))
        kinds = {KIND_WORDS[w] for w in stem if w in KIND_WORDS}
        self.file_kind = kinds.pop() if len(kinds) == 1 and not stem & _SECP_WORDS else None
        self.base = base


def of_names(names: Iterable[str], own: bool, judge: Callable[[str], str | None | bool],
             first: Callable[[], bool] = lambda: True) -> Kind | None:
    """The kind the value's names give, nearest first: its own name alone when it has one (as
    for key names), else the list, call or line above it.  A name ``judge`` calls a hash or a
    public value (a reason string) gives no kind; neither does a secp256k1 word beside the kind.
    ``first()``: whether the value is its call's first argument (asked only of keypair calls)."""
    for name in names:
        found = name_words(name)
        if isinstance(judge(name), str):
            return None
        kinds = [KIND_WORDS[w] for w in sorted(found) if w in KIND_WORDS]
        call = name.endswith("(")
        if call and found & {"keypair", "pair"} and not first():  # Keypair(secret, public): the second is public
            return None
        if kinds and not found & _SECP_WORDS and (call or found & _KEYISH or "jwtsecret" in found):
            return Kind(kinds[0], f"{'passed to' if call else 'named'} {name.rstrip('(')}")
        if own:
            return None
    return None


def of_file(hints: Hints, key_said: str | None) -> Kind | None:
    """The kind the file speaks for, when the value is already named a key there (``key``, ``seed``)."""
    if hints.engine_file:
        return Kind("engine-api-jwt-secret", f"an Engine API JWT secret file ({hints.base})")
    if hints.file_kind and key_said and key_said.startswith("bound to"):
        return Kind(hints.file_kind, f"{key_said} in a file about {hints.file_kind.split('-')[0]} ({hints.base})")
    return None


_CONVERSION = regex.compile(rb"(?r)[A-Za-z_$][A-Za-z0-9_$.]*\(\s*$")  # searched backwards from the end


def first_argument(data: bytes, start: int) -> bool:
    """Whether nothing but a conversion (``fromHex(``, a quote, ``0x``) stands between the value and
    the bracket before it: the value is the first argument of its call (300 bytes looked at)."""
    head = data[max(0, start - 300) : start].removesuffix(b"0x").rstrip(b"\"'").rstrip()
    conversion = _CONVERSION.search(head)
    if conversion and conversion.end() == len(head):
        head = head[: conversion.start()].rstrip()
    return head.endswith(b"(")


def _positions(low: bytes) -> list[int]:
    """Where each kind word starts (plain finds: a regex alternation over a whole file is ~10x slower)."""
    out = []
    for word in _PRESENCE:
        at = low.find(word)
        while at != -1:
            out.append(at)
            at = low.find(word, at + 1)
    return out


def near(hints: Hints, start: int) -> bool:
    """Whether a kind word stands in the 600 bytes before the value (its line, the lines above, a
    call it sits in): names are read for a kind only then (a bisection per candidate)."""
    at = bisect.bisect_left(hints.positions, start - 600)
    return at < len(hints.positions) and hints.positions[at] < start
