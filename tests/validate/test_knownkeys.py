"""Published keys (issue 11, item 3): dev-chain default accounts are listed at info, never blocking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from leakscan.validate import knownkeys
from testing import hd
from tests.validate.conftest import scan_text


def _dev_key(index: int) -> str:
    """Hardhat/Anvil account ``index``, derived here from the published mnemonic (no key is committed)."""
    return hd.derive(hd.seed(knownkeys.HARDHAT_MNEMONIC_WORDS), f"m/44'/60'/0'/0/{index}").hex()


@pytest.mark.parametrize(("mnemonic", "label", "count"), [
    (knownkeys.HARDHAT_MNEMONIC_WORDS, "Hardhat/Anvil default account", 20),
    (knownkeys.GANACHE_MNEMONIC_WORDS, "Ganache deterministic account", 10),
])
def test_every_bundled_dev_address_comes_from_its_published_mnemonic(mnemonic: str, label: str, count: int) -> None:
    bundled = [a for a, where in knownkeys.PUBLISHED.items() if where.startswith(label)]
    assert bundled == hd.accounts(mnemonic, count)


def test_bip32_derivation_matches_the_bip32_test_vector() -> None:
    """The test helper itself: BIP32 test vector 1, m/0H (public vector, from the BIP)."""
    seed = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
    key = hd.derive(seed, "m/0'")
    assert key.hex().startswith("edb2e14f9ee77d26")


def test_a_hardhat_default_key_is_info_and_says_where_it_is_published() -> None:
    text = f'module.exports = {{ networks: {{ local: {{ accounts: ["0x{_dev_key(0)}"] }} }} }};\n'
    [f] = [f for f in scan_text(text, "hardhat.config.js") if f.rule_id == "hex-private-key"]
    assert f.severity == "info"
    assert f.validation["known_public"] is True
    assert f.validation["published"] == "Hardhat/Anvil default account #0"


def test_a_fresh_dapp_template_passes_the_default_gate(tmp_path: Path) -> None:
    (tmp_path / "hardhat.config.ts").write_text(
        "const config = {\n  networks: {\n    localhost: {\n      accounts: [\n"
        + "".join(f'        "0x{_dev_key(i)}",\n' for i in range(3)) + "      ],\n    },\n  },\n};\n")
    (tmp_path / ".env.example").write_text(f"PRIVATE_KEY=0x{_dev_key(4)}\n")
    run = subprocess.run([sys.executable, "-m", "leakscan", "scan", str(tmp_path), "--format", "json"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert '"known_public": true' in run.stdout


def test_an_unpublished_key_beside_them_still_blocks(tmp_path: Path) -> None:
    from testing import secrets

    (tmp_path / "deploy.ts").write_text(f'const PRIVATE_KEY = "0x{_dev_key(1)}";\n'
                                        f'const DEPLOYER_PRIVATE_KEY = "0x{secrets.hex_key(91)}";\n')
    run = subprocess.run([sys.executable, "-m", "leakscan", "scan", str(tmp_path)], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 1
