"""Glomo API keys: ``GET /api/v1/ping`` with the key as Bearer token (the Glomo document's own check).

The document promises 401 for a missing, malformed or expired token and success
for a live key; anything else (403, other 4xx) proves neither, so it is
``unknown`` rather than a guess.
"""

from __future__ import annotations

from leakscan.model import Finding, Verification
from leakscan.verify.context import Context

PING = "/api/v1/ping"


def check(finding: Finding, ctx: Context) -> Verification:
    glomo = ctx.settings.glomo
    base = glomo.test_base_url if finding.environment == "test" and glomo.test_base_url else glomo.base_url
    response = ctx.client.request("GET", base + PING, {"Authorization": f"Bearer {finding.secret.reveal()}",
                                                       "Accept": "application/json"})
    status = response.status
    if status is None or status == 429 or status >= 500:
        return ctx.unanswered(response)
    if 200 <= status < 300:
        return ctx.answer("valid", f"ping answered {status}: the key is live ({finding.environment} environment)",
                          response.host, status)
    if status == 401:
        return ctx.answer("invalid", "ping answered 401: token rejected (revoked, malformed or expired)",
                          response.host, status)
    if status == 403:
        return ctx.answer("unknown", "ping answered 403: the call was refused without saying the key is invalid",
                          response.host, status)
    return ctx.answer("unknown", f"ping answered {status}, which says nothing about the key", response.host, status)
