"""Severity from evidence (issue 11): what makes a 64-hex value a key, and what leaves it a possible key.

Every key is generated at test time (testing/secrets.py); the shapes are the ones
found in real repositories (benchmarks/precision/): formatter-wrapped names, doc
test output, key-consuming calls, vector files that list a key's public key or WIF.
"""

from __future__ import annotations

import coincurve
import pytest

from leakscan.validate import hexevidence
from testing import secrets
from tests.validate.conftest import scan_text

K = secrets.hex_key(71)


def _one(text: str, path: str = "src/keys.ts"):
    found = [f for f in scan_text(text, path) if f.rule_id == "hex-private-key"]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "path", "says"), [
    (f"const signerPrivateKey =\n  '0x{K}';\n", "scripts/deploy.ts", "bound to signerPrivateKey"),
    (f'args = [\n  "--private-key",\n  "0x{K}",\n]\n', "scripts/run.py", "bound to private-key"),
    (f">>> acct.key\nHexBytes('0x{K}')\n", "docs/accounts.rst", "bound to acct.key"),
    (f"expect(derived.privkey).toEqual(\n  fromHex(\"{K}\"),\n);\n", "src/slip10.spec.ts", "bound to derived.privkey"),
    (f"const keypair = Secp256k1.makeKeypair(\n  fromHex(\"{K}\"),\n);\n", "src/k.spec.ts", "passed to Secp256k1.makeKeypair()"),
    (f'signer = Account.from_key("0x{K}")\n', "sign.py", "passed to Account.from_key()"),
    (f'key, _ := crypto.HexToECDSA("{K}")\n', "main.go", "passed to crypto.HexToECDSA()"),
    (f"address alice = vm.addr(0x{K});\n", "test/A.t.sol", "passed to vm.addr()"),
    (f'{{"seckey": "{K}"}}\n', "tests/data.json", "bound to seckey"),
    (f'{{"d": "{K}", "Q": "…"}}\n', "fixtures/ecpair.json", "bound to d"),
])
def test_key_evidence_makes_it_critical(text: str, path: str, says: str) -> None:
    f = _one(text, path)
    assert f.validation["corroborated"] is True and f.severity == "critical"
    assert f.validation["corroboration"] == says


def test_its_public_key_in_the_same_file_corroborates() -> None:
    public = coincurve.PrivateKey(bytes.fromhex(K)).public_key.format(compressed=True).hex()
    f = _one(f'{{"a": "{K}",\n "b": "{public}"}}\n', "vectors/pubkey.json")
    assert f.severity == "critical" and f.validation["corroboration"] == "its public key appears in the same file"


def test_its_wif_in_the_same_file_corroborates() -> None:
    raw = bytes.fromhex(secrets.hex_key(72))
    wif = secrets.wif(72)
    text = f'[\n  "{wif}",\n  "{raw.hex()}",\n  {{"isPrivkey": true}}\n]\n'
    [f] = [f for f in scan_text(text, "fixtures/keys_valid.json") if f.rule_id == "hex-private-key"]
    assert f.severity == "critical" and f.validation["corroboration"] == "its WIF form appears in the same file"


def test_the_x_coordinate_alone_is_not_a_public_key() -> None:
    """A nonce k has r = x(kG) in its signature: x alone next to it says nothing."""
    x = coincurve.PrivateKey(bytes.fromhex(K)).public_key.format(compressed=True)[1:].hex()
    f = _one(f'{{"k": "{K}"}}\n{{"r": "{x}"}}\n', "fixtures/ecdsa.json")
    assert f.severity == "info"


@pytest.mark.parametrize(("text", "path"), [
    (f"const tx: TransactionWithToLocalWalletIndex = {{\n  data: '0x{K}',\n}};\n", "docs/config.md"),
    (f"expect(derived.chainCode).toEqual(\n  fromHex(\"{K}\"),\n);\n", "src/slip10.spec.ts"),
    (f">>> token.functions.transfer(web3.eth.accounts[1], 5).transact()\n\"0x{K}\"\n", "docs/contract.rst"),
    (f"expect(web3.eth.accounts.hashMessage('hi')).toBe(\n  '0x{K}',\n);\n", "test/hash.test.ts"),
    (f'{{"id": "6c67d79f-ff18-4add", "v": "{K}"}}\n', "public/.well-known/x.txt"),
    (f'"privateKey": "0x{secrets.hex_key(73)}",\n"unsignedLegacy": "0x{K}",\n', "fixtures/tx.json"),
])
def test_nothing_says_key_so_it_never_blocks(text: str, path: str) -> None:
    """A neighbour's name, a type annotation, a call's words or a folder do not make a key:
    reported at info as a possible key, or not at all where a name says hash."""
    found = [f for f in scan_text(text, path) if f.rule_id == "hex-private-key"]
    mine = [f for f in found if f.secret.reveal().lower().endswith(K)]
    assert all(f.severity == "info" for f in mine), [f.validation for f in mine]
    assert all(f.validation["corroboration"] == "possible key: nothing says key or hash" for f in mine)


def test_a_visibility_keyword_above_is_not_a_key_name() -> None:
    text = f"    bytes32 private constant REENTRANCY_GUARD_STORAGE =\n        0x{K};\n"
    assert not [f for f in scan_text(text, "contracts/Guard.sol") if f.rule_id == "hex-private-key"]


@pytest.mark.parametrize(("above", "names"), [
    (b"const signerKey =", ["signerKey"]),
    (b'  "--private-key",', ["private-key"]),
    (b">>> acct.key", ["acct.key"]),
    (b"expect(derived.privkey).toEqual(", ["toEqual(", "derived.privkey"]),
    (b'  "privateKey": "0x1234567890abcdef1234",', []),  # a sibling with its own value
    (b"return total", []),  # does not lead into the value
])
def test_names_above(above: bytes, names: list[str]) -> None:
    data = above + b"\n  '0xVALUE'\n"
    assert hexevidence.names_above(data, data.index(b"'0xVALUE")) == names


@pytest.mark.parametrize(("name", "call"), [
    ("ethers.Wallet(", "ethers.Wallet"), ("accounts.add(", "accounts.add"), ("vm.sign(", "vm.sign"),
    ("list.add(", None), ("signMessage(", None), ("PrivateKey(", "PrivateKey"), ("keys.PrivateKey(", "keys.PrivateKey"),
    ("Wallet", None),
])
def test_key_call(name: str, call: str | None) -> None:
    assert hexevidence.key_call(name) == call


@pytest.mark.parametrize("text", [
    f'"storageKeys": [\n  "0x{K}"\n]\n',
    f"conduitKey: '0x{K}',\n",
    f"expect(derived.chainCode).toEqual(\n  fromHex(\"{K}\"),\n);\n",
])
def test_names_with_key_in_them_that_are_not_private_keys(text: str) -> None:
    """A storage key, a conduit key, a chain code: "key" in the name is not enough."""
    assert not [f for f in scan_text(text, "fixtures/tx.ts") if f.rule_id == "hex-private-key"]


def test_a_parametrize_column_names_the_value() -> None:
    """Vector tables whose names are only in the decorator: the value's column names it."""
    key, digest = secrets.hex_key(81), secrets.hex_key(82)
    text = ('@pytest.mark.parametrize(\n    "seed,path,key",\n    [\n        (\n            "000102",\n'
            f'            "m/0H",\n            "{key}",\n        ),\n    ],\n)\n'
            '@pytest.mark.parametrize("data,expected", [\n'
            f'    ("abc", "{digest}"),\n])\ndef test_x(seed, path, key): ...\n')
    found = {f.secret.reveal().lower()[-64:]: f for f in scan_text(text, "tests/test_vectors.py")
             if f.rule_id == "hex-private-key"}
    assert found[key].severity == "critical" and found[key].validation["corroboration"] == "bound to key"
    assert digest not in found or found[digest].severity == "info"


@pytest.mark.parametrize(("text", "column"), [
    (b'@pytest.mark.parametrize("a,b,key", [("x", "y", "CAFE01")])', "key"),
    (b"@pytest.mark.parametrize(('a', 'key'), [\n  ('x', 'CAFE01'),\n])", "key"),
    (b'@pytest.mark.parametrize("a,b", [("x", "CAFE01")])', "b"),
    (b'@pytest.mark.parametrize("a,b", [("x", "y")])\ndef f(): return ("CAFE01")', ""),
    (b'x = ("CAFE01")', ""),
    (b'@pytest.mark.parametrize("a,seed", [("x", "CAFE01" "ABCD")])', ""),  # half of a joined string
])
def test_parametrize_column(text: bytes, column: str) -> None:
    assert hexevidence.parametrize_column(text, text.index(b"CAFE01")) == column
