"""``leakscan logs`` end to end: plain, gzip, JSON escapes, signature timing, damaged input."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

from leakscan.findings import fingerprint
from testing import secrets

KEY = secrets.glomo_key("live", "secret")
HEX = secrets.hex_key(5)


def slash_basic_token() -> str:
    """A Basic token whose base64 holds a '/', the character JSON loggers escape."""
    for n in range(3):  # "?" is 0x3F: its low six bits are "/" when it ends a 3-byte group
        token = secrets.basic_token("gk_live_8f3a9c", "x" * n + "s3cr3t?-Vt9qLm2xZ")
        if "/" in token:
            return token
    raise AssertionError("no token with a slash")


def leakscan_logs(cwd: Path, *args: str, stdin: bytes = b"") -> tuple[int, dict, str]:
    proc = subprocess.run([sys.executable, "-m", "leakscan", "logs", "--format", "json", *args], cwd=cwd,
                          input=stdin, capture_output=True)
    return proc.returncode, json.loads(proc.stdout) if proc.stdout else {}, proc.stderr.decode()


def app_log(n: int = 2000) -> str:
    lines = [f"2024-05-01T12:00:{i % 60:02d}Z INFO GET /api/v1/items/{i} 200" for i in range(n)]
    lines[10] = f"2024-05-01T12:00:10Z DEBUG outgoing Authorization: Bearer {KEY}"
    lines[1500] = f"2024-05-01T12:25:00Z DEBUG wallet PRIVATE_KEY={HEX}"
    return "\n".join(lines) + "\n"


WANT = [("glomo-api-key", 11, len("2024-05-01T12:00:10Z DEBUG outgoing Authorization: Bearer ") + 1),
        ("hex-private-key", 1501, len("2024-05-01T12:25:00Z DEBUG wallet PRIVATE_KEY=") + 1)]


def where(doc: dict) -> list[tuple[str, int, int]]:
    return [(f["rule_id"], f["line"], f["column"]) for f in doc["findings"]]


def test_plain_log_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "app.log").write_text(app_log())
    want = WANT
    code, doc, _ = leakscan_logs(tmp_path, "app.log")
    assert code == 1 and where(doc) == want and doc["findings"][0]["path"] == "app.log"
    code, doc, _ = leakscan_logs(tmp_path, "-", stdin=app_log().encode())
    assert where(doc) == want and doc["findings"][0]["path"] == "<stdin>"


def test_gzip_log_gives_the_same_findings(tmp_path: Path) -> None:
    (tmp_path / "app.log.1.gz").write_bytes(gzip.compress(app_log().encode()))
    (tmp_path / "rotated").write_bytes(gzip.compress(app_log().encode()))  # gzip by content, not by name
    _, doc, _ = leakscan_logs(tmp_path, "app.log.1.gz", "rotated")
    assert sorted(where(doc)) == sorted(2 * WANT)


def test_json_escaped_secrets_are_found_with_the_plain_fingerprint(tmp_path: Path) -> None:
    token = slash_basic_token()
    escaped_key = KEY.replace("e", "\\u0065")
    lines = [
        json.dumps({"ts": 1714564800, "msg": f"Authorization: Basic {token}"}).replace("/", "\\/"),
        '{"ts":1714564801,"msg":"Authorization: Bearer ' + escaped_key + '"}',
        json.dumps({"ts": 1714564802, "msg": f"retry\nAuthorization: Basic {token}"}, ensure_ascii=True),
    ]
    (tmp_path / "app.jsonl").write_text("\n".join(lines) + "\n")
    _, doc, _ = leakscan_logs(tmp_path, "app.jsonl")
    got = {(f["rule_id"], f["line"]): f for f in doc["findings"]}
    assert set(got) == {("gluwa-basic-token", 1), ("glomo-api-key", 2), ("gluwa-basic-token", 3)}
    assert got["gluwa-basic-token", 1]["fingerprint"] == fingerprint("gluwa-basic-token", token)
    assert got["gluwa-basic-token", 3]["fingerprint"] == fingerprint("gluwa-basic-token", token)
    assert got["glomo-api-key", 2]["fingerprint"] == fingerprint("glomo-api-key", KEY)
    assert got["gluwa-basic-token", 1]["column"] == lines[0].index(token.replace("/", "\\/")) + 1


def test_signature_logged_inside_its_window_ranks_above_an_expired_one(tmp_path: Path) -> None:
    signed = int(time.time()) - 7 * 86400  # long expired now: only the log time tells them apart
    header = secrets.eth_signature_header(signed)
    inside = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(signed + 42))
    log = (f'10.0.0.1 - - [{inside}] "POST /v1/Transactions HTTP/1.1" 200 x-request-signature="{header}"\n'
           f'{{"time": {(signed + 3600) * 1000}, "headers": {{"X-REQUEST-SIGNATURE": "{header}"}}}}\n'
           f"no time here X-REQUEST-SIGNATURE: {header}\n")
    (tmp_path / "access.log").write_text(log)
    _, doc, _ = leakscan_logs(tmp_path, "access.log", "--fail-on", "high")
    by_line = {f["line"]: f for f in doc["findings"]}
    assert [by_line[n]["severity"] for n in (1, 2, 3)] == ["high", "low", "low"]
    first, second = by_line[1]["validation"], by_line[2]["validation"]
    assert first["replayable_when_logged"] is True and first["logged_at_format"] == "common-log"
    assert first["replayable_after_logging_seconds"] == 558 and first["replayable_until"].endswith("Z")
    assert second["replayable_when_logged"] is False and second["logged_at_format"] == "epoch-milliseconds"
    assert second["logged_seconds_after_signing"] == 3600
    assert "replayable_when_logged" not in by_line[3]["validation"]


def test_text_report_says_when_it_was_logged(tmp_path: Path) -> None:
    signed = 1_700_000_000
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(signed + 5))
    (tmp_path / "a.log").write_text(f"{stamp} X-REQUEST-SIGNATURE: {secrets.eth_signature_header(signed)}\n")
    out = subprocess.run([sys.executable, "-m", "leakscan", "logs", "a.log"], cwd=tmp_path, capture_output=True,
                         text=True).stdout
    assert "HIGH" in out and "replayable when logged: True" in out and f"logged at: {stamp}" in out


def test_truncated_gzip_is_reported_and_the_rest_scanned(tmp_path: Path) -> None:
    body = app_log(200_000).encode()  # the key at line 11 sits well before the cut
    packed = gzip.compress(body)
    (tmp_path / "cut.log.gz").write_bytes(packed[: len(packed) // 2])
    code, doc, _ = leakscan_logs(tmp_path, "cut.log.gz")
    assert code == 2 and WANT[0] in where(doc)  # reported, and the run fails: the log was not read whole
    assert doc["skipped"] == [{"path": "cut.log.gz", "fault": True,
                               "reason": "damaged gzip (truncated; everything before it was scanned)"}]
    assert leakscan_logs(tmp_path, "cut.log.gz", "--allow-skipped")[0] == 1


def test_binary_file_is_skipped_and_binary_lines_reported(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 50)
    (tmp_path / "mixed.log").write_bytes(b"\0" * 5000 + b"\nok PRIVATE_KEY=" + HEX.encode() + b"\n")
    code, doc, _ = leakscan_logs(tmp_path, "image.png", "mixed.log")
    assert code == 2  # a log named on the command line that holds nothing readable fails the run
    assert doc["skipped"] == [{"path": "image.png", "reason": "binary", "fault": True}]
    assert where(doc) == [("hex-private-key", 2, 16)]
    assert any("mixed.log" in w and "binary" in w for w in doc["warnings"])


def test_line_of_many_megabytes_is_scanned_and_reported(tmp_path: Path) -> None:
    blob = "lorem ipsum dolor " * (9 * 1024 * 1024 // 18)
    (tmp_path / "big.log").write_text(f"start\n{blob} PRIVATE_KEY={HEX} {blob}\nend PRIVATE_KEY={HEX}\n")
    _, doc, _ = leakscan_logs(tmp_path, "big.log")
    assert where(doc) == [("hex-private-key", 2, len(blob) + 14), ("hex-private-key", 3, 17)]
    assert any("big.log:2" in w and "MiB line" in w for w in doc["warnings"])


def test_missing_file_is_skipped_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_text(f"PRIVATE_KEY={HEX}\n")
    code, doc, _ = leakscan_logs(tmp_path, "nope.log", "a.log")
    assert doc["skipped"][0]["path"] == "nope.log" and "unreadable" in doc["skipped"][0]["reason"]
    assert [f["path"] for f in doc["findings"]] == ["a.log"]  # the others are still scanned and reported
    assert code == 2  # but a log the user named went unread: the run fails (--allow-skipped accepts it)
    assert leakscan_logs(tmp_path, "nope.log", "a.log", "--allow-skipped")[0] == 1
