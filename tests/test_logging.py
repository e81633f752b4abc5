"""leakscan.logging.RedactingFilter: secrets leave no trace in what handlers write, other records are untouched."""

from __future__ import annotations

import io
import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakscan.logging import RedactingFilter
from testing import secrets

KEY = secrets.glomo_key("live", "secret", seed=71)
HEX = secrets.hex_key(72)
BASIC = secrets.basic_token("gk_live_71aa02", "Zx9-secret-Qw7")


@pytest.fixture(scope="module", params=["auto", "regex"])
def redacting(request) -> RedactingFilter:
    return RedactingFilter(engine=request.param)


@pytest.fixture
def capture(redacting):
    """A logger whose one handler carries the filter; yields (logger, buffer)."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(redacting)
    logger = logging.getLogger(f"leakscan-test-{id(buffer)}")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    yield logger, buffer
    logger.removeHandler(handler)


def test_secret_in_an_arg_is_replaced_by_its_marker(capture):
    logger, buffer = capture
    logger.info("calling the API with %s", KEY)
    out = buffer.getvalue()
    assert KEY not in out and "[REDACTED:glomo-api-key:" in out and out.startswith("INFO calling the API with")


def test_secret_in_the_message_itself_and_mapping_args(capture):
    logger, buffer = capture
    logger.warning(f"Authorization: Basic {BASIC}")
    logger.warning("key=%(key)s user=%(user)s", {"key": f"0x{HEX}", "user": "bob"})
    out = buffer.getvalue()
    assert BASIC not in out and HEX not in out and "user=bob" in out


def test_extra_fields_reach_a_structured_handler_redacted(redacting):
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect()
    handler.addFilter(redacting)
    logger = logging.getLogger("leakscan-test-extra")
    logger.propagate = False
    logger.addHandler(handler)
    logger.error("request failed", extra={"headers": {"Authorization": f"Bearer {KEY}"}, "keys": [f"0x{HEX}"],
                                          "status": 401})
    [record] = records
    dumped = json.dumps({"headers": record.headers, "keys": record.keys})
    assert KEY not in dumped and HEX not in dumped and record.status == 401
    assert record.headers["Authorization"].startswith("Bearer [REDACTED:")


def test_exception_text_and_stack_info_are_redacted(capture):
    logger, buffer = capture
    try:
        raise ValueError(f"rejected key {KEY}")
    except ValueError:
        logger.exception("payment failed")
    logger.info("here", stack_info=True, extra={"note": KEY})
    out = buffer.getvalue()
    assert KEY not in out and "ValueError: rejected key [REDACTED:glomo-api-key:" in out


def test_a_record_without_secrets_is_left_exactly_as_it_was(redacting):
    args = ("alice", 3)
    record = logging.LogRecord("app", logging.INFO, "app.py", 1, "user %s page %d", args, None)
    record.request_id = "4f1c2a9e"
    assert redacting.filter(record) is True
    assert (record.msg, record.args, record.request_id) == ("user %s page %d", args, "4f1c2a9e")


def test_filtering_twice_changes_nothing_more(redacting):
    record = logging.LogRecord("app", logging.INFO, "app.py", 1, "key %s", (KEY,), None)
    redacting.filter(record)
    once = record.getMessage()
    redacting.filter(record)
    assert record.getMessage() == once and KEY not in once


def test_records_propagated_from_child_loggers_are_covered(redacting):
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.addFilter(redacting)
    parent = logging.getLogger("leakscan-test-parent")
    parent.propagate = False
    parent.addHandler(handler)
    logging.getLogger("leakscan-test-parent.child.grandchild").warning("token %s", KEY)
    assert KEY not in buffer.getvalue() and "[REDACTED:" in buffer.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
       after=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
       secret=st.sampled_from([KEY, BASIC]))
def test_no_secret_survives_whatever_surrounds_it(redacting, before, after, secret):
    """Self-identifying secrets (a bare 64-hex string needs key context: it may be a hash)."""
    shown = f"Authorization: Basic {secret}" if secret == BASIC else secret
    record = logging.LogRecord("app", logging.INFO, "app.py", 1, "%s", (f"{before} {shown} {after}",), None)
    redacting.filter(record)
    assert secret not in record.getMessage()
