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
