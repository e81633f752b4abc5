"""Property tests: every decoder and parser takes arbitrary input without raising, and round-trips."""

from __future__ import annotations

import base64
import json
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.validate import crypto, signature
from leakscan.validate.basic import decode_pair
from leakscan.validate.context import nearest_name, words
from leakscan.validate.hexvalue import low_entropy
from leakscan.validate.jwt import decode_segment

ANY_TEXT = st.text() | st.text(alphabet=string.ascii_letters + string.digits + "-_=+/.:")
PRINTABLE = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40)


@given(ANY_TEXT)
def test_decode_segment_never_raises(text: str) -> None:
    decode_segment(text)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)))
def test_decode_segment_round_trips_json(value: object) -> None:
    segment = base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    assert decode_segment(segment) == value


def test_decode_segment_deep_nesting_is_none() -> None:
    segment = base64.urlsafe_b64encode(b"[" * 100_000).decode()
    assert decode_segment(segment) is None


@given(ANY_TEXT)
def test_decode_pair_never_raises(text: str) -> None:
    decode_pair(text)


@given(PRINTABLE.filter(lambda k: ":" not in k), PRINTABLE)
def test_decode_pair_round_trips(key: str, secret: str) -> None:
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    assert decode_pair(token) == (key, secret)


@given(st.binary(max_size=64))
def test_decode_pair_rejects_what_is_not_key_colon_secret(raw: bytes) -> None:
    pair = decode_pair(base64.b64encode(raw).decode())
    if pair is not None:
        assert f"{pair[0]}:{pair[1]}".encode() == raw and pair[0] and pair[1]


@given(ANY_TEXT)
def test_decode_header_never_raises(text: str) -> None:
    signature.decode_header(text)


@given(st.integers(100_000_000, 99_999_999_999), st.binary(min_size=65, max_size=65), st.booleans())
def test_decode_header_round_trips(ts: int, sig: bytes, ethereum: bool) -> None:
    text = f"0x{sig.hex()}" if ethereum else base64.b64encode(sig).decode()
    header = base64.b64encode(f"{ts}.{text}".encode()).decode()
    assert signature.decode_header(header) == (ts, text)
    assert signature.decode_header(f"{ts}.{text}") == (ts, text)
    signature.recover(ts, text)  # a random signature recovers someone or no one, never raises


@given(ANY_TEXT)
def test_decode_wif_never_raises(text: str) -> None:
    crypto.decode_wif(text)


@settings(max_examples=50)
@given(st.binary(min_size=32, max_size=32).filter(crypto.is_valid_scalar), st.booleans(), st.booleans())
def test_decode_wif_round_trips(secret: bytes, compressed: bool, testnet: bool) -> None:
    import base58

    payload = (b"\xef" if testnet else b"\x80") + secret + (b"\x01" if compressed else b"")
    key = crypto.decode_wif(base58.b58encode_check(payload).decode())
    assert key == crypto.WifKey(secret, compressed, testnet)


@given(ANY_TEXT)
def test_low_entropy_never_raises(text: str) -> None:
    low_entropy(text)


@settings(max_examples=50)
@given(st.binary(min_size=32, max_size=32))
def test_low_entropy_catches_repeats(raw: bytes) -> None:
    """A value made of one repeated 4-byte unit, or nearly all zeros, is made up."""
    assert low_entropy((raw[:4] * 8).hex())
    assert low_entropy("0" * 63 + "1")


@given(ANY_TEXT)
def test_words_never_raises(text: str) -> None:
    assert all(w == w.lower() for w in words(text))


@given(st.binary(max_size=300), st.integers(0, 300))
def test_nearest_name_never_raises(data: bytes, start: int) -> None:
    nearest_name(data, min(start, len(data)))


def test_words_and_names() -> None:
    assert words("NEXT_PUBLIC_glomoSecretKey") == ["glomo", "secret", "key"]
    assert words("VITE_GLOMO_KEY") == ["glomo", "key"]
    assert nearest_name(b'const x = {"glomoSecretKey": "', 31) == "glomoSecretKey"
    assert nearest_name(b"Authorization: Bearer ", 22) == "Authorization"
    assert nearest_name(b"", 0) == ""


def test_bare_public_prefix() -> None:
    assert words("public_key") == ["public", "key"]
    assert words("PUBLIC_GLOMO_KEY") == ["glomo", "key"]
