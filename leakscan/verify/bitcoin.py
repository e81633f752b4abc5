"""Bitcoin WIF keys: the derived address's unspent balance, read over Bitcoin Core JSON-RPC.

``scantxoutset`` works on any node without a wallet or an address index, but it
sees only unspent outputs: an address emptied long ago reads as empty.  Only
the address is sent; the key is never used.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

from leakscan.model import Finding, Verification
from leakscan.verify.context import Context
from leakscan.verify.jsonrpc import call


def check(finding: Finding, ctx: Context) -> Verification:
    bitcoin = ctx.settings.bitcoin
    if bitcoin is None:
        return ctx.answer("skipped", "no [verify.bitcoin] rpc_url configured (only the derived address would be sent)")
    address, network = finding.validation.get("address"), finding.validation.get("network", "mainnet")
    if not isinstance(address, str):
        return ctx.answer("skipped", "no derived address to look up")
    if network != bitcoin.network:
        return ctx.answer("skipped", f"a {network} key; [verify.bitcoin] is a {bitcoin.network} node")
    result, failed = call(ctx, bitcoin.rpc_url, "scantxoutset", ["start", [f"addr({address})"]], version="1.0")
    if failed is not None:
        return failed
    host = urlsplit(bitcoin.rpc_url).hostname
    if not isinstance(result, dict) or not isinstance(result.get("total_amount"), (Decimal, int)):
        return ctx.answer("unknown", "scantxoutset: no total_amount in the answer", host, 200)
    amount, outputs = result["total_amount"], len(result.get("unspents") or [])
    if amount > 0:
        return ctx.answer("valid", f"controls {address}: {amount:f} BTC in {outputs} unspent output(s)", host, 200)
    return ctx.answer("invalid", f"controls {address}, which holds no unspent outputs "
                      "(scantxoutset cannot see spent history)", host, 200)
