"""Gluwa, request signatures, EVM and Bitcoin keys: what is sent, what is never sent, what each answer means."""

from __future__ import annotations

import base64
import json
from decimal import Decimal

from leakscan.verify import VerifyOptions, verify_findings
from testing import secrets
from testing.httpstub import Account
from tests.verify.conftest import findings_of, signature_line, write_config

HTTP = VerifyOptions(allow_http=True)


def _gluwa_line(token: str) -> str:
    return f'gluwa = requests.get(GLUWA_URL, headers={{"Authorization": "Basic {token}"}})\n'


def test_gluwa_without_configuration_is_skipped_and_sends_nothing(tmp_path, stub):
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n')
    (finding,) = verify_findings(findings_of(_gluwa_line(secrets.basic_token()), config), config, HTTP)
    assert finding.verification.status == "skipped"
    assert "[verify.gluwa]" in finding.verification.reason
    assert finding.verification.endpoint_host is None
    assert stub.seen == []


def test_gluwa_configured_endpoint_and_method(tmp_path, stub):
    live, dead = secrets.basic_token("gk_a1", "s3cr3t-Aa1"), secrets.basic_token("gk_b2", "s3cr3t-Bb2")
    stub.state.answers.update({live: [200], dead: [403]})
    config = write_config(tmp_path, f'[verify.gluwa]\nurl = "{stub.url}/v1/me"\nmethod = "POST"\n'
                                    "invalid_status = [401, 403]\n")
    out = verify_findings(findings_of(_gluwa_line(live) + _gluwa_line(dead), config), config, HTTP)
    assert [(f.verification.status, f.verification.http_status) for f in out] == [("valid", 200), ("invalid", 403)]
    assert {(s.method, s.path) for s in stub.seen} == {("POST", "/v1/me")}
    assert {s.headers["Authorization"] for s in stub.seen} == {f"Basic {live}", f"Basic {dead}"}


def test_basic_token_not_tied_to_gluwa_is_not_sent(tmp_path, stub):
    config = write_config(tmp_path, f'[verify.gluwa]\nurl = "{stub.url}/v1/me"\n')
    text = f'auth = {{"Authorization": "Basic {secrets.basic_token()}"}}\n'
    (finding,) = verify_findings(findings_of(text, config, "server/intranet.py"), config, HTTP)
    assert finding.verification.status == "skipped" and "names Gluwa" in finding.verification.reason
    assert stub.seen == []


def test_signatures_are_judged_by_time_and_never_replayed(tmp_path, stub):
    config = write_config(tmp_path, f'[verify.gluwa]\nurl = "{stub.url}/v1/me"\n')
    fresh, stale = signature_line(60, seed=1), signature_line(3600, seed=2)
    out = verify_findings(findings_of(fresh + stale, config), config, HTTP)
    assert [f.verification.status for f in out] == ["valid", "invalid"]
    assert all("not replayed" in f.verification.reason and f.verification.endpoint_host is None for f in out)
    assert stub.seen == []


def _rpc_requests(stub):
    return [json.loads(s.body) for s in stub.seen]


def test_evm_balance_and_transactions_of_the_derived_address(tmp_path, stub):
    rich, used, empty = (secrets.eth_address(s).lower() for s in (3, 4, 5))
    stub.state.chain.update({rich: Account(wei=1_500_000_000_000_000_000), used: Account(nonce=7)})
    config = write_config(tmp_path, f'[verify.evm]\nrpc_url = "{stub.url}/rpc"\n')
    text = "".join(f'WALLET_PRIVATE_KEY_{s} = "0x{secrets.hex_key(s)}"\n' for s in (3, 4, 5))
    out = verify_findings(findings_of(text, config), config, HTTP)
    assert [f.verification.status for f in out] == ["valid", "valid", "invalid"]
    assert "1.5 ETH" in out[0].verification.reason and "7 transaction(s)" in out[1].verification.reason
    assert "holds nothing and has sent no transactions" in out[2].verification.reason
    # only public addresses went out: never a key
    sent = b"".join(s.body for s in stub.seen)
    assert all(secrets.hex_key(s).encode() not in sent for s in (3, 4, 5))
    assert {r["method"] for r in _rpc_requests(stub)} == {"eth_getBalance", "eth_getTransactionCount"}
    assert {r["params"][0].lower() for r in _rpc_requests(stub)} == {rich, used, empty}


def test_bitcoin_unspent_balance_of_the_derived_address(tmp_path, stub):
    config = write_config(tmp_path, f'[verify.bitcoin]\nrpc_url = "http://node:pw@127.0.0.1:'
                                    f'{stub.url.rsplit(":", 1)[1]}/rpc"\n')
    text = f'btc_wallet_key = "{secrets.wif(4)}"\nbtc_wallet_key2 = "{secrets.wif(6)}"\n'
    found = findings_of(text, config)
    stub.state.chain[found[0].validation["address"]] = Account(btc=Decimal("0.25"))
    out = verify_findings(found, config, HTTP)
    assert [f.verification.status for f in out] == ["valid", "invalid"]
    assert "0.25 BTC in 1 unspent output(s)" in out[0].verification.reason
    # the URL's user:password went as a Basic header, not in the request line
    assert {s.headers["Authorization"] for s in stub.seen} == {"Basic " + base64.b64encode(b"node:pw").decode()}
    assert all("pw" not in s.path for s in stub.seen)
    assert all(r["method"] == "scantxoutset" for r in _rpc_requests(stub))
    assert secrets.wif(4).encode() not in b"".join(s.body for s in stub.seen)


def test_testnet_key_is_not_looked_up_on_mainnet(tmp_path, stub):
    config = write_config(tmp_path, f'[verify.bitcoin]\nrpc_url = "{stub.url}/rpc"\n')
    (finding,) = verify_findings(findings_of(f'btc_wallet_key = "{secrets.wif(4, testnet=True)}"\n', config),
                                 config, HTTP)
    assert finding.verification.status == "skipped" and "testnet" in finding.verification.reason
    assert stub.seen == []


def test_chain_lookups_without_configuration_are_skipped(tmp_path):
    config = write_config(tmp_path, "")
    text = f'WALLET_PRIVATE_KEY = "0x{secrets.hex_key(3)}"\nbtc_wallet_key = "{secrets.wif(4)}"\n'
    out = verify_findings(findings_of(text, config), config)
    assert [f.verification.status for f in out] == ["skipped", "skipped"]
    assert "[verify.evm] rpc_url" in out[0].verification.reason
    assert "[verify.bitcoin] rpc_url" in out[1].verification.reason


def test_rpc_error_is_unknown(tmp_path, stub):
    config = write_config(tmp_path, f'[verify.evm]\nrpc_url = "{stub.url}/other"\n')
    (finding,) = verify_findings(findings_of(f'WALLET_PRIVATE_KEY = "0x{secrets.hex_key(3)}"\n', config),
                                 config, HTTP)
    assert finding.verification.status == "unknown"


def test_rules_without_a_check_are_skipped(tmp_path):
    config = write_config(tmp_path, "")
    (finding,) = verify_findings(findings_of(f'token = "{secrets.generic_jwt()}"\n', config), config)
    assert finding.rule_id == "generic-jwt"
    assert finding.verification.status == "skipped" and "no live check" in finding.verification.reason
