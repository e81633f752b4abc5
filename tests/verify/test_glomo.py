"""Glomo keys against a real server on 127.0.0.1: every answer the issue names, through .leakscan.toml."""

from __future__ import annotations

import pytest

from leakscan.errors import UsageError
from leakscan.verify import VerifyOptions, verify_findings
from testing import secrets
from testing.httpstub import StubServer
from tests.verify.conftest import findings_of, glomo_source, write_config

HTTP = VerifyOptions(allow_http=True)


def _verify(tmp_path, stub, answers, **top):
    key = secrets.glomo_key(seed=7)
    stub.state.answers[key] = list(answers)
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n', **top)
    (finding,) = verify_findings(findings_of(glomo_source(key), config), config, HTTP)
    return finding.verification, key


@pytest.mark.parametrize(("answers", "status", "http_status", "words"), [
    ([200], "valid", 200, "live"),
    ([401], "invalid", 401, "401"),
    ([403], "unknown", 403, "403"),
    ([418], "unknown", 418, "418"),
    ([429, 200], "valid", 200, "live"),
    ([500, 502, 200], "valid", 200, "live"),
    ([429], "unknown", 429, "rate limited"),
    ([500], "unknown", 500, "server error"),
], ids=["200", "401", "403", "418", "429-then-200", "5xx-then-200", "429", "500"])
def test_answers(tmp_path, stub, answers, status, http_status, words):
    verification, key = _verify(tmp_path, stub, answers)
    assert (verification.status, verification.http_status, verification.endpoint_host) == (
        status, http_status, "127.0.0.1")
    assert words in verification.reason
    assert verification.checked_at.endswith("+00:00")
    first = stub.seen[0]
    assert (first.method, first.path, first.headers["Authorization"]) == ("GET", "/api/v1/ping", f"Bearer {key}")
    assert key not in verification.reason


def test_retries_stop_at_the_configured_count(tmp_path, stub):
    verification, _ = _verify(tmp_path, stub, [503], retries=3)
    assert verification.status == "unknown" and "after 3 retries" in verification.reason
    assert len(stub.seen) == 4


def test_backoff_doubles_between_retries(tmp_path, stub):
    verification, _ = _verify(tmp_path, stub, [429, 429, 200], backoff=0.1)
    times = [s.at for s in stub.seen]
    assert verification.status == "valid"
    assert times[1] - times[0] >= 0.1 and times[2] - times[1] >= 0.2


def test_retry_after_is_honoured(tmp_path, stub):
    verification, _ = _verify(tmp_path, stub, ["retry-after:0.4", 200], backoff=0.01)
    first, second = (s.at for s in stub.seen)
    assert verification.status == "valid" and second - first >= 0.4


def test_concurrency_limit_bounds_requests_in_flight(tmp_path, stub):
    keys = [secrets.glomo_key(seed=s) for s in range(50, 56)]
    stub.state.answers.update({key: ["slow:0.2"] for key in keys})
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n', concurrency=2)
    out = verify_findings(findings_of(glomo_source(*keys), config), config, HTTP)
    assert {f.verification.status for f in out} == {"valid"}
    assert stub.state.max_in_flight == 2


def test_a_verifier_checks_each_secret_once_across_calls(tmp_path, stub):
    from leakscan.verify.run import Verifier

    key = secrets.glomo_key(seed=57)
    stub.state.answers[key] = [200]
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n')
    verifier = Verifier(config.verify, HTTP)
    for path in ("repo-a/server.py", "repo-b/server.py"):
        (finding,) = verifier.verify(findings_of(glomo_source(key), config, path))
        assert finding.verification.status == "valid"
    assert len(stub.seen) == 1


def test_slow_answer_times_out_as_unknown(tmp_path, stub):
    key = secrets.glomo_key(seed=8)
    stub.state.answers[key] = ["slow:3"]
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n', timeout=0.5)
    (finding,) = verify_findings(findings_of(glomo_source(key), config), config, HTTP)
    assert finding.verification.status == "unknown"
    assert "timed out after 0.5s" in finding.verification.reason


def test_redirect_to_another_host_is_not_followed(tmp_path, stub):
    with StubServer() as other:
        target = other.url.replace("127.0.0.1", "localhost") + "/api/v1/ping"
        verification, _ = _verify(tmp_path, stub, [f"redirect:{target}"])
        assert other.seen == []
    assert verification.status == "unknown"
    assert "redirect to http://localhost not followed" in verification.reason


def test_redirect_to_another_port_is_not_followed(tmp_path, stub):
    with StubServer() as other:
        verification, _ = _verify(tmp_path, stub, [f"redirect:{other.url}/api/v1/ping"])
        assert other.seen == []
    assert verification.status == "unknown"


def test_redirect_on_the_same_host_is_followed(tmp_path, stub):
    key = secrets.glomo_key(seed=9)
    stub.state.answers[key] = [f"redirect:{stub.url}/api/v2/ping", 200]
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n')
    (finding,) = verify_findings(findings_of(glomo_source(key), config), config, HTTP)
    assert finding.verification.status == "valid"
    assert [s.path for s in stub.seen] == ["/api/v1/ping", "/api/v2/ping"]


def test_plain_http_needs_the_flag(tmp_path, stub):
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n')
    found = findings_of(glomo_source(secrets.glomo_key()), config)
    with pytest.raises(UsageError, match="HTTPS only"):
        verify_findings(found, config, VerifyOptions())
    assert stub.seen == []


def test_connection_refused_is_unknown_never_invalid(tmp_path):
    config = write_config(tmp_path, '[verify.glomo]\nbase_url = "http://127.0.0.1:9"\n')
    (finding,) = verify_findings(findings_of(glomo_source(secrets.glomo_key()), config), config, HTTP)
    assert finding.verification.status == "unknown"
    assert "refused" in finding.verification.reason


def test_a_host_that_cannot_answer_is_asked_once(tmp_path):
    keys = [secrets.glomo_key(seed=s) for s in range(60, 65)]
    config = write_config(tmp_path, '[verify.glomo]\nbase_url = "http://127.0.0.1:9"\n', concurrency=1)
    out = verify_findings(findings_of(glomo_source(*keys), config), config, HTTP)
    reasons = [f.verification.reason for f in out]
    assert {f.verification.status for f in out} == {"unknown"}
    assert reasons[0] == "connection to 127.0.0.1 refused"
    assert all(r == "connection to 127.0.0.1 refused (earlier in this run; not tried again)" for r in reasons[1:])


def test_repeated_timeouts_give_up_on_the_host(tmp_path, stub):
    keys = [secrets.glomo_key(seed=s) for s in range(65, 70)]
    stub.state.answers.update({key: ["slow:2"] for key in keys})
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n', concurrency=1, timeout=0.3)
    out = verify_findings(findings_of(glomo_source(*keys), config), config, HTTP)
    assert {f.verification.status for f in out} == {"unknown"}
    assert len(stub.seen) == 3
    assert sum("not tried again" in f.verification.reason for f in out) == 2


def test_dns_failure_is_unknown(tmp_path):
    config = write_config(tmp_path, '[verify.glomo]\nbase_url = "https://glomo.invalid"\n')
    (finding,) = verify_findings(findings_of(glomo_source(secrets.glomo_key()), config), config)
    assert finding.verification.status == "unknown"
    assert "glomo.invalid" in finding.verification.reason


def test_test_keys_go_to_the_test_environment(tmp_path, stub):
    with StubServer() as test_env:
        live, test = secrets.glomo_key(seed=1), secrets.glomo_key(env="test", seed=2)
        stub.state.answers[live] = [200]
        test_env.state.answers[test] = [401]
        config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n'
                                        f'test_base_url = "{test_env.url}"\n')
        out = verify_findings(findings_of(glomo_source(live, test), config), config, HTTP)
        assert [f.verification.status for f in out] == ["valid", "invalid"]
        assert len(stub.seen) == 1 and len(test_env.seen) == 1


def test_one_request_per_fingerprint(tmp_path, stub):
    key = secrets.glomo_key(seed=3)
    stub.state.answers[key] = [200]
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n')
    found = findings_of(glomo_source(key, key, key), config)
    out = verify_findings(found, config, HTTP)
    assert len(out) == 3 and {f.verification.status for f in out} == {"valid"}
    assert len(stub.seen) == 1


def test_rate_limit_spaces_requests_to_one_host(tmp_path, stub):
    keys = [secrets.glomo_key(seed=s) for s in range(10, 18)]
    for key in keys:
        stub.state.answers[key] = [200]
    config = write_config(tmp_path, f'[verify.glomo]\nbase_url = "{stub.url}"\n', rate_limit=10, concurrency=8)
    verify_findings(findings_of(glomo_source(*keys), config), config, HTTP)
    times = sorted(s.at for s in stub.seen)
    assert len(times) == 8
    # 8 starts at 10/s take at least 0.7 s whatever the machine's speed (a lower bound, not a timing)
    assert times[-1] - times[0] >= 0.7 * 0.95
