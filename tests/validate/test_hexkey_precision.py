"""Hex keys told apart from hashes and public values found in real code (docs/precision.md).

Each case is a shape met scanning OpenZeppelin, ethers.js, bitcoinjs-lib and web3.py:
the same generated key is a finding where its name or list says key, and the
hash-shaped values around it are not.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.model import Fragment
from leakscan.scans.files import scan_fragments
from leakscan.validate.hexcontext import bound_name, container_name, starts_line
from leakscan.validate.hexvalue import structured
from testing import secrets


def findings(text: str, path: str = "src/app.js"):
    return scan_fragments([Fragment(text.encode(), path)]).findings


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=2**31))
def test_generated_keys_are_never_structured(seed: int) -> None:
    assert structured(secrets.hex_key(seed)) is None


def test_abi_padding_and_repeating_units_are_structured() -> None:
    address = secrets.eth_address(3)[2:].lower()
    assert structured("0" * 24 + address) == "a run of one digit (padding)"
    assert structured(("8e3" * 22)[:64]) == "a 3-digit unit repeats"


def test_names_look_through_wrappers_and_hex_fragments() -> None:
    assert bound_name(b"\"tapInternalKey\": \"Buffer.from('") == "tapInternalKey"
    assert bound_name(b"'parentHash': HexBytes('") == "parentHash"
    assert bound_name(b"mstore(0x20, ") == "mstore("
    assert bound_name(b'signMessage("') == "signMessage("
    assert bound_name(b"        HexBytes(") == ""


def test_container_name_is_the_named_bracket_only() -> None:
    data = b'topics: [\n  "0x' + b"a" * 8
    assert container_name(data, len(data)) == "topics"
    data = b"describe('private key', () => {\n  const x = "
    assert container_name(data, len(data)) == ""
    data = b"resolver = bytes32(\n    "
    assert container_name(data, len(data)) == "bytes32("
    data = b"v, r, s = (\n    28,\n    "
    assert container_name(data, len(data)) == "s"
    assert starts_line(b"x\n    HexBytes('", 14)


def test_key_in_a_named_list_is_corroborated() -> None:
    key = secrets.hex_key(11)
    [finding] = findings(f'const privateKeys = [\n  "0x{key}",\n];\n')
    assert finding.validation["corroborated"] is True
    assert finding.severity == "critical"


@pytest.mark.parametrize(
    "template, path",
    [
        ('topics: [\n    "0x{v}",\n]\n', "test/filter.test.js"),
        ('"pubkey": "{v}",\n', "test/fixtures/p2tr.json"),
        ("this.signature = [\n  '0x{v}',\n];\n", "test/P256.test.js"),
        ("bytes32 private constant SLOT =\n    0x{v};\n", "contracts/Guard.sol"),
        ("uint256 internal constant GX = 0x{v};\n", "contracts/Curve.sol"),
        ("    mstore(0x20, 0x{v})\n", "contracts/Table.sol"),
        ("'OP_0 {v}',\n", "test/addresses.spec.ts"),
        ('["a0", "", 0, 1, "{v}"],\n', "test/fixtures/sighash.json"),
        (">>> Web3.keccak(text='txt')\nHexBytes('0x{v}')\n", "docs/main.rst"),
    ],
)
def test_public_values_are_not_findings(template: str, path: str) -> None:
    assert findings(template.format(v=secrets.hex_key(12)), path) == []


def test_a_key_name_beats_a_solidity_constant() -> None:
    key = secrets.hex_key(13)
    [finding] = findings(f"uint256 internal constant DEPLOYER_PRIVATE_KEY = 0x{key};\n", "test/Deploy.t.sol")
    assert finding.validation["corroborated"] is True


def test_a_derived_address_beats_a_hash_named_file() -> None:
    key, address = secrets.hex_key(14), secrets.eth_address(14)
    [finding] = findings(f'["{key}", "{address}"]\n', "test/fixtures/sighash.json")
    assert finding.validation["corroboration"] == "derived address appears in the same file"


def test_every_rule_example_holds() -> None:
    run = subprocess.run([sys.executable, "-m", "leakscan", "rules", "check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize(
    "template, path",
    [
        ('module.exports = { networks: { sepolia: { accounts: ["0x@@"] } } };', "hardhat.config.js"),
        ('uint256 pk = vm.envOr("PK", uint256(0x@@));', "script/Deploy.s.sol"),
        ('const wallet = new ethers.Wallet("0x@@", provider);', "scripts/send.ts"),
        ('acct = Account.from_key(HexBytes("0x@@"))', "tools/sign.py"),
        ('{"address": "0xabc", "privateKey": "@@"}', "fixtures/accounts.json"),
        ('ganache --account="0x@@,100000000000000000000"', "scripts/dev.sh"),
        ('KEYS = [\n    "0x@@",\n]\n', "conftest.py"),
        ('const signer = new Wallet("0x@@");', "test/transactions.test.js"),
        ('key, _ := crypto.HexToECDSA("@@")', "cmd/main.go"),
        ('signMessage("0x@@", msg)', "src/util.js"),
        ('export const testnetSigner = {\n  key: "@@",\n};\n', "src/keys.ts"),
        ('  "0x@@", // deployer', "scripts/keys.js"),
        ('w3.eth.account.sign_message(msg, private_key="0x@@")', "docs/sign.rst"),
        ('signer = LocalAccount.from_key(bytes.fromhex("@@"))', "bot.py"),
        ('echo "@@" > ~/.ethereum/nodekey', "setup.sh"),
    ],
)
def test_real_key_shapes_are_still_found(template: str, path: str) -> None:
    assert len(findings(template.replace("@@", secrets.hex_key(21)), path)) == 1
