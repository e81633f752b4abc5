"""The hex-key validator's per-file address index gives the same answers as a plain search.

A file with many 64-hex candidates switches from searching the lowered bytes
to a set of 20-hex blocks (a fast "certainly absent"); both must agree,
wherever the address sits in a run.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.model import Fragment
from leakscan.scans.files import scan_fragments
from leakscan.validate.hexindex import HexIndex
from testing import secrets


def _hashes(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    return [f"{rng.getrandbits(256):064x}" for _ in range(n)]


def test_address_in_a_hash_heavy_lockfile_still_corroborates_the_key():
    key, address = secrets.hex_key(41), secrets.eth_address(41)
    lines = [f'checksum = "{h}"' for h in _hashes(40)]
    lines.insert(20, f'checksum = "{key}"')
    lines.append(f"# owner {address.upper().replace('0X', '0x')}")
    result = scan_fragments([Fragment("\n".join(lines).encode(), "Cargo.lock")])
    [finding] = result.findings
    assert finding.rule_id == "hex-private-key"
    assert finding.validation["address"] == address
    assert finding.validation["corroborated"] is True


def test_address_only_inside_a_longer_hex_run_does_not_rescue_a_hash():
    # an address buried in another hash is no mention of it: the hash context decides
    key, address = secrets.hex_key(42), secrets.eth_address(42)
    embedded = "ab" + address[2:].lower() + "cd" * 11
    lines = [f"sha256: {h}" for h in _hashes(30)] + [f"sha256: {embedded}", f"sha256: {key}"]
    assert scan_fragments([Fragment("\n".join(lines).encode(), "SHA256SUMS.txt")]).findings == []


def test_standalone_or_abi_padded_address_corroborates_a_hash_context_value():
    key, address = secrets.hex_key(42), secrets.eth_address(42)
    for mention in (address, "0x" + "0" * 24 + address[2:].lower()):
        lines = [f"sha256: {h}" for h in _hashes(30)] + [f"owner: {mention}", f"sha256: {key}"]
        result = scan_fragments([Fragment("\n".join(lines).encode(), "SHA256SUMS.txt")])
        assert [f.secret.reveal() for f in result.findings] == [key]
        assert result.findings[0].validation["corroborated"] is True


def test_hashes_without_the_address_are_not_keys():
    key = secrets.hex_key(43)
    lines = [f"sha256: {h}" for h in _hashes(30)] + [f"sha256: {key}"]
    assert scan_fragments([Fragment("\n".join(lines).encode(), "notes.txt")]).findings == []


def test_many_candidates_give_the_same_findings_as_few():
    keys = [secrets.hex_key(100 + i) for i in range(12)]
    text = "\n".join(f"PRIVATE_KEY_{i}={k}" for i, k in enumerate(keys)).encode()
    many = scan_fragments([Fragment(text, "keys.env")]).findings
    one_each = [f for i, k in enumerate(keys)
                for f in scan_fragments([Fragment(f"PRIVATE_KEY_{i}={k}".encode(), "keys.env")]).findings]
    assert [(f.secret.reveal(), f.validation) for f in many] == [(f.secret.reveal(), f.validation) for f in one_each]


def _reference_low_entropy(hexstr: str) -> bool:
    """The original definition, computed the slow, obvious way."""
    import math
    from collections import Counter

    s = hexstr.lower()
    if len(set(s)) < 8:
        return True
    counts = Counter(s)
    entropy = -sum(c / len(s) * math.log2(c / len(s)) for c in counts.values())
    if entropy < 3.0:
        return True
    return any(s == s[:k] * (len(s) // k) for k in (1, 2, 4, 8, 16, 32))


def test_low_entropy_matches_its_definition():
    from leakscan.validate.hexvalue import low_entropy

    rng = random.Random(11)
    for _ in range(20000):
        alphabet = "0123456789abcdefABCDEF"[: rng.choice((8, 9, 10, 12, 16, 22))]
        text = "".join(rng.choice(alphabet) for _ in range(rng.choice((64, 64, 40, 66))))
        assert low_entropy(text) == _reference_low_entropy(text), text


@settings(max_examples=200, deadline=None)
@given(run=st.integers(40, 300), at=st.integers(0, 300), pad=st.sampled_from(["", " ", "0x", "g"]),
       seed=st.integers(0, 2**32))
def test_block_index_agrees_with_a_plain_search_wherever_the_address_sits(run: int, at: int, pad: str,
                                                                           seed: int) -> None:
    rng = random.Random(seed)
    digits = "".join(rng.choice("0123456789abcdef") for _ in range(run))
    address = "".join(rng.choice("0123456789abcdef") for _ in range(40)).encode()
    at = min(at, run)
    text = (pad + digits[:at] + address.decode() + digits[at:] + pad + "\n").encode()
    index = HexIndex(Fragment(text, "data.txt"))
    for i in range(HexIndex.LINEAR_LOOKUPS):
        index.contains(b"g%039d" % i)  # distinct misses, past the linear lookups: the blocks answer now
    absent = "".join(rng.choice("0123456789abcdef") for _ in range(40)).encode()
    assert index.contains(address) is True
    assert index.contains(absent) is (absent in text)
    assert index.blocks is not None
