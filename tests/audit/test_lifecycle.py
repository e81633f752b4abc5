"""The status rules, alone (leakscan.audit.lifecycle)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leakscan.audit.lifecycle import statuses, triage_applies
from leakscan.audit.records import Triage


@pytest.mark.parametrize(("present", "before", "seen", "want"), [
    ({"a": True}, set(), set(), "new"),
    ({"a": True}, {"a"}, {"a"}, "open"),
    ({"a": True}, set(), {"a"}, "reintroduced"),
    ({"a": False}, {"a"}, {"a"}, "fixed"),
    ({}, {"a"}, {"a"}, "fixed"),
    ({"a": False}, set(), set(), "fixed"),
], ids=["new", "open", "reintroduced", "fixed-at-head", "gone-from-history", "history-only-at-first-sight"])
def test_status(present, before, seen, want) -> None:
    assert statuses(present, before, seen) == {"a": want}


@given(st.dictionaries(st.sampled_from("abcdef"), st.booleans()), st.sets(st.sampled_from("abcdef")),
       st.sets(st.sampled_from("abcdef")))
def test_every_secret_gets_one_status(present, before, seen) -> None:
    seen = seen | before
    got = statuses(present, before, seen)
    assert got.keys() == present.keys() | before
    assert {fp for fp, s in got.items() if s == "open"} == {fp for fp in before if present.get(fp)}
    assert all(s == "fixed" for fp, s in got.items() if not present.get(fp))


def test_triage_expires_after_its_date() -> None:
    t = Triage("f" * 64, "accepted-risk", "ok", expires="2026-06-30")
    assert triage_applies(t, "2026-06-30") and not triage_applies(t, "2026-07-01")
    assert triage_applies(Triage("f" * 64, "revoked", "rotated"), "2999-01-01")
    assert not triage_applies(None, "2026-01-01")
