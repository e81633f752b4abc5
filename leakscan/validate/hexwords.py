"""Words and values the hex-key validator judges by: key names, hash names, public
values, lockfiles, published constants.  Data only, apart from the logic that reads it."""

from __future__ import annotations

KEY_WORDS = {"key", "private", "priv", "secret", "wallet", "signer", "mnemonic", "pk", "sk",
             "privkey", "privatekey", "seckey", "secretkey", "seed", "account", "accounts", "deployer", "owner", "keystore"}
# Whole names that mean private key by convention (the scalar d of ECDSA and JWK).
KEY_NAMES = {"d", "privkey", "seckey", "sk"}
HASH_WORDS = {"sha", "sha1", "sha256", "sha3", "sha384", "sha512", "keccak", "keccak256", "digest",
              "checksum", "hash", "hashes", "integrity", "tx", "txid", "txhash", "topic", "topics",
              "bytes32", "commit", "tree", "blob", "oid", "etag", "merkle", "root", "blockhash",
              "transactionhash", "sum", "md5", "blake2", "blake2b", "blake3", "fingerprint", "parent",
              "object", "revision", "rev", "selector", "codehash", "salt", "nonce", "uuid", "id",
              "transactions", "transaction", "receipt", "block", "uncle", "slot", "slots", "role",
              "roles", "checks", "tweak", "proof", "sighash", "commitment", "genesis", "roots"}
# Vector-file columns and dump fields (outputs, inputs, encodings, storage maps): hash-like as a
# value's *name* only; as words on a line ("used in tests") they say nothing.
FIELD_WORDS = {"out", "output", "in", "input", "encoded", "ciphertext", "storage"}
# Names with "key" in them that are not private keys (a storage-proof key, an EIP-2930 access list's
# storage keys, OpenSea's conduitKey, a BIP32 chain code).
NOT_KEY_PHRASES = {"storage key": "a storage slot", "storage keys": "storage slots",
                   "conduit key": "a conduit key (public)", "chain code": "a BIP32 chain code",
                   "zone hash": "a zone hash"}
# Of those, the words that describe a function's argument too (fromPublicKey(…)).
PUBLIC_MODIFIERS = {"public", "pub", "pubkey", "pubkeys", "publickey", "xonly", "tap"}
# Words that say secret outright: they beat a public word in the same name
# (messageSignerPrivateKey is a key; publicKey and signerPubkey are not).
SECRET_WORDS = {"private", "priv", "secret", "sk", "privkey", "privatekey", "seckey", "secretkey", "mnemonic", "seed"}
# Names of values that are public by nature: public keys and their coordinates,
# signatures and their parts, the message signed.
PUBLIC_WORDS = {"public", "pub", "pubkey", "pubkeys", "publickey", "xonly", "wx", "wy", "qx", "qy",
                "gx", "gy", "tap", "r", "s", "sig", "sigs", "signature", "signatures", "message", "msg"}
# Published constants, each checked when written down (curve points, hashes of nothing).
KNOWN_CONSTANTS = {
    "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798": "secp256k1 G.x",
    "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8": "secp256k1 G.y",
    "7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501ee": "secp256k1 endomorphism beta",
    "5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72": "secp256k1 endomorphism lambda",
    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296": "P-256 G.x",
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5": "P-256 G.y",
    "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b": "P-256 b",
    "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470": "keccak256 of nothing",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855": "sha256 of nothing",
    "1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347": "keccak256 of an empty RLP list",
    "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421": "empty trie root",
    "290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563": "keccak256 of uint256(0)",
}
# A file named for hashes (sighash.json, test_keccak.py) holds hashes where nothing names a key.
HASH_FILE_WORDS = {"sighash", "keccak", "sha256", "sha3", "hash", "hashes", "hashing", "digest",
                   "digests", "checksum", "checksums", "namehash"}
LOCKFILES = {"cargo.lock", "poetry.lock", "go.sum", "package-lock.json", "yarn.lock",
             "pnpm-lock.yaml", "gemfile.lock", "composer.lock", "pipfile.lock", "uv.lock",
             "npm-shrinkwrap.json", "flake.lock", "packages.lock.json", "podfile.lock",
             "requirements.txt", "sha256sums", "sha256sums.txt", "checksums.txt", "go.work.sum"}
