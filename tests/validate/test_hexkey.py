"""hex-private-key: hashes in hash contexts are not findings; the derived address corroborates."""

from __future__ import annotations

import pytest

from testing import secrets
from tests.validate.conftest import scan_text

H = secrets.hex_key(41)  # every SHA-256 digest is a valid scalar too: context decides, not the value


def _hex_findings(text: str, path: str = "notes.txt"):
    return [f for f in scan_text(text, path) if f.rule_id == "hex-private-key"]


@pytest.mark.parametrize(("text", "path"), [
    (f"sha256:{H}", "Dockerfile"),
    (f"image: app@sha256:{H}", "deploy.yml"),
    (f'"integrity": "sha256-{H}"', "manifest.json"),
    (f'integrity = "{H}"', "deps.toml"),
    (f'digest = "{H}"', "build.py"),
    (f"checksum: {H}", "release.yml"),
    (f'fileHash = "0x{H}"', "upload.js"),
    (f"{H}  leakscan-0.1.0.tar.gz", "SHA256SUMS.asc"),
    (f"{H} *leakscan.whl", "release.txt"),
    (f'checksum = "{H}"', "Cargo.lock"),
    (f'{{file = "pkg.whl", hash = "sha256:{H}"}}', "poetry.lock"),
    (f"golang.org/x/text v0.3.0 h1:{H}", "go.sum"),
    (f'"resolved": "x", "shasum": "{H}"', "package-lock.json"),
    (f'"{H}"', "frontend/package-lock.json"),
    (f'txHash: "0x{H}"', "tx.yml"),
    (f'"blockHash": "0x{H}"', "block.json"),
    (f'"transactionHash": "0x{H}"', "receipt.json"),
    (f'topics: ["0x{H}"]', "logs.json"),
    (f"topic0 = 0x{H}", "events.py"),
    (f"bytes32 constant MINTER_ROLE = 0x{H};", "Token.sol"),
    (f"bytes32 public constant DOMAIN = 0x{H};", "Domain.sol"),
    (f'TRANSFER = keccak256("Transfer(address,address,uint256)") # 0x{H}', "abi.py"),
    (f"commit {H}", "log.txt"),
    (f"tree {H}", "object.txt"),
    (f"parent {H}", "object.txt"),
    (f"100644 blob {H}\tREADME.md", "ls-tree.txt"),
])
def test_hashes_in_hash_contexts_are_not_findings(text: str, path: str) -> None:
    assert _hex_findings(text + "\n", path) == []


def test_same_value_as_a_key_is_a_finding() -> None:
    [f] = _hex_findings(f"PRIVATE_KEY={H}\n", ".env")
    assert f.validation["address"] == secrets.eth_address(41)
    assert f.validation["corroborated"] is True and f.severity == "critical"


def test_address_in_same_file_corroborates() -> None:
    text = f"account: {secrets.eth_address(41).lower()}\nvalue: {H}\n"
    [f] = _hex_findings(text, "accounts.yml")
    assert f.validation["corroborated"] is True
    assert f.validation["corroboration"] == "derived address appears in the same file"


def test_address_beats_hash_looking_context() -> None:
    """Positive evidence of a key (its own address) outweighs a hash-looking name."""
    text = f"owner = {secrets.eth_address(41)}\ndigest = {H}\n"
    assert len(_hex_findings(text)) == 1


def test_uncorroborated_key_is_an_info_possible_key() -> None:
    """Nothing says key or hash: listed, never blocking by default (issue 11)."""
    [f] = _hex_findings(f'x = "{H}"\n', "misc.py")
    assert f.validation["corroborated"] is False and f.severity == "info"
    assert f.validation["corroboration"] == "possible key: nothing says key or hash"
    [f] = _hex_findings(f'x = "{H}"\n', "public/app.js")
    assert f.client_side and f.severity == "info"  # a folder name raises nothing


@pytest.mark.parametrize("value", [
    "00" * 31 + "01",  # valid scalar, no entropy
    "ab" * 32,
    "deadbeef" * 8,
    "0123456789abcdef" * 4,
    "ff" * 32,  # above the curve order: not a scalar
])
def test_low_entropy_or_invalid_scalars_are_not_findings(value: str) -> None:
    assert _hex_findings(f"PRIVATE_KEY={value}\n") == []


def test_inside_longer_hex_run_is_not_a_key() -> None:
    assert _hex_findings(f"blob {H}{H[:8]}\n") == []
    assert _hex_findings(f"x{H}\n") == []


def test_fingerprint_is_case_and_prefix_insensitive() -> None:
    [a] = _hex_findings(f"PRIVATE_KEY=0x{H.upper()}\n")
    [b] = _hex_findings(f"PRIVATE_KEY={H}\n")
    assert a.fingerprint == b.fingerprint
