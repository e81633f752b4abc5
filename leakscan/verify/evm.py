"""Ethereum/EVM private keys: the derived address's balance and transaction count, read over JSON-RPC.

The key is never used to sign and never sent: only the public address goes to
the node the user configured (``[verify.evm] rpc_url``).  ``valid`` means the
key controls an address with a balance or one that has sent transactions;
``invalid`` means the address is empty and unused on that chain.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

from leakscan.model import Finding, Verification
from leakscan.verify.context import Context
from leakscan.verify.jsonrpc import call

_WEI = Decimal(10) ** 18


def check(finding: Finding, ctx: Context) -> Verification:
    evm = ctx.settings.evm
    if evm is None:
        return ctx.answer("skipped", "no [verify.evm] rpc_url configured (only the derived address would be sent)")
    address = finding.validation.get("address")
    if not isinstance(address, str):
        return ctx.answer("skipped", "no derived address to look up")
    values = []
    for method in ("eth_getBalance", "eth_getTransactionCount"):
        result, failed = call(ctx, evm.rpc_url, method, [address, "latest"])
        if failed is not None:
            return failed
        try:
            values.append(int(result, 16))
        except (TypeError, ValueError):
            return ctx.answer("unknown", f"{method}: not a hex quantity", urlsplit(evm.rpc_url).hostname, 200)
    wei, sent = values
    host = urlsplit(evm.rpc_url).hostname
    if wei or sent:
        return ctx.answer("valid", f"controls {address}: balance {Decimal(wei) / _WEI:f} ETH ({wei} wei), "
                          f"{sent} transaction(s) sent", host, 200)
    return ctx.answer("invalid", f"controls {address}, which holds nothing and has sent no transactions", host, 200)
