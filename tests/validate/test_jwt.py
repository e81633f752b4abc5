"""Glomo API keys versus generic JWTs: key type order, environment, expiry, bad segments."""

from __future__ import annotations

import pytest

from testing import secrets
from tests.validate.conftest import NOW, scan_text

LIVE_NO_TYPE = secrets.glomo_key("live", None, seed=21)
TEST_NO_TYPE = secrets.glomo_key("test", None, seed=22)


def _one(text: str, path: str = "app/settings.py"):
    found = [f for f in scan_text(text, path) if f.rule_id in ("glomo-api-key", "generic-jwt")]
    assert len(found) == 1, found
    return found[0]


def test_claims_decide_before_names() -> None:
    key = secrets.glomo_key("live", "public", seed=23)
    f = _one(f"GLOMO_SECRET_KEY={key}\n")
    assert (f.key_type, f.validation["key_type_evidence"]) == ("public", "claim key_type=public")
    f = _one(f"glomo_public_key = '{secrets.glomo_key('live', 'secret', seed=24)}'\n")
    assert f.key_type == "secret"


@pytest.mark.parametrize(("name", "key_type"), [
    ("GLOMO_SECRET_KEY", "secret"),
    ("glomoPrivateKey", "secret"),
    ("glomo_sk", "secret"),
    ("publishableKey", "public"),
    ("glomo_pk", "public"),
    ("public_key", "public"),
    ("publicKey", "public"),
    ("NEXT_PUBLIC_GLOMO_PUBLISHABLE_KEY", "public"),
    ("NEXT_PUBLIC_GLOMO_SECRET_KEY", "secret"),
    ("REACT_APP_GLOMO_SK", "secret"),
])
def test_names_decide_without_claims(name: str, key_type: str) -> None:
    f = _one(f'{name} = "{LIVE_NO_TYPE}"\n')
    assert f.key_type == key_type
    assert f.validation["key_type_evidence"] == f"bound to {name}"


@pytest.mark.parametrize("name", ["NEXT_PUBLIC_GLOMO_KEY", "VITE_GLOMO_KEY", "EXPO_PUBLIC_GLOMO_KEY"])
def test_bundler_prefix_is_not_public_key_evidence(name: str) -> None:
    """NEXT_PUBLIC_ says 'shipped to the browser', not 'a public key': unknown counts as secret."""
    f = _one(f"{name}={LIVE_NO_TYPE}\n", ".env")
    assert f.key_type == "unknown"
    assert f.severity == "critical"


def test_bearer_usage_means_secret() -> None:
    f = _one(f'curl -H "Authorization: Bearer {TEST_NO_TYPE}" https://api.glomopay.com/v1\n', "ping.sh")
    assert (f.key_type, f.validation["key_type_evidence"]) == ("secret", "used as Authorization: Bearer")
    assert (f.environment, f.severity) == ("test", "medium")


def test_names_decide_before_bearer_usage() -> None:
    f = _one(f'glomoPublishableKey: "Bearer {TEST_NO_TYPE}"\n')
    assert f.key_type == "public"


def test_no_evidence_is_unknown_and_counts_as_secret() -> None:
    f = _one(f"{LIVE_NO_TYPE}\n", "notes.txt")
    assert (f.key_type, f.environment, f.severity) == ("unknown", "live", "critical")


@pytest.mark.parametrize(("env", "environment"), [("live", "live"), ("test", "test")])
def test_environment_from_env_claim(env: str, environment: str) -> None:
    assert _one(f"GLOMO_SECRET_KEY={secrets.glomo_key(env, 'secret', seed=25)}\n").environment == environment


def test_expired_key_is_marked_and_drops_a_level() -> None:
    key = secrets.glomo_key("live", "secret", seed=26, exp=int(NOW) - 86400)
    f = _one(f"GLOMO_SECRET_KEY={key}\n")
    assert f.validation["expired"] is True
    assert f.validation["expires_at"] == "2025-12-31T00:00:00+00:00"
    assert f.severity == "high"
    fresh = secrets.glomo_key("live", "secret", seed=26, exp=int(NOW) + 86400)
    f = _one(f"GLOMO_SECRET_KEY={fresh}\n")
    assert f.validation["expired"] is False and f.severity == "critical"


def test_jwt_without_glomo_traits_is_generic_jwt() -> None:
    f = _one(f'session = "{secrets.generic_jwt(seed=27)}"\n', "auth/session.py")
    assert (f.rule_id, f.severity, f.key_type) == ("generic-jwt", "low", "jwt")


def test_glomo_issuer_or_context_makes_a_glomo_key() -> None:
    by_iss = secrets.jwt({"iss": "https://api.glomopay.com", "sub": "m_1"}, {"alg": "RS256"}, seed=28)
    assert _one(f"token = {by_iss}\n").rule_id == "glomo-api-key"
    plain = secrets.generic_jwt(seed=29)
    assert _one(f"GLOMO_TOKEN = {plain}\n").rule_id == "glomo-api-key"


@pytest.mark.parametrize("token", [
    "eyJhbGciOiJSUzI1NiJ9.eyJub3QganNvbiBhdCBhbGw.c2lnbmF0dXJlc2lnbmF0dXJlc2ln",  # payload not JSON
    "eyJhbGciOiJSUzI1NiJ9.eyJ___-_-_-_-___-___.c2lnbmF0dXJlc2lnbmF0dXJlc2ln",  # payload garbage bytes
    "eyJ9999999999999.eyJlbnYiOiJsaXZlIn0.c2lnbmF0dXJlc2lnbmF0dXJlc2ln",  # header garbage
    "eyJ0eXAiOiJKV1QifQ.eyJlbnYiOiJsaXZlIn0.c2lnbmF0dXJlc2lnbmF0dXJlc2ln",  # header without alg
    "eyJhbGciOiJSUzI1NiJ9.eyJbMSwyLDNdIn0.c2lnbmF0dXJlc2lnbmF0dXJlc2ln",  # payload a string
    ".".join(["eyJhbGciOiJSUzI1NiJ9", secrets.b64url(b'{"env":"live","exp":1e999}'), "c2lnbmF0dXJlc2lnbmF0dXJlc2ln"]),
])
def test_bad_segments_never_crash(token: str) -> None:
    found = scan_text(f"GLOMO_SECRET_KEY={token}\n")
    assert all(f.rule_id == "glomo-api-key" for f in found)
    if found:  # only the huge exp decodes: reported without an expiry
        assert "expires_at" not in found[0].validation


def _generic(text: str, path: str = "src/db.ts"):
    return [f for f in scan_text(text, path) if f.rule_id in ("generic-jwt", "glomo-api-key")]


def test_a_service_role_token_is_high_wherever_it_sits() -> None:
    token = secrets.jwt({"iss": "supabase", "ref": "abcd", "role": "service_role", "iat": 1, "exp": 4102444800},
                        header={"alg": "HS256", "typ": "JWT"})
    [f] = _generic(f'const supabase = createClient(url, "{token}");\n', "README.md")
    assert f.rule_id == "generic-jwt" and f.severity == "high" and f.validation["grants"] == "admin"


def test_an_anon_key_is_info() -> None:
    token = secrets.jwt({"iss": "supabase", "ref": "abcd", "role": "anon", "iat": 1, "exp": 4102444800},
                        header={"alg": "HS256", "typ": "JWT"})
    [f] = _generic(f'NEXT_PUBLIC_SUPABASE_ANON_KEY="{token}"\n', ".env.local")
    assert f.severity == "info" and f.validation["grants"] == "anonymous"


def test_an_alg_none_token_is_not_a_credential() -> None:
    token = secrets.jwt({"sub": "1234", "admin": True}, header={"alg": "none", "typ": "JWT"})
    assert not _generic(f'const t = "{token}";\n')


def test_another_providers_token_is_not_glomo_because_glomo_is_nearby() -> None:
    token = secrets.jwt({"iss": "https://abcd.supabase.co/auth/v1", "role": "authenticated", "exp": 4102444800},
                        header={"alg": "HS256", "typ": "JWT"})
    [f] = _generic(f'// glomo checkout page\nconst session = "{token}";\n')
    assert f.rule_id == "generic-jwt"


def test_a_name_on_the_line_above_counts_like_one_on_the_line() -> None:
    f = _one(f'export const GLOMO_SECRET_KEY =\n  "{LIVE_NO_TYPE}";\n', "src/keys.ts")
    assert (f.key_type, f.validation["key_type_evidence"]) == ("secret", "bound to GLOMO_SECRET_KEY")


@pytest.mark.parametrize("use", [
    'headers: {{ Authorization: `Bearer ${{{n}}}` }}',
    'headers = {{"Authorization": "Bearer " + {n}}}',
    'headers = {{"Authorization": f"Bearer {{{n}}}"}}',
])
def test_a_neutral_name_later_sent_as_bearer_is_a_secret_key(use: str) -> None:
    text = f'const GLOMO_KEY = "{LIVE_NO_TYPE}";\nfetch(url, {{ {use.format(n="GLOMO_KEY")} }});\n'
    f = _one(text, "src/pay.ts")
    assert f.key_type == "secret"
    assert "sends as Authorization: Bearer" in f.validation["key_type_evidence"]


def test_another_name_sent_as_bearer_says_nothing_of_this_one() -> None:
    text = f'const GLOMO_KEY = "{LIVE_NO_TYPE}";\nconst auth = `Bearer ${{GLOMO_KEY_2}}`;\n'
    assert _one(text, "src/pay.ts").key_type == "unknown"


def test_a_key_given_to_a_client_sdk_init_call_is_public() -> None:
    f = _one(f'Glomo.init("{TEST_NO_TYPE}");\n', "src/checkout.js")
    assert f.key_type == "public"
    assert "init" in f.validation["key_type_evidence"]
