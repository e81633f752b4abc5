"""The providers' published examples must come out exactly (tests/data/seed-vectors.json)."""

from __future__ import annotations

from leakscan.validate import crypto, signature
from leakscan.validate.basic import decode_pair
from leakscan.validate.jwt import decode_segment
from tests.validate.conftest import scan_text


def test_private_key_derives_eip55_address(vectors: dict) -> None:
    v = vectors["gluwa_request_signature_ethereum"]
    assert crypto.eth_address_from_private_key(bytes.fromhex(v["private_key_hex"])) == v["address"]


def test_hex_key_finding_reports_derived_address(vectors: dict) -> None:
    v = vectors["gluwa_request_signature_ethereum"]
    [finding] = scan_text(f"private key = {v['private_key_hex']}\n", "docs/gluwa.md")
    assert finding.rule_id == "hex-private-key"
    assert finding.validation["address"] == v["address"]
    assert finding.validation["corroborated"] is True


def test_ethereum_signature_recovers_signer(vectors: dict) -> None:
    v = vectors["gluwa_request_signature_ethereum"]
    message = str(v["unix_timestamp"]).encode()
    assert crypto.recover_eth_personal_signer(message, bytes.fromhex(v["address_signature"][2:])) == v["address"]
    assert signature.decode_header(v["x_request_signature"]) == (v["unix_timestamp"], v["address_signature"])
    assert signature.recover(v["unix_timestamp"], v["address_signature"]) == ("ethereum-eip191", v["address"])


def test_ethereum_signature_header_finding(vectors: dict) -> None:
    v = vectors["gluwa_request_signature_ethereum"]
    [finding] = scan_text(f"X-REQUEST-SIGNATURE: {v['x_request_signature']}\n")
    assert finding.rule_id == "gluwa-request-signature"
    facts = finding.validation
    assert facts["signer"] == v["address"]
    assert facts["scheme"] == "ethereum-eip191"
    assert facts["signed_at"] == "2020-04-23T20:41:37Z"
    assert facts["replayable_until"] == "2020-04-23T20:51:37Z"  # +600 s
    assert v["validity_seconds"] == signature.VALIDITY_SECONDS == 600
    assert facts["replayable_now"] is False


def test_signature_replayable_inside_its_window(vectors: dict) -> None:
    v = vectors["gluwa_request_signature_ethereum"]
    text = f"X-REQUEST-SIGNATURE: {v['x_request_signature']}\n"
    assert scan_text(text, now=v["unix_timestamp"] + 599)[0].validation["replayable_now"] is True
    assert scan_text(text, now=v["unix_timestamp"] + 600)[0].validation["replayable_now"] is False


def test_plain_signature_header_finding(vectors: dict) -> None:
    v = vectors["gluwa_request_signature_ethereum"]
    [finding] = scan_text(f"X-REQUEST-SIGNATURE: {v['x_request_signature_plain']}\n")
    assert finding.validation["signer"] == v["address"]


def test_bitcoin_signature_recovers_signer(vectors: dict) -> None:
    v = vectors["gluwa_request_signature_bitcoin"]
    message = str(v["unix_timestamp"]).encode()
    import base64

    raw = base64.b64decode(v["address_signature_base64"])
    assert crypto.recover_btc_message_signer(message, raw) == v["address"]
    header = base64.b64encode(f"{v['unix_timestamp']}.{v['address_signature_base64']}".encode()).decode()
    [finding] = scan_text(f"X-REQUEST-SIGNATURE: {header}\n")
    assert finding.validation["signer"] == v["address"]
    assert finding.validation["scheme"] == "bitcoin-signed-message"
    assert finding.validation["signed_at"] == "2020-04-23T20:41:37Z"


def test_wif_decodes_and_derives_address(vectors: dict) -> None:
    v = vectors["gluwa_request_signature_bitcoin"]
    key = crypto.decode_wif(v["private_key_wif"])
    assert key is not None and key.compressed and not key.testnet
    assert key.address() == v["address"]
    [finding] = scan_text(f"WIF={v['private_key_wif']}\n")
    assert finding.rule_id == "bitcoin-wif-private-key"
    assert finding.validation["address"] == v["address"]
    assert finding.environment == "live"


def test_basic_token_decodes_to_key_and_secret(vectors: dict) -> None:
    v = vectors["gluwa_basic"]
    assert decode_pair(v["token"]) == (v["api_key"], v["api_secret"]) == ("abcd", "1234")
    [finding] = scan_text(f"{v['header']}\n", "docs/gluwa.md")
    assert finding.rule_id == "gluwa-basic-token"
    assert finding.validation["api_key"] == "****" and finding.validation["api_secret"] == "****"


def test_glomo_header_segment_decodes(vectors: dict) -> None:
    v = vectors["glomo"]
    assert decode_segment(v["jwt_header_segment"]) == v["jwt_header_decoded"]
    import base64

    prefix = v["jwt_payload_segment_prefix"]
    decoded = base64.urlsafe_b64decode(prefix[: len(prefix) // 4 * 4]).decode()
    assert decoded.startswith(v["jwt_payload_prefix_decoded"][:6])
    assert decode_segment(prefix) is None  # a truncated segment is not JSON: None, no exception
