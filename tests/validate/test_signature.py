"""X-REQUEST-SIGNATURE values that look like signatures but are not must not stop a scan."""

from __future__ import annotations

import base64

from leakscan.validate import signature
from testing import secrets
from tests.validate.conftest import scan_text


def test_base64_signature_starting_with_0x_is_not_read_as_hex() -> None:
    """base64 signatures may begin with "0x"; reading them as hex used to raise and stop the scan."""
    fake = "0x" + "A" * 85 + "="
    header = base64.b64encode(f"1587674497.{fake}".encode()).decode()
    assert signature.decode_header(header) == (1587674497, fake)
    assert signature.recover(1587674497, fake) is None
    found = scan_text(f"X-REQUEST-SIGNATURE: {header}\nPRIVATE_KEY={secrets.hex_key(31)}\n")
    assert [f.rule_id for f in found] == ["hex-private-key"]


def test_generated_headers_recover_their_signer() -> None:
    eth = secrets.eth_signature_header(1767225600, seed=32)
    btc = secrets.btc_signature_header(1767225600, seed=33)
    [f] = scan_text(f"X-REQUEST-SIGNATURE: {eth}\n")
    assert f.validation["signer"] == secrets.eth_address(32)
    [f] = scan_text(f"sig={btc}\n")
    assert f.validation["scheme"] == "bitcoin-signed-message"
    assert f.validation["signed_at"] == "2026-01-01T00:00:00Z"
