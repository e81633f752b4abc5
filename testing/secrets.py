"""Secret generators for tests: every fixture secret is made at test time.

Nothing here is a real credential; keys come from a seeded RNG so failures
reproduce.  Kept out of the package (tests import it from the repository).
"""

from __future__ import annotations

import base64
import json
import random
from typing import Any

import coincurve

from leakscan.validate import crypto


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(claims: dict[str, Any], header: dict[str, Any] | None = None, seed: int = 1, sig_len: int = 256) -> str:
    """A structurally valid JWT (the signature is random bytes: nothing verifies offline)."""
    rng = random.Random(seed)
    head = header or {"alg": "RS256", "typ": "JWT"}
    sig = bytes(rng.randrange(256) for _ in range(sig_len))
    return ".".join(
        [b64url(json.dumps(head, separators=(",", ":")).encode()),
         b64url(json.dumps(claims, separators=(",", ":")).encode()), b64url(sig)]
    )


def glomo_key(env: str = "live", key_type: str | None = "secret", seed: int = 1, **extra: Any) -> str:
    claims: dict[str, Any] = {"env": env, "merchant_id": f"m_{seed:06d}", "iat": 1735689600}
    if key_type:
        claims["key_type"] = key_type
    claims.update(extra)
    return jwt(claims, {"alg": "RS256"}, seed=seed)


def generic_jwt(seed: int = 2) -> str:
    return jwt({"sub": f"user-{seed}", "name": "Jane Doe", "iat": 1516239022}, {"alg": "HS256", "typ": "JWT"},
               seed=seed, sig_len=32)


def basic_token(key: str = "gk_live_8f3a9c", secret: str = "s3cr3t-Vt9qLm2xZ") -> str:
    return base64.b64encode(f"{key}:{secret}".encode()).decode()


def private_key(seed: int = 1) -> bytes:
    rng = random.Random(seed)
    while True:
        key = bytes(rng.randrange(256) for _ in range(32))
        if crypto.is_valid_scalar(key):
            return key


def hex_key(seed: int = 1) -> str:
    return private_key(seed).hex()


def eth_address(seed: int = 1) -> str:
    return crypto.eth_address_from_private_key(private_key(seed))


def wif(seed: int = 1, compressed: bool = True, testnet: bool = False) -> str:
    import base58

    payload = (b"\xef" if testnet else b"\x80") + private_key(seed) + (b"\x01" if compressed else b"")
    return base58.b58encode_check(payload).decode()


def eth_signature_header(timestamp: int, seed: int = 1) -> str:
    """The X-REQUEST-SIGNATURE value Gluwa documents: base64("<ts>.0x<r s v>")."""
    key = coincurve.PrivateKey(private_key(seed))
    digest = crypto.eth_personal_message_hash(str(timestamp).encode())
    sig = key.sign_recoverable(digest, hasher=None)
    sig = sig[:64] + bytes([sig[64] + 27])
    return base64.b64encode(f"{timestamp}.0x{sig.hex()}".encode()).decode()


def btc_signature_header(timestamp: int, seed: int = 1) -> str:
    key = coincurve.PrivateKey(private_key(seed))
    sig = key.sign_recoverable(crypto.btc_message_hash(str(timestamp).encode()), hasher=None)
    compact = bytes([31 + sig[64]]) + sig[:64]
    return base64.b64encode(f"{timestamp}.{base64.b64encode(compact).decode()}".encode()).decode()
