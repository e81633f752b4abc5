"""64-hex secrets of other kinds (HMAC/JWT, ciphers, Engine API, ed25519, BLS) are ``hex-secret``, not keys.

Issue 11, item 4: no derived address and no Gluwa fix for a value that is not an
account; the kind comes from positive evidence only.  Values are generated here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from leakscan.model import Fragment
from leakscan.scans.files import scan_fragments
from leakscan.validate import hexkind
from testing import secrets


def _found(text: str, path: str) -> list[tuple[str, str, str]]:
    result = scan_fragments([Fragment(text.encode(), path)], ignore=False)
    return [(f.rule_id, f.key_type, f.severity) for f in result.findings]


KINDS = [
    ("JWT_SECRET={v}", ".env", "jwt-secret"),
    ("const hmacKey = Buffer.from('{v}', 'hex');", "src/webhook.ts", "hmac-secret"),
    ("WEBHOOK_HMAC_SECRET: '{v}'", "config/app.yml", "hmac-secret"),
    ("aes_key = bytes.fromhex('{v}')", "app/store.py", "symmetric-key"),
    ("encryptionKey: '0x{v}',", "src/config.ts", "symmetric-key"),
    ("const ed25519Seed = fromHex('{v}');", "src/keys.ts", "ed25519-key"),
    ("blsPrivateKey = '{v}'", "validator/keys.py", "bls-key"),
    ("P256_PRIVATE_KEY={v}", ".env", "p256-key"),
    ("mac = hmac.new(\n    bytes.fromhex('{v}'),\n", "svc/sign.py", "hmac-secret"),
    ("{{\"key\": \"{v}\", \"data\": \"00\"}}", "vectors/hmac.json", "hmac-secret"),
    ("  const key = fromHex('{v}');", "src/xchacha20poly1305.spec.ts", "symmetric-key"),
    ("{v}\n", "node/jwt.hex", "engine-api-jwt-secret"),
]


@pytest.mark.parametrize(("text", "path", "kind"), KINDS, ids=[k[2] + ":" + k[1] for k in KINDS])
def test_the_kind_comes_from_evidence(text: str, path: str, kind: str) -> None:
    value = secrets.hex_key(70)
    assert _found(text.format(v=value), path) == [("hex-secret", kind, "high")]


NOT_SECRETS = [
    ("hmac: '{v}'", "test/vectors.yml"),  # the MAC itself: a hash-like output
    ("ed25519PublicKey = '{v}'", "src/verify.ts"),
    ("jwtHash = '{v}'", "src/session.ts"),
    ("encryptionKeyId: '{v}'", "deploy/kms.yml"),
]


@pytest.mark.parametrize(("text", "path"), NOT_SECRETS, ids=[n[0].split(" ")[0] for n in NOT_SECRETS])
def test_a_kind_word_without_a_key_word_is_no_secret(text: str, path: str) -> None:
    found = _found(text.format(v=secrets.hex_key(71)), path)
    assert all(rule != "hex-secret" for rule, _, _ in found)
    assert all(severity == "info" for _, _, severity in found)  # nothing blocks on these


def test_its_derived_address_in_the_file_makes_it_a_secp256k1_key_whatever_its_name() -> None:
    text = f"hmacKey = '{secrets.hex_key(72)}'\nowner = '{secrets.eth_address(72)}'\n"
    assert _found(text, "conf.py") == [("hex-private-key", "private-key", "critical")]


def test_a_key_consuming_call_in_a_file_about_hmac_is_still_a_secp256k1_key() -> None:
    text = f"const signer = new ethers.Wallet('{secrets.hex_key(73)}');"
    assert _found(text, "src/hmac.ts") == [("hex-private-key", "private-key", "critical")]


def test_a_secp256k1_file_keeps_its_keys() -> None:
    text = f"const key = '{secrets.hex_key(74)}';"
    assert _found(text, "test/ed25519_and_secp256k1.spec.ts")[0][0] == "hex-private-key"


def test_a_hex_secret_has_no_address_and_one_identity_for_every_spelling() -> None:
    value = secrets.hex_key(75)
    a = scan_fragments([Fragment(f"JWT_SECRET={value}".encode(), ".env")], ignore=False).findings
    b = scan_fragments([Fragment(f"JWT_SECRET=0x{value.upper()}".encode(), ".env")], ignore=False).findings
    assert len(a) == len(b) == 1  # both rules match the value: reported once
    assert "address" not in a[0].validation
    assert a[0].validation["corroborated"] is True
    assert a[0].fingerprint == b[0].fingerprint
    assert a[0].remediation != scan_fragments([Fragment(f"PRIVATE_KEY={value}".encode(), ".env")],
                                              ignore=False).findings[0].remediation


def test_name_words_join_curve_and_cipher_names() -> None:
    assert {"ed25519", "keypair"} <= hexkind.name_words("Ed25519Keypair(")
    assert "xchacha" in hexkind.name_words("xchacha20poly1305")
    assert "p256" in hexkind.name_words("P256_PRIVATE_KEY")


def test_cli_json_report_and_disabled_rule(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".env").write_text(f"JWT_SECRET={secrets.hex_key(76)}\n")
    run = [sys.executable, "-m", "leakscan", "scan", str(tmp_path), "--format", "json", "--no-ignore"]
    proc = subprocess.run(run, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    [finding] = json.loads(proc.stdout)["findings"]
    assert (finding["rule_id"], finding["key_type"], finding["severity"]) == ("hex-secret", "jwt-secret", "high")
    assert secrets.hex_key(76) not in proc.stdout
    off = subprocess.run([*run, "--disable-rule", "hex-secret"], capture_output=True, text=True)
    assert off.returncode == 0, off.stdout  # the user turned the kind off: it is not re-reported as a key


def test_a_keypair_call_takes_its_secret_first_and_its_public_key_second() -> None:
    secret, public = secrets.hex_key(77), secrets.hex_key(78)
    text = f"const pair = new Ed25519Keypair(\n  fromHex('{secret}'),\n  fromHex('{public}'),\n);\n"
    found = scan_fragments([Fragment(text.encode(), "src/pair.ts")], ignore=False).findings
    kinds = {f.secret.reveal(): (f.rule_id, f.severity) for f in found}
    assert kinds[secret] == ("hex-secret", "high")
    assert kinds.get(public, ("", "info"))[1] == "info"  # the public half never blocks


def test_an_hmac_key_may_follow_the_hash_it_is_used_with() -> None:
    text = f"const hmac = new Hmac(\n  Sha256,\n  fromHex('{secrets.hex_key(79)}'),\n);\n"
    assert _found(text, "src/mac.spec.ts") == [("hex-secret", "hmac-secret", "high")]
