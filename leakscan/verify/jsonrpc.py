"""One JSON-RPC call through the shared client; its failures become ``unknown`` answers.

Credentials in the endpoint URL (``https://user:pass@node/``, as Bitcoin Core's
RPC wants) move into a Basic header, so the URL asked and any reason shown
carry none.
"""

from __future__ import annotations

import base64
import json
from decimal import Decimal
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from leakscan.model import Verification
from leakscan.verify.context import Context


def call(ctx: Context, url: str, method: str, params: list[Any], version: str = "2.0"
         ) -> tuple[Any, Verification | None]:
    """(result, None), or (None, why not) when the node gave no usable answer."""
    target, headers = _split_auth(url)
    body = json.dumps({"jsonrpc": version, "id": 1, "method": method, "params": params}).encode()
    response = ctx.client.request("POST", target, {"Content-Type": "application/json", **headers}, body)
    if response.status is None:
        return None, ctx.unanswered(response)
    try:
        doc = json.loads(response.body, parse_float=Decimal)
    except ValueError:
        doc = None
    if isinstance(doc, dict) and doc.get("error"):
        error = doc["error"]
        message = error.get("message", error) if isinstance(error, dict) else error
        return None, ctx.answer("unknown", f"{method}: JSON-RPC error: {str(message)[:200]}",
                                response.host, response.status)
    if response.status == 429 or response.status >= 500:
        return None, ctx.unanswered(response)
    if response.status != 200 or not isinstance(doc, dict) or "result" not in doc:
        return None, ctx.answer("unknown", f"{method}: not a JSON-RPC answer (HTTP {response.status})",
                                response.host, response.status)
    return doc["result"], None


def _split_auth(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    if parts.username is None:
        return url, {}
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
    return urlunsplit(parts._replace(netloc=netloc)), {"Authorization": "Basic " + base64.b64encode(pair).decode()}
