"""Gluwa request signatures: judged from their time alone, never replayed.

Sending a captured signature would be using someone's credential; its
timestamp already says whether it could still be (10 minutes, Gluwa's window).
"""

from __future__ import annotations

import datetime as dt

from leakscan.model import Finding, Verification
from leakscan.verify.context import Context


def check(finding: Finding, ctx: Context) -> Verification:
    until = finding.validation.get("replayable_until")
    if not isinstance(until, str):
        return ctx.answer("skipped", "no signing time decoded; signatures are never replayed")
    ends = dt.datetime.fromisoformat(until.replace("Z", "+00:00")).timestamp()
    if ctx.clock() < ends:
        return ctx.answer("valid", f"still replayable until {until} (judged from its timestamp; not replayed)")
    return ctx.answer("invalid", f"its 10-minute window ended {until} (judged from its timestamp; not replayed)")
