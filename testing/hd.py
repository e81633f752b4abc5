"""BIP39 seed and BIP32 derivation for tests: re-derives the published dev-chain accounts.

Uses hashlib/hmac for the hashes and coincurve for the curve (no curve code here).
Only the test of leakscan/validate/knownkeys.py needs it: the bundled list holds
addresses, and this proves each came from its published mnemonic.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

import coincurve

from leakscan.validate import crypto

HARDENED = 0x80000000


def seed(mnemonic: str, passphrase: str = "") -> bytes:
    words = unicodedata.normalize("NFKD", mnemonic).encode()
    salt = unicodedata.normalize("NFKD", "mnemonic" + passphrase).encode()
    return hashlib.pbkdf2_hmac("sha512", words, salt, 2048)


def derive(seed_bytes: bytes, path: str) -> bytes:
    """The private key at ``path`` (``m/44'/60'/0'/0/3``)."""
    digest = hmac.new(b"Bitcoin seed", seed_bytes, hashlib.sha512).digest()
    key, chain = digest[:32], digest[32:]
    for part in path.split("/")[1:]:
        index = int(part.rstrip("'")) + (HARDENED if part.endswith("'") else 0)
        if index & HARDENED:
            data = b"\0" + key
        else:
            data = coincurve.PrivateKey(key).public_key.format(compressed=True)
        digest = hmac.new(chain, data + index.to_bytes(4, "big"), hashlib.sha512).digest()
        key = coincurve.PrivateKey(key).add(digest[:32]).secret
        chain = digest[32:]
    return key


def accounts(mnemonic: str, count: int, base: str = "m/44'/60'/0'/0") -> list[str]:
    """EIP-55 addresses of the first ``count`` accounts of a mnemonic."""
    s = seed(mnemonic)
    return [crypto.eth_address_from_private_key(derive(s, f"{base}/{i}")) for i in range(count)]
