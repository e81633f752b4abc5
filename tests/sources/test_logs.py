"""Log windows: every secret exactly once at its real line and column, whatever the cuts; gzip; damage."""

from __future__ import annotations

import gzip
import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakscan.config import resolve_config
from leakscan.detect import Detector
from leakscan.model import Fragment
from leakscan.scans.logs import LogScanner, scan_logs
from leakscan.sources import jsonesc, logs
from leakscan.validate import logtime
from testing import secrets

DETECTOR = Detector(resolve_config(os.devnull), now=1_700_000_000)
SCANNER = LogScanner(DETECTOR)
SECRETS = [
    "Authorization: Bearer " + secrets.glomo_key("live", "secret"),
    "PRIVATE_KEY=" + secrets.hex_key(3),
    "Authorization: Basic " + secrets.basic_token(),
    "X-REQUEST-SIGNATURE: " + secrets.eth_signature_header(1_700_000_000),
]


def reader(data: bytes, chunk: int, overlap: int = 1024) -> logs.LogReader:
    return logs.LogReader(io.BufferedReader(io.BytesIO(data)), "app.log", chunk, overlap)  # type: ignore[arg-type]


def found(data: bytes, chunk: int, overlap: int = 1024) -> list[tuple[str, int, int, int, int, str]]:
    with reader(data, chunk, overlap) as r:
        hits = [h for w in r for h in SCANNER.hits(w)]
    return sorted((h.finding.rule_id, h.finding.line, h.finding.column, h.finding.end_line, h.finding.end_column,
                   h.finding.fingerprint) for h in hits)


def whole(data: bytes) -> list[tuple[str, int, int, int, int, str]]:
    return sorted((f.rule_id, f.line, f.column, f.end_line, f.end_column, f.fingerprint)
                  for f in DETECTOR.detect(Fragment(data, "app.log")))


filler = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF, exclude_characters="\\"), max_size=300)
pieces = st.lists(st.one_of(filler, st.sampled_from(SECRETS), st.just("\n"), st.just("\n" * 3)), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(parts=pieces, chunk=st.integers(1024, 4096))
def test_windows_find_each_secret_once_at_its_real_place(parts: list[str], chunk: int) -> None:
    # separators keep a secret from gluing onto filler (the rules' own boundaries)
    data = " ".join(parts).encode()
    assert found(data, chunk) == whole(data)


def test_a_secret_across_every_possible_cut_counts_once() -> None:
    line = ("x" * 700 + " " + SECRETS[0] + " tail\n").encode()
    data = line * 3
    want = whole(data)
    assert len(want) == 3
    for chunk in range(1024, 1024 + len(line), 37):
        assert found(data, chunk) == want


def test_very_long_line_columns_and_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "LONG_LINE", 50_000)
    data = ("\u00e9" * 40_000 + " " + SECRETS[1] + " " + "y" * 30_000 + "\nnext " + SECRETS[1] + "\n").encode()
    with reader(data, 4096) as r:
        hits = [h for w in r for h in SCANNER.hits(w)]
        warnings = r.warnings
    assert [(h.finding.line, h.finding.column) for h in hits] == [(1, 40_001 + len("PRIVATE_KEY=") + 1),
                                                                   (2, len("next PRIVATE_KEY=") + 1)]
    assert len(warnings) == 1 and "app.log:1" in warnings[0] and "MiB line" in warnings[0]


def test_gzip_is_read_through_and_truncation_is_reported() -> None:
    body = "".join(f"line {i}\n" for i in range(50_000)) + SECRETS[2] + "\n" + "".join(f"more {i}\n" for i in range(50_000))
    packed = gzip.compress(body.encode())
    assert found(packed, 8192) == whole(body.encode())
    with reader(packed[: len(packed) // 2], 8192) as r:
        text = b"".join(w.data[w.own_start : w.own_end] for w in r)
        assert r.damaged and r.damage == "damaged gzip (truncated; everything before it was scanned)"
    assert 0 < len(text) < len(body) and body.encode().startswith(text)


def test_binary_lines_are_skipped_and_the_rest_scanned() -> None:
    garbage = bytes(range(256)) * 64  # 64 newlines inside
    hidden = b"\0\1\2\3" * 40 + SECRETS[1].encode() + b"\0\1\2\3" * 40
    data = (b"\0" * 20_000 + b"\n" + SECRETS[1].encode() + b"\n" + garbage + b"\n" + SECRETS[1].encode() + b"\n"
            + hidden + b"\n" + b"INFO request ok\n" * 100)
    with reader(data, 4096) as r:
        hits = [h.finding.line for w in r for h in SCANNER.hits(w)]
    assert hits == [2, 68]
    assert r.binary_line == 1 and r.binary_bytes >= 20_000 + len(hidden) and not r.mostly_binary
    with reader(bytes(range(256)) * 100, 4096) as r:
        assert [h for w in r for h in SCANNER.hits(w)] == [] and r.mostly_binary


def test_live_pipe_gets_a_window_per_pause() -> None:
    read, write = os.pipe()
    os.write(write, b"first line\n")
    with logs.LogReader(os.fdopen(read, "rb"), "<stdin>", 4096, 1024) as r:
        assert r.live
        windows = iter(r)
        first = next(windows)  # returns without waiting for a full chunk or end of input
        assert first.data[first.own_start : first.own_end] == b"first line\n"
        os.write(write, b"second\n")
        os.close(write)
        rest = list(windows)
    assert b"".join(w.data[w.own_start : w.own_end] for w in rest) == b"second\n"
    assert rest[0].first_line + rest[0].data.count(b"\n", 0, rest[0].own_start) == 2


@given(st.text(max_size=60))
def test_json_unescape_maps_offsets_back(text: str) -> None:
    escaped = json.dumps(text, ensure_ascii=True).replace("/", "\\/").encode()
    un = jsonesc.unescape(escaped)
    plain = un.data if un else escaped
    assert plain.count(b"\n") == 0
    if "\n" not in text and "\r" not in text and "\t" not in text and "\b" not in text and "\f" not in text and all(
            ord(c) >= 0x20 and ord(c) != 0x7F and not 0xD800 <= ord(c) < 0xE000 for c in text):
        assert plain == f'"{text}"'.encode()
    if un:
        assert un.to_source(0) == 0 and un.to_source(len(un.data)) == len(escaped)


@pytest.mark.parametrize(("line", "epoch", "form"), [
    (b"2023-11-14T22:13:20Z GET /", 1_700_000_000, "iso8601"),
    (b"2023-11-14 23:13:20.250+01:00 x", 1_700_000_000.25, "iso8601"),
    (b'10.0.0.1 - - [14/Nov/2023:14:13:20 -0800] "GET / HTTP/1.1" 200', 1_700_000_000, "common-log"),
    (b"[Tue Nov 14 22:13:20.5 2023] [core:error]", 1_700_000_000.5, "ctime"),
    (b'{"ts":1700000000123,"msg":"x"}', 1_700_000_000.123, "epoch-milliseconds"),
    (b"1700000000 worker started", 1_700_000_000, "epoch-seconds"),
], ids=["rfc3339", "iso-offset", "nginx", "apache-error", "epoch-ms", "epoch-s"])
def test_line_times(line: bytes, epoch: float, form: str) -> None:
    got = logtime.line_time(line)
    assert got is not None and got.form == form and got.epoch == pytest.approx(epoch)


def test_numbers_that_are_not_times_and_the_secret_span_are_ignored() -> None:
    assert logtime.line_time(b"order=1700000000 count=1700000123") is None
    assert logtime.line_time(b"x 1700000000.0xabc", exclude=(2, 18)) is None


def test_signature_facts_inside_and_after_the_window() -> None:
    inside = logtime.signature_facts(1_700_000_000, logtime.LogTime(1_700_000_030, "iso8601"))
    late = logtime.signature_facts(1_700_000_000, logtime.LogTime(1_700_000_601, "iso8601"))
    assert inside["replayable_when_logged"] and inside["replayable_after_logging_seconds"] == 570
    assert not late["replayable_when_logged"] and late["logged_seconds_after_signing"] == 601


def test_regex_engine_reads_whole_windows_and_finds_the_same() -> None:
    data = ("\n".join(f"line {i} " + (SECRETS[i % 4] if i % 97 == 0 else "nothing") for i in range(3000))).encode()
    plain = LogScanner(Detector(resolve_config(os.devnull), engine="regex", now=1_700_000_000))
    with reader(data, 8192) as r:
        got = sorted((h.finding.rule_id, h.finding.line, h.finding.column) for w in r for h in plain.hits(w))
    assert got == [t[:3] for t in found(data, 8192)] and len(got) == 31


@given(st.lists(st.sampled_from([b"\\/", b"\\\\", b"\\", b'\\"', b"\\n", b"\\u002F", b"\\u0041", b"\\u00e9",
                                  b"\\ud83d\\ude00", b"ab", b"\n", b"u", b"\x00", b"/"]), max_size=40))
def test_the_fast_unescape_is_the_exact_one_and_maps_every_offset_back(parts: list[bytes]) -> None:
    """What the log windows are matched on is exactly :func:`jsonesc.unescape`, and every offset of it
    maps back to the same source offset, line by line."""
    data = b"".join(parts)
    exact = jsonesc.unescape(data)
    fast = jsonesc.unescaped(data)
    assert fast == (exact.data if exact else data)
    back = jsonesc.LineMap(data, fast)
    assert [back.to_source(o) for o in range(len(fast) + 1)] == [exact.to_source(o) if exact else o
                                                                  for o in range(len(fast) + 1)]


def test_url_credentials_in_json_with_escaped_slashes_are_found(tmp_path) -> None:
    log = tmp_path / "app.jsonl"
    log.write_text('{"ts":1714564800,"msg":"connecting to postgres:\\/\\/app:Xk9v2LpQz7@db.internal:5432\\/app"}\n')
    result = scan_logs([str(log)], os.devnull, now=1_714_564_800)
    assert [(f.rule_id, f.line) for f in result.findings] == [("url-credentials", 1)]


def test_workers_give_the_same_findings_in_the_same_order(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from leakscan.scans import logs as module

    data = ("\n".join(f"line {i} " + (SECRETS[i % 4] if i % 31 == 0 else "-" * (i % 50)) for i in range(4000))).encode()
    (tmp_path / "big.log").write_bytes(data)
    monkeypatch.setattr(module, "PARALLEL_MIN", 0)
    one, two = (module.scan_logs([str(tmp_path / "big.log")], os.devnull, now=1_700_000_000, chunk=8192, jobs=n)
                for n in (1, 2))
    assert [(f.rule_id, f.line, f.column) for f in one.findings] == [(f.rule_id, f.line, f.column) for f in two.findings]
    assert len(one.findings) == 130


def _widest(pattern: str) -> int:
    import re
    import re._parser as sre_parse  # type: ignore[import-not-found]

    return int(sre_parse.parse(re.sub(r"\(\?P<\w+>", "(?:", pattern)).getwidth()[1])


def test_every_builtin_match_fits_in_a_window_overlap() -> None:
    """A window keeps matches that start in its own part and end within its overlap: a rule whose match
    could be longer than the overlap (an unbounded ``{16,}``) would be cut at the window's end."""
    from leakscan.rules.loader import load_builtin_rules

    context = 1024  # what validators read around a match must fit too
    widths = {rule.id: _widest(rule.regex) for rule in load_builtin_rules()}
    assert all(width <= logs.OVERLAP - context for width in widths.values()), widths


@pytest.mark.parametrize("at", [0, 1, 700, 1023, 1024, 1025, 5000])
def test_a_long_jwt_across_a_window_end_is_found_whole_once(at: int) -> None:
    """A 9 KB token (group claims) starting anywhere near a window's end: found once, whole."""
    token = secrets.glomo_key("live", "secret", seed=7, groups=["g" * 40] * 150)
    assert len(token) > 8_000
    chunk, overlap = 16 * 1024, logs.OVERLAP
    head = b"x" * (chunk - at - 40) + b"\n"  # the token starts ``at`` bytes before the first window's end
    data = head + b"Authorization: Bearer " + token.encode() + b"\n" + b"y" * 50_000 + b"\n"
    with reader(data, chunk, overlap) as r:
        hits = [h for w in r for h in LogScanner(DETECTOR).hits(w, skipped=[])]
    assert [(h.finding.secret.reveal(), h.finding.line) for h in hits if h.finding.rule_id == "glomo-api-key"] == [
        (token, 2)]
