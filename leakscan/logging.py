"""A ``logging.Filter`` that replaces secrets in log records before any handler formats or ships them.

Add it to each *handler* (``handler.addFilter(RedactingFilter())``): a handler's
filters see every record that reaches it, propagated ones included, while a
logger's filters see only records logged on that very logger.

Every detected secret is replaced, whatever its severity (a filter in front of a
log sink errs on the side of hiding), by the marker ``leakscan redact`` writes:
``[REDACTED:<rule>:<fingerprint prefix>]``.  The message, its args, ``extra``
fields (strings, and strings inside dicts, lists and tuples), a formatted
exception and stack info are all covered.  A record with no secret costs one
detector pass over its strings joined together (benchmarks/bench_logging.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from leakscan.config import Config, load_config
from leakscan.detect import Detector
from leakscan.model import Fragment, Placement, RuleMatch, Scratch
from leakscan.scans.redact import marker

# attributes every LogRecord has: anything else on a record came from ``extra=``
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
_JOIN = b"\n\x00\n"  # no rule matches across it: strings are scanned together, redacted apart
_MAX_DEPTH = 4
_PLACEMENT = Placement(client_side=False, reason="a log record: written by the server", token_context="unknown")


def _log_placement(fragment: Fragment, match: RuleMatch, scratch: Scratch) -> Placement:
    """Where a log record's secret sits: not in client code (the file-path judge costs ~200 us a match)."""
    return _PLACEMENT


class RedactingFilter(logging.Filter):
    """Replaces secrets in a record's message, args, extra fields and exception text; never drops a record."""

    def __init__(self, name: str = "", *, config: Config | None = None, engine: str = "auto",
                 detector: Detector | None = None):
        super().__init__(name)
        self._detector = detector or Detector(config or load_config(None), engine=engine, judge=_log_placement)
        self._path = "<log record>"

    def redact(self, text: str) -> str:
        """``text`` with each secret in it replaced by its marker."""
        data = text.encode("utf-8", "surrogatepass")
        located = self._detector.located(Fragment(data, self._path))
        if not located:
            return text
        out, pos = [], 0
        for match, finding in sorted(located, key=lambda mf: (mf[0].start, -mf[0].end)):
            if match.start < pos:
                continue  # two rules, one span: already replaced
            out += [data[pos:match.start], marker(finding.rule_id, finding.fingerprint)]
            pos = match.end
        out.append(data[pos:])
        return b"".join(out).decode("utf-8", "surrogatepass")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and not record.exc_text:  # format it now, so the cached text is what gets redacted
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: logging reports that itself when a handler formats
            message = str(record.msg)
        # args are judged inside the message, in their context (a digest after "sha256=" is no key);
        # only an arg the message does not show whole (``%.8s``) is judged on its own
        hidden_args = [a for a in _strings(record.args) if a not in message]
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        texts = [message, *hidden_args, *_strings(extras), record.exc_text or "", record.stack_info or ""]
        joined = _JOIN.join(t.encode("utf-8", "surrogatepass") for t in texts)
        if self._detector.located(Fragment(joined, self._path)):
            self._redact_record(record, message, hidden_args, extras)
        return True

    def _redact_record(self, record: logging.LogRecord, message: str, hidden_args: list[str],
                       extras: dict[str, Any]) -> None:
        redacted = self.redact(message)
        if redacted != message:  # keep the formatted, redacted text: args would put the secret back
            record.msg, record.args = redacted, ()
        elif hidden_args:
            record.args = self._value(record.args, 0)
        for key, value in extras.items():
            setattr(record, key, self._value(value, 0))
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)

    def _value(self, value: Any, depth: int) -> Any:
        """Strings redacted; containers copied with their strings redacted; anything else as it was."""
        if isinstance(value, str):
            return self.redact(value)
        if depth >= _MAX_DEPTH:
            return value
        if isinstance(value, dict):
            return {k: self._value(v, depth + 1) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            items = [self._value(v, depth + 1) for v in value]
            return items if isinstance(value, list) else tuple(items)
        return value


def _strings(value: Any, depth: int = 0) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif depth < _MAX_DEPTH and isinstance(value, dict):
        for v in value.values():
            yield from _strings(v, depth + 1)
    elif depth < _MAX_DEPTH and isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v, depth + 1)
