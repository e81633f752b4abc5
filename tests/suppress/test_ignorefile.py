from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leakscan.errors import ConfigError
from leakscan.suppress.ignorefile import IgnoreEntry, find, parse

FP1, FP2, FP3 = "a" * 64, "b" * 64, "c" * 64


def test_entries_with_dates_and_reasons():
    ignore = parse(
        "# fixtures for the payment tests\n"
        f"{FP1}\n"
        f"{FP2.upper()}  2026-12-31\n"
        "\n"
        f"{FP3} 2027-01-15 # demo key in the docs\n",
        "repo/.leakscanignore",
    )
    assert ignore.entries == (
        IgnoreEntry(FP1, None, "fixtures for the payment tests", 2),
        IgnoreEntry(FP2, dt.date(2026, 12, 31), "fixtures for the payment tests", 3),
        IgnoreEntry(FP3, dt.date(2027, 1, 15), "demo key in the docs", 5),
    )
    assert ignore.where(ignore.entries[2]) == "repo/.leakscanignore:5"


def test_a_blank_line_ends_a_comment_s_reach():
    ignore = parse(f"# about the first\n{FP1}\n\n{FP2}\n")
    assert [e.reason for e in ignore.entries] == ["about the first", "no reason given"]


def test_valid_through_its_date_expired_the_day_after():
    entry = IgnoreEntry(FP1, dt.date(2026, 12, 31), "", 1)
    assert not entry.expired(dt.date(2026, 12, 31))
    assert entry.expired(dt.date(2027, 1, 1))
    assert not IgnoreEntry(FP1, None, "", 1).expired(dt.date(2999, 1, 1))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc123\n", ".leakscanignore:1: expected: FINGERPRINT"),
        (f"{FP1} 2026-13-01\n", ".leakscanignore:1: not a date: 2026-13-01"),
        (f"# ok\n{FP1} tomorrow\n", ".leakscanignore:2: expected"),
        (f"{FP1}{FP2}\n", ".leakscanignore:1: expected"),
    ],
    ids=["short", "bad-date", "word-date", "two-joined"],
)
def test_a_bad_line_is_one_error_naming_the_line(text, message):
    with pytest.raises(ConfigError, match="^" + message.replace(".", r"\.")):
        parse(text)


@given(st.lists(st.tuples(st.text("0123456789abcdef", min_size=64, max_size=64),
                          st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2999, 12, 31)),
                          st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30)),
                max_size=10))
def test_written_entries_parse_back(items):
    lines = []
    for fp, date, why in items:
        lines.append(f"{fp} {date.isoformat() if date else ''} # {why}")
    parsed = parse("\n".join(lines))
    assert [(e.fingerprint, e.expires, e.reason) for e in parsed.entries] == [
        (fp, date, why.strip() or "no reason given") for fp, date, why in items]


def test_found_in_the_folder_or_a_parent_up_to_the_repository_top(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "src" / "deep").mkdir(parents=True)
    assert find(repo / "src" / "deep") is None
    (tmp_path / ".leakscanignore").write_text(f"{FP1}\n")  # outside the repository: not used
    assert find(repo / "src" / "deep") is None
    (repo / ".leakscanignore").write_text(f"{FP1}\n")
    assert find(repo / "src" / "deep") == (repo / ".leakscanignore").resolve()
    assert find(repo / "src" / "deep" / "file.py") == (repo / ".leakscanignore").resolve()
