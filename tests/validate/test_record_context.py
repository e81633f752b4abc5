"""In logs a match's context is its own record; everywhere, decoded claims outrank nearby words."""

from __future__ import annotations

import json
from pathlib import Path

from leakscan import scan_logs, scan_text
from testing import secrets


def _idp_token(seed: int, **claims: object) -> str:
    return secrets.jwt({"sub": "user-42", "exp": 4102444800, **claims}, header={"alg": "HS256", "typ": "JWT"},
                       seed=seed, sig_len=32)


def _log(tmp_path: Path, records: list[dict[str, object]]) -> str:
    path = tmp_path / "app.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(path)


def test_the_previous_record_does_not_make_a_token_a_glomo_key(tmp_path: Path) -> None:
    token = _idp_token(1)
    log = _log(tmp_path, [{"msg": "calling glomo payments API"},
                          {"msg": "session refreshed", "authorization": f"Bearer {token}"}])
    [finding] = scan_logs([log], ignore=False).findings
    assert (finding.rule_id, finding.line) == ("generic-jwt", 2)
    alone = scan_logs([_log(tmp_path, [{"msg": "session refreshed", "authorization": f"Bearer {token}"}])],
                      ignore=False).findings
    assert [f.rule_id for f in alone] == ["generic-jwt"]


def test_its_own_record_still_counts(tmp_path: Path) -> None:
    token = _idp_token(2)
    log = _log(tmp_path, [{"msg": "glomo request", "authorization": f"Bearer {token}"}])
    assert [f.rule_id for f in scan_logs([log], ignore=False).findings] == ["glomo-api-key"]


def test_another_issuer_outranks_the_word_glomo_nearby() -> None:
    token = _idp_token(3, iss="https://auth.example-idp.com/")
    text = f'# glomo integration\nsession = "{token}"\n'
    assert [f.rule_id for f in scan_text(text, "app/session.py").findings] == ["generic-jwt"]
    # with no issuer, the word still says what the token is for
    assert [f.rule_id for f in scan_text(text.replace(token, _idp_token(4)), "app/session.py").findings] == [
        "glomo-api-key"]


def _mixed_log() -> str:
    """Lines whose judgement depends on their own line's context (names, words, claims), padded so that
    small windows cut the log in many places."""
    pad = "GET /health 200 " + "x" * 900
    lines = [
        pad,
        f'2024-05-01 INFO glomo client ready, token {_idp_token(11)}',  # a word nearby makes it Glomo
        pad,
        f'2024-05-01 INFO session {_idp_token(12)}',  # no word: generic
        f"2024-05-01 DEBUG Authorization: Bearer {secrets.glomo_key('live', 'secret', seed=13)}",
        f"2024-05-01 DEBUG env WALLET_PRIVATE_KEY={secrets.hex_key(14)}",
        f"2024-05-01 DEBUG keyHash={secrets.hex_key(15)}",  # a hash by its name
        f'{{"level":"warn","msg":"login","auth":"Basic {secrets.basic_token()}"}}',
        f"2024-05-01 DEBUG wif {secrets.wif(16)}",
        f"2024-05-01 DEBUG signer {secrets.hex_key(17)}",
        pad,
        pad,
        f"2024-05-01 DEBUG signer pubkey {_public(secrets.hex_key(17))}",  # the same key's public half
        pad,
        f"2024-05-01 INFO paid to {secrets.eth_address(18)}",  # an address in the file: hex hashes may be keys
        pad,
    ]
    return "\n".join(lines) + "\n"


def _public(hex_key: str) -> str:
    import coincurve

    return coincurve.PrivateKey(bytes.fromhex(hex_key)).public_key.format(compressed=True).hex()


def _judged(findings: list) -> list[tuple[str, str, int, int, str]]:
    return sorted((f.rule_id, f.severity, f.line, f.column, f.fingerprint) for f in findings)


def test_scan_and_logs_judge_the_same_bytes_the_same(tmp_path: Path) -> None:
    """Issue 16 item 13: the same file gives the same rules, severities and places in ``scan`` and in
    ``logs``, whatever window size cuts it (each validator sees the whole window, record-bounded)."""
    from leakscan import scan_paths

    path = tmp_path / "service.log"
    path.write_text(_mixed_log())
    scanned = _judged(scan_paths([str(path)], ignore=False, now=1_714_564_800).findings)
    assert {r for r, *_ in scanned} >= {"glomo-api-key", "generic-jwt", "hex-private-key"}
    assert ("glomo-api-key", 2) in {(r, line) for r, _, line, _, _ in scanned}
    for chunk, overlap in ((4 << 20, 16 << 10), (2048, 1024), (1500, 1200)):
        logged = scan_logs([str(path)], ignore=False, now=1_714_564_800, chunk=chunk, overlap=overlap).findings
        assert _judged(logged) == scanned, (chunk, overlap)
