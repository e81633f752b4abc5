"""The issue's safety rules, each a test: TLS, proxies, suppressed findings, no secret in any answer."""

from __future__ import annotations

import pytest

from leakscan import scan_text
from leakscan.verify import VerifyOptions, verify_findings, verify_result
from testing import secrets
from testing.httpstub import StubServer, self_signed_cert
from tests.verify.conftest import findings_of, glomo_source, write_config


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    try:
        return self_signed_cert(tmp_path_factory.mktemp("tls"))
    except FileNotFoundError:
        pytest.skip("the openssl command is needed to make a test certificate (.ci/run installs it)")


def test_bad_tls_is_unknown_and_nothing_trusted_by_accident(tmp_path, cert):
    key = secrets.glomo_key(seed=21)
    with StubServer(tls=cert) as server:
        server.state.answers[key] = [200]
        config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{server.url}"\n')
        (finding,) = verify_findings(findings_of(glomo_source(key), config), config)
        assert server.seen == []  # the handshake failed before any header was sent
    assert finding.verification.status == "unknown"
    assert "TLS certificate of 127.0.0.1 not trusted" in finding.verification.reason


def test_tls_trusted_through_ssl_cert_file_is_checked(tmp_path, cert, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(cert[0]))
    key = secrets.glomo_key(seed=22)
    with StubServer(tls=cert) as server:
        server.state.answers[key] = [200]
        config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{server.url}"\n')
        (finding,) = verify_findings(findings_of(glomo_source(key), config), config)
        assert server.seen[0].headers["Authorization"] == f"Bearer {key}"
    assert finding.verification.status == "valid"


def test_https_redirect_down_to_http_on_the_same_host_is_refused(tmp_path, cert, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(cert[0]))
    key = secrets.glomo_key(seed=23)
    with StubServer(tls=cert) as server, StubServer() as plain:
        server.state.answers[key] = [f"redirect:{plain.url}/api/v1/ping"]
        config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{server.url}"\n')
        (finding,) = verify_findings(findings_of(glomo_source(key), config), config)
        assert plain.seen == []
    assert finding.verification.status == "unknown" and "not followed" in finding.verification.reason


def test_proxy_from_the_environment_is_honoured(tmp_path, stub, monkeypatch):
    monkeypatch.setenv("http_proxy", stub.url)
    key = secrets.glomo_key(seed=24)
    stub.state.answers[key] = [200]
    config = write_config(tmp_path, '[verify.glomo]\nbase_url = "http://api.glomo.example"\n')
    (finding,) = verify_findings(findings_of(glomo_source(key), config), config, VerifyOptions(allow_http=True))
    assert finding.verification.status == "valid"
    assert finding.verification.endpoint_host == "api.glomo.example"
    assert stub.seen[0].path == "http://api.glomo.example/api/v1/ping"  # the absolute form a proxy receives


def test_nothing_is_sent_for_suppressed_findings(tmp_path, stub):
    kept, allowed = secrets.glomo_key(seed=25), secrets.glomo_key(seed=26)
    stub.state.answers.update({kept: [401], allowed: [200]})
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n')
    text = f'A = "{kept}"\nB = "{allowed}"  # leakscan:allow glomo-api-key rotated in 2024\n'
    result = verify_result(scan_text(text, "app/server.py", config), config, VerifyOptions(allow_http=True))
    assert len(result.suppressed) == 1 and result.suppressed[0].finding.verification is None
    assert [s.headers["Authorization"] for s in stub.seen] == [f"Bearer {kept}"]


def test_no_network_still_reports_every_finding_with_a_summary(tmp_path):
    config = write_config(tmp_path, '[verify.glomo]\nbase_url = "http://127.0.0.1:9"\n')
    text = glomo_source(secrets.glomo_key(seed=27), secrets.glomo_key(seed=28))
    result = verify_result(scan_text(text, "app/server.py", config), config, VerifyOptions(allow_http=True))
    assert [f.verification.status for f in result.findings] == ["unknown", "unknown"]
    (line,) = [w for w in result.warnings if w.startswith("verification:")]
    assert line == ("verification: 2 of 2 check(s) got no usable answer, status unknown: connection to "
                    "127.0.0.1 refused; every finding is still reported")


def test_only_verified_keeps_what_is_proven_live_and_says_how_many_went(tmp_path, stub):
    live, dead = secrets.glomo_key(seed=29), secrets.glomo_key(seed=30)
    stub.state.answers.update({live: [200], dead: [401]})
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n')
    result = verify_result(scan_text(glomo_source(live, dead), "app/server.py", config), config,
                           VerifyOptions(allow_http=True, only_verified=True))
    assert [f.secret.reveal() for f in result.findings] == [live]
    assert any("1 finding(s) not proven live" in w for w in result.warnings)


def test_no_answer_ever_carries_the_secret(tmp_path, stub):
    keys = [secrets.glomo_key(seed=s) for s in range(31, 37)]
    actions = [[200], [401], [403], [429], [500], [f"redirect:http://localhost:1/{keys[0]}"]]
    stub.state.answers.update(dict(zip(keys, actions, strict=True)))
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n')
    out = verify_findings(findings_of(glomo_source(*keys), config), config, VerifyOptions(allow_http=True))
    for finding in out:
        shown = repr(finding) + repr(finding.verification)
        assert not any(key in shown for key in keys)
