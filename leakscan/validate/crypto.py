"""secp256k1, Ethereum and Bitcoin primitives, all through well-kept libraries.

coincurve (libsecp256k1) does the curve, pycryptodome does keccak-256 and
ripemd160, base58 does base58check: nothing here is hand-written crypto, only
the encodings the two ecosystems put around it.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

import coincurve
from Crypto.Hash import keccak

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def keccak256(data: bytes) -> bytes:
    return keccak.new(digest_bits=256, data=data).digest()


def is_valid_scalar(key: bytes) -> bool:
    """A 32-byte secp256k1 private key must lie in 1 … n-1."""
    return len(key) == 32 and 0 < int.from_bytes(key, "big") < SECP256K1_N


def eip55(address_hex: str) -> str:
    """EIP-55 mixed-case checksum form of a 20-byte address given as hex."""
    addr = address_hex.lower().removeprefix("0x")
    digest = keccak256(addr.encode()).hex()
    return "0x" + "".join(c.upper() if int(d, 16) >= 8 else c for c, d in zip(addr, digest, strict=False))


def eth_address_from_public_key(public_key: coincurve.PublicKey) -> str:
    uncompressed = public_key.format(compressed=False)[1:]
    return eip55(keccak256(uncompressed)[-20:].hex())


def eth_address_from_private_key(key: bytes) -> str:
    return eip55(eth_address_hex(key))


@functools.lru_cache(maxsize=1 << 16)
def eth_address_hex(key: bytes) -> str:
    """The address as 40 lower-case hex digits: one curve multiplication, no checksum casing.

    Cached: a monorepo repeats the same lockfile hashes in many files, and each one is a candidate key.
    """
    return keccak256(coincurve.PublicKey.from_secret(key).format(compressed=False)[1:])[-20:].hex()


def eth_personal_message_hash(message: bytes) -> bytes:
    """EIP-191 version 0x45: what web3.eth.accounts.sign and personal_sign hash."""
    prefix = b"\x19Ethereum Signed Message:\n" + str(len(message)).encode()
    return keccak256(prefix + message)


def recover_eth_personal_signer(message: bytes, signature: bytes) -> str | None:
    """Address that signed ``message`` as an Ethereum personal message, or None."""
    if len(signature) != 65:
        return None
    v = signature[64]
    recid = v - 27 if v >= 27 else v
    if recid not in (0, 1, 2, 3):
        return None
    try:
        public = coincurve.PublicKey.from_signature_and_message(
            signature[:64] + bytes([recid]), eth_personal_message_hash(message), hasher=None
        )
    except ValueError:
        return None
    return eth_address_from_public_key(public)


def hash160(data: bytes) -> bytes:
    from Crypto.Hash import RIPEMD160  # Bitcoin only: most scans never need it

    return RIPEMD160.new(hashlib.sha256(data).digest()).digest()


def btc_p2pkh_address(public_key: bytes, testnet: bool = False) -> str:
    import base58

    version = b"\x6f" if testnet else b"\x00"
    return base58.b58encode_check(version + hash160(public_key)).decode()


@dataclass(frozen=True)
class WifKey:
    secret: bytes
    compressed: bool
    testnet: bool

    def address(self) -> str:
        public = coincurve.PrivateKey(self.secret).public_key.format(compressed=self.compressed)
        return btc_p2pkh_address(public, self.testnet)


def decode_wif(text: str) -> WifKey | None:
    """A Wallet Import Format key (base58check, version 0x80/0xef), or None."""
    import base58

    try:
        raw = base58.b58decode_check(text)
    except ValueError:
        return None
    if len(raw) not in (33, 34) or raw[0] not in (0x80, 0xEF):
        return None
    if len(raw) == 34 and raw[33] != 0x01:
        return None
    secret = raw[1:33]
    if not is_valid_scalar(secret):
        return None
    return WifKey(secret=secret, compressed=len(raw) == 34, testnet=raw[0] == 0xEF)


def _varint(n: int) -> bytes:
    if n < 0xFD:
        return bytes([n])
    if n <= 0xFFFF:
        return b"\xfd" + n.to_bytes(2, "little")
    return b"\xfe" + n.to_bytes(4, "little")


def btc_message_hash(message: bytes) -> bytes:
    data = b"\x18Bitcoin Signed Message:\n" + _varint(len(message)) + message
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def recover_btc_message_signer(message: bytes, signature: bytes) -> str | None:
    """P2PKH address that signed ``message`` (Bitcoin signed message), or None.

    Header byte 27-30: uncompressed key, 31-34: compressed; 35-42 (segwit
    flavours from Electrum/Trezor) are read as compressed P2PKH.
    """
    if len(signature) != 65 or not 27 <= signature[0] <= 42:
        return None
    header = signature[0] - 27
    recid, compressed = header & 3, header >= 4
    try:
        public = coincurve.PublicKey.from_signature_and_message(
            signature[1:] + bytes([recid]), btc_message_hash(message), hasher=None
        )
    except ValueError:
        return None
    return btc_p2pkh_address(public.format(compressed=compressed))
