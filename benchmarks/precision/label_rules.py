#!/usr/bin/env python3
"""How the findings in ``labels.jsonl`` were labelled: ordered rules a reader can audit and re-run.

Every finding of ``precision.py run`` was looked at in its context (the value
masked as ``<V>``, other long hex as ``H``): its line and the two lines above.
The reader's decisions were written down as the rules below, most specific
first; each gives a label and a one-line reason.  Facts that need the value
(never stored) are computed here: whether the value's Ethereum address occurs
anywhere in the repository, whether its public key is in the same file.  A
finding no rule covers is printed, not guessed: labels are complete only when
this script prints nothing unlabelled.

TP: a private key or other working secret (test fixtures and doc examples
included: a hard-coded key in a test is a finding).  FP: a hash, id, public
key, signature, nonce, ciphertext, constant or other public value.  For
``client_side: true`` findings a second field says whether that verdict is
right (``client_side``: right/wrong).

    python benchmarks/precision/label_rules.py --corpus /work/corpus/precision > benchmarks/precision/labels.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import coincurve

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from leakscan.validate import crypto  # noqa: E402

HEX = re.compile(r"(?:0x)?[0-9a-fA-F]{64}")
KEY_NAME = re.compile(
    r"(?i)(priv|secret|seckey|\bsk\b|\bkey\b|\"key\"|'key'|keyA|keyB|\bkey\s*=|_key\b|private_key|privateKey|"
    r"\"d\"|\bd:|_PK\b|\bPK\b|COINBASE_PK|wallet|signer|mnemonic|seed|accounts\.add|wallet\.add|makeKeypair|"
    r"fromPrivateKey|CBitcoinSecret|ApiKey|\.key\b|HexToECDSA|from_key|Wallet\(|SigningKey)"
)

# The name is on the value's own line, or on the line just above when the value starts its line.
OWN = (r"(?i)(?:> [^|]*?(?=[^|]*<V>)|\|[^|]*(?=[^|]*\| > [^A-Za-z|]{0,6}"
       r"(?:fromHex\(|HexBytes\(|hexToBytes\(|Buffer\.from\(|l?x\(|unhexlify\()?[^A-Za-z|]{0,6}(?:0x)?<V>))")

# (repo, path regex, context regex or "", label, reason); first match wins.  Context is
# "<line-2> | <line-1> | <line>" with the value as <V>.
RULES: list[tuple[str, str, str, str, str]] = [
    # --- JWTs and Basic credentials
    ("*", r".*", r"^JWT alg=none", "fp", "an alg: none JWT is not a credential (unsigned)"),
    ("*", r".*", r"^JWT ", "tp", "a signed JWT test/doc token (bearer credential shape)"),
    ("cosmos/cosmjs", r"http\.spec\.ts$", r"Basic", "tp", "Basic credentials of a test echo server (user:pass)"),
    # --- URL credentials
    ("cosmos/cosmjs", r"\.yarn/releases/", "", "fp", "minified yarn release: a URL template, not a credential"),
    ("web3/web3.js", r"basic_auth\.test\.ts$", "", "fp", "toy user:password against a local test node"),
    # --- WIF: the encoding says private key
    ("*", r".*", r"^WIF", "tp", "a WIF-encoded private key (test vector)"),
    # --- hex, by what the reader saw
    ("*", r".*", r"PUB_IN_FILE", "tp", "its public key is in the same file: a test private key"),
    ("*", r".*", r"ADDR_IN_REPO", "tp", "its Ethereum address appears in the repository: a private key"),
    ("*", r".*", r"privateKeyTo", "tp", "passed to a privateKeyTo… call: a private key"),
    ("*", r".*", OWN + r"(pubkey|publickey|public_key|internalPubkey|compressed publickey|toPublic)", "fp",
     "a public key"),
    ("*", r".*", OWN + r"(ciphertext|\bmac\b|\"mac\"|'mac'|\biv\b)", "fp",
     "keystore ciphertext or MAC (encrypted, public)"),
    ("*", r".*", r"(?i)storage_?keys", "fp", "EIP-2930 access-list storage keys (slots)"),
    ("*", r".*", r"(?i)chainCode", "fp", "a BIP32 chain code, not a key"),
    ("*", r".*", OWN + r"(\"k\d*\"|\bnonce)", "fp", "an RFC 6979 nonce of a published test vector"),
    ("*", r".*", OWN + r"(acct\.key|\.private_key|priv_key|private_key|privateKey)", "tp", "a private key by its name"),
    ("ethers-io/ethers.js", r"^dist/", r"defaultApiKey", "tp", "Ankr default API key in the bundle (a real credential)"),
    ("ethers-io/ethers.js", r"test-crypto", r"keyA|keyB", "tp", "ECDH test private keys (keyA/keyB)"),
    ("web3/web3.js", r"SearchBar", "", "fp", "a docs-search publishable key (named PUBLIC_KEY, meant for browsers)"),
    ("bitcoinjs/bitcoinjs-lib", r"base58_keys_valid\.json$", "", "tp", "hex form of the WIF key above (isPrivkey vector)"),
    ("bitcoinjs/bitcoinjs-lib", r"ecc_lib\.", "", "fp", "curve self-test points and tweak results"),
    ("bitcoinjs/bitcoinjs-lib", r"(address|script|crypto)\.json$", "", "fp", "witness programs / hash outputs"),
    ("bitcoinjs/bitcoinjs-lib", r"tx_valid\.json$", "", "fp", "previous-output txids and script hashes"),
    ("bitcoinjs/bitcoinjs-lib", r"taproot\.spec\.ts$", "", "fp", "an internal public key / tweaked output"),
    ("petertodd/python-bitcoinlib", r"test_wallet\.py$", r"test_vectors = \[ \| > \(0x1|\(0x<V>, \"", "tp",
     "RFC 6979 vector: the private key column"),
    ("petertodd/python-bitcoinlib", r"test_wallet\.py$", r"\(0x\w+, \".*\", 0x<V>", "fp",
     "RFC 6979 vector: the nonce column"),
    ("petertodd/python-bitcoinlib", r"", "", "fp", "txids, block hashes, outpoints and sighashes of test transactions"),
    ("ofek/coincurve", r"pubkey\.json$", "seckey", "tp", "libsecp256k1 vector secret key"),
    ("openzeppelin/openzeppelin-contracts", r"", "", "fp", "P-256 constants and timelock salts/predecessors"),
    ("rainbow-me/rainbowkit", r"(P256\.sol|TimelockController)", "", "fp", "vendored OpenZeppelin constants and salts"),
    ("rainbow-me/rainbowkit", r"walletconnect\.txt$", "", "fp", "WalletConnect domain-verification token (public by design)"),
    ("ethers-io/ethers.js", r"defaultApiKey|provider-ankr", "", "tp", "Ankr default API key (a real credential)"),
    ("ethers-io/ethers.js", r"", r"defaultApiKey", "tp", "Ankr default API key (a real credential)"),
    ("ethers-io/ethers.js", r"\.map$", "", "fp", "curve/BLS constants inside a one-line source map"),
    ("ethers-io/ethers.js", r"hmac\.json", r'> "key": ', "tp", "an HMAC key of a test vector (symmetric secret)"),
    ("ethers-io/ethers.js", r"", "", "fp", "ABI topics, block extraData, wordlist checksums"),
    ("cosmos/cosmjs", r"ed25519\.spec\.ts$", r"Ed25519Keypair\( \| > fromHex", "tp", "ed25519 private key passed to a keypair"),
    ("cosmos/cosmjs", r"ed25519\.spec\.ts$", r"fromHex\(\"H\"\), \| > fromHex", "fp", "ed25519 public key (second argument)"),
    ("cosmos/cosmjs", r"ed25519\.spec\.ts$", r"> const (seed|privkey|otherSeed)\w* = fromHex", "tp",
     "an ed25519 private key or seed"),
    ("cosmos/cosmjs", r"xchacha20poly1305", "", "tp", "an XChaCha20-Poly1305 key (symmetric secret)"),
    ("cosmos/cosmjs", r"hmac\.spec\.ts$", r"\| > fromHex", "tp", "an HMAC key of a Botan test vector (symmetric secret)"),
    ("cosmos/cosmjs", r"secp256k1signature\.spec", "", "fp", "signature r/s values"),
    ("cosmos/cosmjs", r"secp256k1\.spec\.ts$", r"ExtendedSecp256k1Signature\(|fromHex\(\"H\"\), \| > fromHex", "fp",
     "signature components"),
    ("cosmos/cosmjs", r"secp256k1\.spec\.ts$", r"(?i)makeKeypair|privkey", "tp", "a private key given to makeKeypair"),
    ("cosmos/cosmjs", r"slip10\.spec\.ts$", r"privkey", "tp", "SLIP-10 test vector private key"),
    ("cosmos/cosmjs", r"", "", "fp", "hash/HMAC/argon2 outputs, IBC denom hashes, entropy vectors, event data"),
    # eth-account, web3.py, brownie, web3.js: names the reader saw
    ("ethereum/eth-account", r"test_deterministic\.py$", "", "tp", "BIP32 test-vector private key (column `key`)"),
    ("ethereum/eth-account", r"test_mnemonic\.py$", "", "fp", "BIP39 seeds and derived entropy/hash vectors"),
    ("*", r".*", r"(?i)(hash|txid|topic|genesis|head|root|withdrawal_credentials|extraData|selector|signature|"
     r"sha3|keccak|call_trace|traceback|transactionHash|blockHash|=>|\boutput\b|ec_recover|HexBytes)", "fp",
     "a hash, topic, signature or transaction id by its name or the code around it"),
    ("*", r".*", OWN + KEY_NAME.pattern.removeprefix("(?i)"), "tp", "a private key by its name or the call it is passed to"),
    ("*", r".*", "", "fp", "an unnamed 64-hex value in test data or docs: a hash or encoded word (read by hand)"),
]


def read_text(tree: Path, rel: str) -> str:
    """A file of the tree, or a member of a .gz or .zip in it (``outer.json.gz!outer.json``, as leakscan names it)."""
    outer, _, inner = rel.partition("!")
    data = (tree / outer).read_bytes()
    if inner and outer.endswith(".gz"):
        data = gzip.decompress(data)
    elif inner:  # a zip (only one level is met in the set)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = archive.read(inner)
    return data.decode("utf-8", "replace")


def contexts(tree: Path, row: dict[str, object], cache: dict[str, list[str]]) -> tuple[str, str]:
    """(the value, the masked context) of one finding."""
    rel = str(row["path"])
    if rel not in cache:
        cache[rel] = read_text(tree, rel).split("\n")
    lines = cache[rel]
    n = int(str(row["line"])) - 1
    line = lines[n]
    col = int(str(row["column"]))
    if len(line) > 400:  # one-line bundles and source maps: the window around the value
        line = line[max(0, col - 200) : col + 200]
        shift = max(0, col - 200)
        row = {**row, "column": col - shift, "end_column": int(str(row["end_column"])) - shift}
    seg = line[int(str(row["column"])) - 1 : int(str(row["end_column"])) + 2]
    m = HEX.search(seg) if row["rule"] in ("hex-private-key", "hex-secret") else None
    value = m.group() if m else line[int(str(row["column"])) - 1 : int(str(row["end_column"]))]
    mask = lambda s: re.sub(r"[0-9a-fA-F]{16,}", "H", s.replace(value, "<V>")).strip()[:400]  # noqa: E731
    above = [mask(lines[i]) for i in (n - 2, n - 1) if i >= 0]
    return value, " | ".join([*above, "> " + mask(line)])


def facts(tree: Path, row: dict[str, object], value: str, text: str) -> str:
    if row["rule"] == "bitcoin-wif-private-key":
        return "WIF"
    if row["rule"] in ("generic-jwt", "glomo-api-key"):
        return f"JWT alg={row.get('alg', '')}"
    if row["rule"] not in ("hex-private-key", "hex-secret"):
        return ""
    raw = bytes.fromhex(value.lower().removeprefix("0x"))
    out = []
    pub = coincurve.PrivateKey(raw).public_key
    low = text.lower()
    if pub.format(True).hex() in low or pub.format(False).hex()[2:] in low:
        out.append("PUB_IN_FILE")
    address = crypto.eth_address_hex(raw)
    if address in low or subprocess.run(["grep", "-rqiF", "--exclude-dir=.results", address, str(tree)]).returncode == 0:
        out.append("ADDR_IN_REPO")
    return " ".join(out)


def label(row: dict[str, object], ctx: str) -> tuple[str, str] | None:
    for repo, path, pattern, lab, reason in RULES:
        if repo != "*" and repo.lower() != str(row["repo"]).lower():
            continue
        if path and not re.search(path, str(row["path"])):
            continue
        if pattern and not re.search(pattern, ctx):
            continue
        return lab, reason
    return None


CLIENT_WRONG = (
    (r"^packages/web3-eth-accounts/src/", "library source (node and browser), its doc comment ships nowhere"),
    (r"^docs/src/theme/", ""),
)


def client_verdict(row: dict[str, object]) -> tuple[str, str]:
    """Whether ``client_side: true`` is right: the file ships to browsers or devices."""
    path = str(row["path"])
    if re.search(r"(^|/)dist/.*\.(js|map)$|(^|/)public/|docs/src/theme/", path):
        return "right", "a browser bundle, source map, public asset or docs-site component"
    if "test" in path.split("/")[0:3] or re.search(r"\.(test|spec)\.", path):
        return "wrong", "a test file: not shipped"
    return "wrong", "library source or doc comment, not a front-end bundle"


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", type=Path, default=Path("/work/corpus/precision"))
    p.add_argument("--new-only", action="store_true",
                   help="print rows only for findings labels.jsonl does not hold yet (append them)")
    args = p.parse_args()
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here.parent))
    import precision

    unlabelled = 0
    known = set(precision.load_labels()) if args.new_only else set()
    for repo in precision.repos():
        tree = args.corpus / precision.slug(repo["name"])
        rows = json.loads((args.corpus / ".results" / f"{precision.slug(repo['name'])}.json").read_text())
        cache: dict[str, list[str]] = {}
        for row in rows:
            if precision.key(row) in known:
                continue
            value, ctx = contexts(tree, row, cache)
            found = label(row, facts(tree, row, value, "\n".join(cache[str(row["path"])])) + " " + ctx)
            if found is None:
                unlabelled += 1
                print("UNLABELLED", row["repo"], row["path"], row["line"], ctx, file=sys.stderr)
                continue
            out = {k: row[k] for k in ("repo", "commit", "path", "line", "rule", "vfp")}
            out.update(label=found[0], reason=found[1])
            if found[0] == "tp" and row["rule"] in ("hex-private-key", "bitcoin-wif-private-key"):
                # severity before issue 11: a corroborated key that blocked must still block
                out["baseline"] = row["severity"]
                out["baseline_corroborated"] = row.get("corroborated") is not False
            if row["client_side"]:
                out["client_side"], out["client_side_reason"] = client_verdict(row)
            print(json.dumps(out, sort_keys=True))
    return 1 if unlabelled else 0


if __name__ == "__main__":
    sys.exit(main())
