from __future__ import annotations

import json
import random
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leakscan.errors import ConfigError
from leakscan.model import Fragment
from leakscan.scans.files import scan_fragments
from leakscan.suppress import baseline as b
from testing import secrets


def _findings(seeds=(51, 52, 53), path="keys.py"):
    text = "".join(f"private_key_{s} = '{secrets.hex_key(s)}'\n" for s in seeds)
    return scan_fragments([Fragment(text.encode(), path)]).findings


def test_one_entry_per_secret_with_every_path_it_was_seen_at():
    key = secrets.hex_key(54)
    result = scan_fragments([Fragment(f"private_key = '{key}'\n".encode(), p) for p in ("b.py", "a.py", "b.py")])
    baseline = b.from_findings(result.findings, reason="legacy")
    [entry] = baseline.entries
    assert entry == b.BaselineEntry(result.findings[0].fingerprint, "hex-private-key", ("a.py", "b.py"), "legacy")


def test_the_file_holds_no_secret_no_line_and_no_timestamp():
    findings = _findings()
    text = b.dumps(b.from_findings(findings))
    doc = json.loads(text)
    assert set(doc) == {"version", "tool", "scope", "entries"} and doc["scope"] == "files"
    assert all(set(e) == {"fingerprint", "rule_id", "paths", "reason"} for e in doc["entries"])
    for f in findings:
        assert f.secret.reveal() not in text
        assert f.secret.reveal()[:16] not in text


def test_same_findings_in_any_order_give_the_same_bytes():
    findings = _findings((55, 56, 57, 58))
    shuffled = findings[:]
    random.Random(1).shuffle(shuffled)
    assert b.dumps(b.from_findings(findings)) == b.dumps(b.from_findings(shuffled))


def test_moving_a_secret_does_not_change_the_baseline():
    before = _findings((59,), "a.py")
    moved = scan_fragments([Fragment(f"\n\n\n   private_key_59 = '{secrets.hex_key(59)}'\n".encode(), "a.py")])
    assert b.dumps(b.from_findings(before)) == b.dumps(b.from_findings(moved.findings))


@given(st.lists(st.tuples(st.text("0123456789abcdef", min_size=64, max_size=64),
                          st.sampled_from(["hex-private-key", "glomo-api-key"]),
                          st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=3),
                          st.text(min_size=1, max_size=30)), max_size=8, unique_by=lambda t: t[0]))
def test_load_of_dumps_round_trips_byte_for_byte(items):
    baseline = b.Baseline(tuple(b.BaselineEntry(fp, rule, tuple(sorted(set(paths))), why.strip() or "r")
                                for fp, rule, paths, why in items))
    text = b.dumps(baseline)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / b.BASELINE_NAME
        path.write_text(text)
        assert b.dumps(b.load(path)) == text


def test_apply_moves_baselined_findings_to_suppressed():
    fragments = [Fragment("".join(f"private_key_{s} = '{secrets.hex_key(s)}'\n" for s in (60, 61)).encode(), "k.py")]
    result = scan_fragments(fragments)
    baseline = b.from_findings(result.findings[:1], reason="accepted in review #12")
    out = scan_fragments(fragments, baseline=baseline)
    assert out.findings == result.findings[1:]
    [s] = out.suppressed
    assert (s.kind, s.reason) == ("baseline", f"baseline {b.BASELINE_NAME} (accepted in review #12)")


def test_update_drops_what_no_longer_occurs_and_adds_only_when_asked():
    old = _findings((62, 63))
    baseline = b.from_findings(old, reason="kept reason")
    now = _findings((63, 64), path="moved.py")
    change = b.update(baseline, now)
    assert [e.fingerprint for e in change.removed] == [old[0].fingerprint]
    assert change.added == ()
    [kept] = change.baseline.entries
    assert (kept.fingerprint, kept.paths, kept.reason) == (old[1].fingerprint, ("moved.py",), "kept reason")
    grown = b.update(baseline, now, add_new=True, reason="new")
    assert [e.reason for e in grown.added] == ["new"] and len(grown.baseline.entries) == 2


def test_recreating_keeps_reasons_written_by_people():
    findings = _findings((65, 66))
    edited = b.Baseline(tuple(b.BaselineEntry(e.fingerprint, e.rule_id, e.paths, "reviewed by sec team")
                              if i == 0 else e for i, e in enumerate(b.from_findings(findings).entries)))
    again = b.carry_reasons(b.from_findings(findings), edited)
    assert b.dumps(again) == b.dumps(edited)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not JSON"),
        ('{"version": 2, "entries": []}', "not a leakscan baseline"),
        ('{"version": 1, "entries": [{"fingerprint": "abc"}]}', "field 'entries[0].fingerprint'"),
        ('{"version": 1, "entries": [{"fingerprint": "' + "a" * 64 + '", "paths": "x"}]}',
         "field 'entries[0].paths'"),
    ],
    ids=["not-json", "version", "short-fingerprint", "paths-not-list"],
)
def test_a_broken_baseline_is_one_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / "base.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        b.load(path)
    assert str(path) in str(info.value)


def test_a_missing_baseline_says_how_to_create_one(tmp_path):
    with pytest.raises(ConfigError, match="leakscan baseline create"):
        b.load(tmp_path / "none.json")
