"""What a file as a whole says about its 64-hex values (issue 11, item 2): artifacts, KDF vectors,
CSV headers, map keys, vector columns.  Values are generated at test time."""

from __future__ import annotations

import pytest

from leakscan.model import Fragment
from leakscan.scans.files import scan_fragments
from leakscan.validate.hexfile import FileFacts
from testing import secrets

K = secrets.hex_key(81)


def _found(text: str, path: str) -> list[tuple[str, str, object]]:
    result = scan_fragments([Fragment(text.encode(), path)], ignore=False)
    return [(f.rule_id, f.severity, f.validation.get("corroboration")) for f in result.findings]


def test_a_csv_header_names_each_column() -> None:
    text = f"label,txid,private_key\nalice,{secrets.hex_key(82)},{K}\n"
    assert _found(text, "wallets/keys.csv") == [("hex-private-key", "critical", "bound to private_key")]


def test_the_header_line_and_a_header_of_data_are_no_header() -> None:
    facts = FileFacts(Fragment(f"{K},1\n{K},2\n".encode(), "dump.csv"))
    assert facts.columns == []  # a first line of hex is data, not names
    facts = FileFacts(Fragment(b"a,b\n1,2\n", "x.csv"))
    assert facts.columns == ["a", "b"] and facts.column(b"a,b\n1,2\n", 1) == ""


def test_a_compiler_artifact_needs_its_folder_and_its_markers() -> None:
    body = b'{"bytecode": "0x60", "x": 1}'
    assert FileFacts(Fragment(body, "artifacts/contracts/A.sol/A.json")).artifact
    assert FileFacts(Fragment(body, "out/A.sol/A.json")).artifact
    assert not FileFacts(Fragment(body, "config/A.json")).artifact
    assert not FileFacts(Fragment(b'{"privateKey": 1}', "artifacts/A.json")).artifact


@pytest.mark.parametrize(("text", "path"), [
    (f'{{"bytecode": "0x60", "salt": "{K}"}}', "artifacts/build-info/1.json"),
    (f'"label": "t_stringliteral_{K}"', "storage-layout.txt"),
    (f'"storage": {{\n  "0x{K}": "0x01"\n}}', "genesis.json"),
    (f'{{"in": "61", "out": "{K}"}}', "testdata/sha.json"),
    (f'{{"password": "pw", "key": "0x{K}"}}', "testcases/pbkdf.json.gz!pbkdf.json"),
    (f'{{"N": 1024, "dk": "{K}"}}', "vectors/scrypt.json"),
], ids=["artifact", "stringliteral", "map-key", "out-column", "pbkdf-key", "scrypt-dk"])
def test_public_values_by_the_file_are_not_reported(text: str, path: str) -> None:
    assert _found(text, path) == []


def test_a_kdf_file_does_not_hide_a_key_by_its_own_name() -> None:
    text = f'PRIVATE_KEY = "{K}"'
    assert _found(text, "src/kdf_tools.py") == [("hex-private-key", "critical", "bound to PRIVATE_KEY")]


def test_words_of_a_field_on_a_line_say_nothing() -> None:
    text = f'# the key used in tests\nsigner_key = "{K}"'
    assert _found(text, "tests/conftest.py")[0][1] == "critical"
