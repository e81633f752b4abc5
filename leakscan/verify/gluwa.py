"""Gluwa Basic credentials: the endpoint and method the user configures (``[verify.gluwa]``).

The Gluwa document names no endpoint for a plain credential check, so without
configuration nothing is sent.  A ``Basic`` token that nothing around it ties
to Gluwa is not sent to Gluwa either: it may be anyone's password.
"""

from __future__ import annotations

from leakscan.model import Finding, Verification
from leakscan.verify.context import Context


def check(finding: Finding, ctx: Context) -> Verification:
    gluwa = ctx.settings.gluwa
    if gluwa is None:
        return ctx.answer("skipped", "no [verify.gluwa] url configured (the Gluwa document names no check endpoint)")
    if not finding.validation.get("gluwa_context"):
        return ctx.answer("skipped", "nothing near this Basic token names Gluwa; not sent to Gluwa's endpoint")
    body = b"" if gluwa.method == "POST" else None
    response = ctx.client.request(gluwa.method, gluwa.url, {"Authorization": f"Basic {finding.secret.reveal()}"},
                                  body)
    status = response.status
    if status in gluwa.valid_status:
        return ctx.answer("valid", f"{gluwa.method} answered {status}: the credentials are live", response.host, status)
    if status in gluwa.invalid_status:
        return ctx.answer("invalid", f"{gluwa.method} answered {status}: credentials rejected", response.host, status)
    if status is None or status == 429 or status >= 500:
        return ctx.unanswered(response)
    return ctx.answer("unknown", f"{gluwa.method} answered {status}, which is neither a configured valid nor "
                      "invalid status", response.host, status)
