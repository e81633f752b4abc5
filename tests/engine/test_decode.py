"""Secrets inside encodings: found at the encoded text's line and column, with the plain secret's fingerprint."""

from __future__ import annotations

import base64
import json
import urllib.parse
from dataclasses import replace

import pytest

from leakscan import scan_text
from leakscan.config import Config, load_config
from leakscan.detect import Detector
from leakscan.engine import decoders
from leakscan.engine.decode import Decoder, build_view
from leakscan.findings import fingerprint
from leakscan.model import Fragment
from testing import secrets

KEY = secrets.glomo_key(seed=123)
HEX = secrets.hex_key(124)


def basic_with_slash_and_plus() -> str:
    """A Basic token whose base64 holds ``+``, ``/`` and ``=``: what percent and JSON escaping split."""
    for i in range(10_000):
        token = secrets.basic_token(f"gk_live_{i:05d}", "Zq8" * (i % 3) + f"w3rT~~~???{i}")
        if "+" in token and "/" in token and token.endswith("="):
            return token
    raise AssertionError("no such token")


BASIC = basic_with_slash_and_plus()


def depth(n: int) -> Config:
    return replace(load_config(None), max_decode_depth=n)


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def one(text: str, path: str, rule: str) -> tuple[int, int, tuple[str, ...]]:
    found = [f for f in scan_text(text, path).findings if f.rule_id == rule]
    assert len(found) == 1, found
    return found[0].line, found[0].column, found[0].decoded


def col(line: str, needle: str) -> int:
    return line.index(needle) + 1


K8S = f"""apiVersion: v1
kind: Secret
metadata:
  name: pay
type: Opaque
data:
  GLOMO_SECRET_KEY: {b64(KEY)}
  PRIVATE_KEY: {b64("0x" + HEX)}
"""


def test_kubernetes_secret_data_values() -> None:
    result = scan_text(K8S, "deploy/secret.yaml")
    got = {f.rule_id: (f.line, f.column, f.decoded, f.fingerprint) for f in result.findings}
    assert got["glomo-api-key"] == (7, col(K8S.splitlines()[6], b64(KEY)), ("base64",),
                                    fingerprint("glomo-api-key", KEY))
    assert got["hex-private-key"][:3] == (8, col(K8S.splitlines()[7], b64("0x" + HEX)), ("base64",))
    assert got["hex-private-key"][3] == fingerprint("hex-private-key", HEX)


def test_same_key_plain_and_wrapped_is_one_secret() -> None:
    text = f"plain: {KEY}\nwrapped: {b64(KEY)}\n"
    found = scan_text(text, "x.yaml").findings
    assert [(f.line, f.decoded) for f in found] == [(1, ()), (2, ("base64",))]
    assert len({f.fingerprint for f in found}) == 1


def test_base64_of_a_key_outside_any_secret_manifest_is_gated_by_its_prefix() -> None:
    line = f"token = {b64(KEY)}"
    assert one(line, "settings.py", "glomo-api-key") == (1, 9, ("base64",))
    urlsafe = base64.urlsafe_b64encode(f"Bearer {KEY}".encode()).decode().rstrip("=")
    assert one(f"x={urlsafe}", "a.txt", "glomo-api-key") == (1, 3, ("base64",))


def test_hex_encoded() -> None:
    line = f"blob: {KEY.encode().hex()}"
    assert one(line, "dump.txt", "glomo-api-key") == (1, 7, ("hex",))


def test_percent_encoded_query_string_in_an_access_log() -> None:
    q = urllib.parse.quote(f"Basic {BASIC}", safe="")
    line = f'10.0.0.1 - - [01/Dec/2026:10:00:00 +0000] "GET /v1/balance?auth={q}&x=1 HTTP/1.1" 200 12'
    assert "%2B" in q and "%2F" in q and "%3D" in q
    assert one(line, "access.log", "gluwa-basic-token") == (1, col(line, q) + len("Basic%20"), ("percent",))
    bearer = f'GET /cb?h=Bearer%20{KEY} HTTP/1.1'
    assert one(bearer, "access.log", "glomo-api-key") == (1, col(bearer, KEY), ("percent",))


def test_double_percent_encoding_needs_depth_two() -> None:
    q = urllib.parse.quote(urllib.parse.quote(f"Basic {BASIC}", safe=""), safe="")
    line = f"GET /x?auth={q}"
    assert one(line, "access.log", "gluwa-basic-token") == (1, col(line, q) + len("Basic%2520"),
                                                           ("percent", "percent"))
    assert not [f for f in scan_text(line, "a.log", depth(1)).findings]


def test_docker_json_file_log_json_inside_json() -> None:
    inner = json.dumps({"level": "info", "auth": f"Basic {BASIC}"}).replace("/", "\\/")  # PHP-style \/ escapes
    line = json.dumps({"log": inner + "\n", "stream": "stdout", "time": "2026-12-01T10:00:00Z"})
    assert "\\\\/" in line  # the token's / reads \\/ two levels down
    got = one(line, "container-json.log", "gluwa-basic-token")
    assert got[:2] == (1, col(line, BASIC[:4])) and got[2] == ("json-escape", "json-escape")


def test_unicode_and_hex_escapes() -> None:
    escaped = BASIC.replace("+", "\\u002b").replace("/", "\\x2f")
    line = f'auth = "Basic {escaped}"'
    assert one(line, "client.py", "gluwa-basic-token") == (1, col(line, escaped[:4]),
                                                          ("unicode-escape",))


def test_html_entities() -> None:
    line = f'<meta name="auth" content="Basic {BASIC.replace("/", "&#x2F;").replace("+", "&#43;")}">'
    assert one(line, "index.html", "gluwa-basic-token")[2] == ("html-entity",)


def test_ansi_colour_codes_in_a_ci_log() -> None:
    line = f"\x1b[36m$ curl -H 'Authorization: Basic \x1b[1;33m{BASIC}\x1b[0m' https://api.gluwa.com\x1b[0m"
    assert one(line, "ci/job.log", "gluwa-basic-token") == (1, col(line, BASIC), ("ansi",))
    jsonl = json.dumps({"msg": f"Authorization: Bearer \x1b[32m{KEY}\x1b[0m"})  # \u001b[32m as text
    assert one(jsonl, "ci/job.jsonl", "glomo-api-key")[2] == ("ansi",)


def test_snippets_never_show_the_encoded_secret_and_redact_keeps_offsets() -> None:
    line = f"token: {b64(KEY)}"
    [finding] = scan_text(line, "a.yaml").findings
    from leakscan.findings import display_line

    shown = display_line(finding)
    assert b64(KEY) not in shown and KEY not in shown and shown.startswith("token: eyJh")


def test_decoding_can_be_turned_off() -> None:
    assert not scan_text(f"token = {b64(KEY)}", "a.py", depth(0)).findings


@pytest.mark.parametrize("text", [
    "data:image/png;base64," + base64.b64encode(bytes(range(256)) * 4).decode(),
    "integrity sha512-" + base64.b64encode(bytes(range(64))).decode(),
    "nothing encoded here at all, just prose and code: x = a % b; y = '%2d' % n",
])
def test_ordinary_text_gives_no_view_or_only_a_harmless_one(text: str) -> None:
    assert not scan_text(text, "a.txt").findings


def test_view_maps_offsets_back_to_the_bytes_read() -> None:
    data = b"a%2Bb\x1b[1mc"
    view = build_view(data, decoders.escapes(data))
    assert view is not None and view.data == b"a+bc"
    assert view.source(1, 2) == (1, 4)  # "+" <- "%2B"
    assert view.source(3, 4) == (9, 10)  # "c" after the removed colour code
    assert view.kinds_in(0, 4) == ["percent", "ansi"]


@pytest.mark.parametrize("plain", [b"eyJhbGci", b"Basic ", b"GLUWA_"])
def test_needles_are_found_at_every_alignment(plain: bytes) -> None:
    needles = decoders.base64_needles(plain)
    for pad in (b"", b"x", b"xy"):
        encoded = base64.b64encode(pad + plain + b"tail")
        assert any(n in encoded for n in needles)


def test_both_engines_find_the_same() -> None:
    from leakscan.engine.matcher import hyperscan_available

    cfg = load_config(None)
    engines = ["regex", "hyperscan"] if hyperscan_available() else ["regex"]
    text = (K8S + f"\nq=Basic%20{urllib.parse.quote(BASIC, safe='')}\n").encode()
    got = []
    for engine in engines:
        detector = Detector(cfg, engine=engine, now=1767225600.0)
        got.append(sorted((f.rule_id, f.line, f.column, f.decoded) for f in detector.detect(Fragment(text, "a.yaml"))))
    assert len(got[0]) == 3 and all(g == got[0] for g in got)
    assert Decoder().view(b"plain", set()) is None
