"""The two engines agree, word boundaries are ASCII, and a rule Hyperscan rejects still runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakscan.config import build_config, load_config, tomllib
from leakscan.detect import Detector
from leakscan.engine.matcher import compile_rules, hyperscan_available
from leakscan.model import Fragment
from leakscan.scans.files import scan_paths
from testing import secrets

pytestmark = pytest.mark.skipif(not hyperscan_available(), reason="hyperscan is not installed")

CONFIG = load_config(None)
HS = compile_rules(CONFIG.rules, "hyperscan")
RE = compile_rules(CONFIG.rules, "regex")


def _key(match) -> tuple:
    return (match.rule_id, match.start, match.end, match.secret)


PLANTS = st.sampled_from([
    lambda s: f"GLOMO_SECRET_KEY={secrets.glomo_key('live', 'secret', seed=s)}",
    lambda s: f"Authorization: Bearer {secrets.glomo_key('test', None, seed=s)}",
    lambda s: f"id_token: {secrets.generic_jwt(seed=s)}",
    lambda s: f"private_key = 0x{secrets.hex_key(s)}",
    lambda s: f"wif: {secrets.wif(s)}",
    lambda s: f"Authorization: Basic {secrets.basic_token(f'gk{s}', f'sec-{s}-Zq9')}",
    lambda s: f"X-REQUEST-SIGNATURE: {secrets.eth_signature_header(1767225600 + s, seed=s)}",
    lambda s: f"sig={secrets.btc_signature_header(1767225600 + s, seed=s)}",
    lambda s: f"GLUWA_API_SECRET=Sx{s}kP9mQ2wL",
    lambda s: f"postgres://app:{'Pw'}{s}Xk9v2@db:5432/app",
])
FILLER = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120) | st.text(
    alphabet="0123456789abcdefABCDEF xX=:\"'\n.-_/+eyJMTBasic", max_size=200)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(FILLER, PLANTS, st.integers(1, 50)), min_size=1, max_size=5), FILLER)
def test_engines_give_identical_matches(parts, tail: str) -> None:
    text = "".join(f"{filler}{plant(seed)}" for filler, plant, seed in parts) + tail
    data = text.encode("utf-8", "surrogatepass")
    assert sorted(map(_key, HS.scan(data))) == sorted(map(_key, RE.scan(data)))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_engines_agree_on_arbitrary_bytes(data: bytes) -> None:
    assert sorted(map(_key, HS.scan(data))) == sorted(map(_key, RE.scan(data)))


@pytest.mark.parametrize("engine", ["hyperscan", "regex"])
def test_planted_secrets_give_identical_findings(engine: str) -> None:
    lines = [f"PRIVATE_KEY={secrets.hex_key(3)}", f"WIF={secrets.wif(4)}",
             f"GLOMO_SECRET_KEY={secrets.glomo_key('live', 'secret', seed=5)}"]
    fragment = Fragment("\n".join(lines).encode(), "server/.env")
    found = Detector(CONFIG, engine=engine).detect(fragment)
    assert sorted((f.rule_id, f.line, f.column) for f in found) == [
        ("bitcoin-wif-private-key", 2, 5), ("glomo-api-key", 3, 18), ("hex-private-key", 1, 13)]


@pytest.mark.parametrize("matcher", [HS, RE], ids=["hyperscan", "regex"])
@pytest.mark.parametrize(("before", "found"), [
    ("é", True),  # a non-ASCII letter is not a word character: the key still stands alone
    ("ü=", True),
    ("\u00a0", True),
    ("a", False),  # an ASCII letter glued to the value makes it part of a longer token
    ("0", False),
])
def test_word_boundaries_are_ascii(matcher, before: str, found: bool) -> None:
    data = f"{before}{secrets.hex_key(7)}".encode()
    hits = [m for m in matcher.scan(data) if m.rule_id == "hex-private-key"]
    assert bool(hits) is found


@pytest.mark.parametrize("matcher", [HS, RE], ids=["hyperscan", "regex"])
def test_basic_keyword_boundary_is_ascii(matcher) -> None:
    token = secrets.basic_token()
    assert [m.rule_id for m in matcher.scan(f"éBasic {token}".encode())] == ["gluwa-basic-token"]
    assert matcher.scan(f"xBasic {token}".encode()) == []


UNCOMPILABLE = r"""
[[rules]]
id = "acme-token"
title = "ACME token"
severity = "high"
regex = '''acme_token=\K[a-z0-9]{20}'''
"""


def test_user_rule_hyperscan_cannot_compile_falls_back_to_regex(tmp_path: Path) -> None:
    cfg = build_config(tomllib.loads(UNCOMPILABLE), "test")  # \K: Hyperscan rejects it
    hyperscan = pytest.importorskip("hyperscan")
    with pytest.raises(hyperscan.error):
        hyperscan.Database().compile(expressions=[cfg.rule("acme-token").regex.encode()], ids=[0], elements=1,
                                     flags=[hyperscan.HS_FLAG_PREFILTER])
    matcher = compile_rules(cfg.rules, "hyperscan")
    assert matcher.name == "hyperscan"
    value = "k3y9q8w7e6r5t4y3u2i1"
    data = f"acme_token={value}\nPRIVATE_KEY={secrets.hex_key(9)}\n".encode()
    matches = sorted((m.rule_id, m.secret) for m in matcher.scan(data))
    assert ("acme-token", value.encode()) in matches
    assert any(rule == "hex-private-key" for rule, _ in matches)

    (tmp_path / "app.cfg").write_bytes(data)
    (tmp_path / ".leakscan.toml").write_text(UNCOMPILABLE)
    result = scan_paths([str(tmp_path)], engine="hyperscan")
    assert result.stats.engine == "hyperscan"
    assert sorted(f.rule_id for f in result.findings) == ["acme-token", "hex-private-key"]


FUZZY = """
[[rules]]
id = "acme-fuzzy"
title = "Acme token, typos allowed"
severity = "high"
regex = '''(?:acme_secret){e<=1}=(?P<secret>[a-z0-9]{20})'''
"""


def test_user_rule_in_regex_only_syntax_runs_on_the_regex_engine(tmp_path: Path) -> None:
    """Hyperscan would compile ``{e<=1}`` as a literal brace and never match; the rule goes to ``regex``."""
    cfg = build_config(tomllib.loads(FUZZY), "test")
    value = "k3y9q8w7e6r5t4y3u2i1"
    data = f"acme_secrat={value}\nPRIVATE_KEY={secrets.hex_key(9)}\n".encode()  # one typo
    hyperscan_found = sorted(m.rule_id for m in compile_rules(cfg.rules, "hyperscan").scan(data))
    assert hyperscan_found == sorted(m.rule_id for m in compile_rules(cfg.rules, "regex").scan(data))
    assert hyperscan_found == ["acme-fuzzy", "hex-private-key"]
    (tmp_path / "app.cfg").write_bytes(data)
    (tmp_path / ".leakscan.toml").write_text(FUZZY)
    assert sorted(f.rule_id for f in scan_paths([str(tmp_path)], engine="hyperscan").findings) == [
        "acme-fuzzy", "hex-private-key"]


def test_forced_regex_engine_via_cli(run_cli, tmp_path: Path) -> None:
    (tmp_path / "wallet.env").write_text(f"PRIVATE_KEY={secrets.hex_key(11)}\n")
    run = run_cli("scan", str(tmp_path), "--engine", "regex", "--format", "json")
    assert run.exit_code == 1
    doc = run.json()
    assert doc["summary"]["engine"] == "regex"
    assert [f["rule_id"] for f in doc["findings"]] == ["hex-private-key"]
    auto = run_cli("scan", str(tmp_path), "--format", "json").json()
    assert auto["summary"]["engine"] == "hyperscan"
    assert auto["findings"] == doc["findings"]


def test_empty_input_has_no_matches() -> None:
    assert HS.scan(b"") == [] and RE.scan(b"") == []


def test_without_hyperscan_auto_falls_back_and_forced_hyperscan_is_a_usage_error(
        tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "hyperscan", None)  # import hyperscan -> ImportError
    assert not hyperscan_available()
    assert compile_rules(CONFIG.rules, "auto").name == "regex"
    (tmp_path / "wallet.env").write_text(f"PRIVATE_KEY={secrets.hex_key(12)}\n")
    run = run_cli("scan", str(tmp_path), "--format", "json")
    assert run.exit_code == 1 and run.json()["summary"]["engine"] == "regex"
    forced = run_cli("scan", str(tmp_path), "--engine", "hyperscan")
    assert forced.exit_code == 2
    assert forced.stderr.count("\n") == 1 and "hyperscan" in forced.stderr.lower()
    assert "internal error" not in forced.stderr
