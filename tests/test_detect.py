"""The detector never raises, whatever bytes it is given: bad input is "no finding", never a crash."""

from __future__ import annotations

import base64
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakscan.config import load_config
from leakscan.detect import Detector
from leakscan.engine.matcher import hyperscan_available
from leakscan.model import Fragment

ENGINES = ("hyperscan", "regex") if hyperscan_available() else ("regex",)
DETECTORS = [Detector(load_config(None), engine=e, now=1767225600.0) for e in ENGINES]
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
B64 = B64URL[:-2] + "+/"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=12),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                                       max_size=3), max_leaves=8)
CLAIMS = st.dictionaries(st.sampled_from(["env", "exp", "key_type", "iss", "type", "scope", "sub", "x"]), JSON_VALUES)

JWTS = st.builds(lambda h, c, s: f"eyJ{h}.{c}.{s}", st.text(B64URL, min_size=8, max_size=40),
                 st.one_of(st.text(B64URL, min_size=5, max_size=60).map(lambda t: "eyJ" + t),
                           CLAIMS.map(lambda c: _b64url(json.dumps(c).encode()))),
                 st.text(B64URL, min_size=16, max_size=40))
BASICS = st.binary(min_size=4, max_size=40).map(lambda b: "Basic " + base64.b64encode(b).decode())
SIGS = st.builds(lambda ts, sig: base64.b64encode(f"{ts}.{sig}".encode()).decode(),
                 st.integers(10**8, 10**11 - 1),
                 st.one_of(st.binary(min_size=65, max_size=65).map(lambda b: "0x" + b.hex()),
                           st.text(B64, min_size=86, max_size=86).map(lambda t: t + "=="),
                           st.text(B64, min_size=86, max_size=86).map(lambda t: "0x" + t[2:] + "==")))
HEXES = st.binary(min_size=32, max_size=32).map(lambda b: "0x" + b.hex())
WIFS = st.text("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", min_size=50, max_size=51).map(
    lambda t: "K" + t)
PIECES = st.one_of(JWTS, BASICS, SIGS.map(lambda s: "X-REQUEST-SIGNATURE: " + s), SIGS, HEXES, WIFS,
                   st.sampled_from(["GLOMO_SECRET_KEY=", "Authorization: Bearer ", "sha256:", "\n", " ",
                                    "postgres://u:", "@h ", "GLUWA_API_SECRET=", "NEXT_PUBLIC_", "\xff\xfe"]),
                   st.text(max_size=20))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=8), st.sampled_from(["a.env", "x.py", "Cargo.lock", "dist/app.js", "SHA256SUMS"]))
def test_detect_never_raises_on_near_miss_secrets(pieces: list[str], path: str) -> None:
    data = "".join(pieces).encode("utf-8", "surrogatepass")
    results = [sorted((f.rule_id, f.line, f.column) for f in d.detect(Fragment(data, path))) for d in DETECTORS]
    assert all(r == results[0] for r in results)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_detect_never_raises_on_bytes(data: bytes) -> None:
    for detector in DETECTORS:
        detector.detect(Fragment(data, "blob.bin"))
