"""The verify stage: which check each rule gets, one check per fingerprint, in a bounded thread pool."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from urllib.parse import urlsplit

from leakscan.config import Config
from leakscan.errors import UsageError
from leakscan.model import Finding, ScanResult, Verification
from leakscan.verify import VerifyOptions, bitcoin, evm, glomo, gluwa, signature
from leakscan.verify.context import Context, Provider
from leakscan.verify.http import NOT_RETRIED, Client
from leakscan.verify.settings import VerifySettings

# rule id -> its live check; rules not listed get ``skipped``
PROVIDERS: dict[str, Provider] = {
    "glomo-api-key": glomo,
    "gluwa-basic-token": gluwa,
    "gluwa-request-signature": signature,
    "hex-private-key": evm,
    "bitcoin-wif-private-key": bitcoin,
}


def check_schemes(settings: VerifySettings, allow_http: bool) -> None:
    """HTTPS only, unless the user said otherwise: refuse before anything is sent."""
    for name, url in settings.urls():
        parts = urlsplit(url)
        if parts.scheme != "https" and not allow_http:
            raise UsageError(f"{name} is plain {parts.scheme}://{parts.hostname}: secrets are sent over HTTPS only "
                             "(--verify-allow-http allows it, for tests and local mirrors)")


class Verifier:
    """One run's checks: a shared client (limits, retries), a thread pool, a cache by fingerprint.

    Reuse one Verifier across calls (e.g. many repositories of an audit) to check
    each secret once per run.
    """

    def __init__(self, settings: VerifySettings, options: VerifyOptions):
        check_schemes(settings, options.allow_http)
        client = Client(timeout=settings.timeout, rate_limit=settings.rate_limit, retries=settings.retries,
                        backoff=settings.backoff, sleep=options.sleep)
        self._ctx = Context(settings, client, options.clock)
        self._cache: dict[str, Verification] = {}

    def verify(self, findings: Sequence[Finding]) -> list[Finding]:
        todo = {f.fingerprint: f for f in findings if f.fingerprint not in self._cache}
        if todo:
            with ThreadPoolExecutor(max_workers=self._ctx.settings.concurrency) as pool:
                for fingerprint, answer in zip(todo, pool.map(self._check, todo.values()), strict=True):
                    self._cache[fingerprint] = answer
        return [replace(f, verification=self._cache[f.fingerprint]) for f in findings]

    def _check(self, finding: Finding) -> Verification:
        provider = PROVIDERS.get(finding.rule_id)
        if provider is None:
            return self._ctx.answer("skipped", f"no live check exists for {finding.rule_id}")
        return provider.check(finding, self._ctx)


def verify_scan_result(result: ScanResult, config: Config, options: VerifyOptions) -> ScanResult:
    verified = Verifier(config.verify or VerifySettings(), options).verify(result.findings)
    warnings = [*result.warnings, *_unknown_warning(verified)]
    if options.only_verified:
        kept = [f for f in verified if f.verification and f.verification.status == "valid"]
        if len(kept) < len(verified):
            warnings.append(f"--only-verified: {len(verified) - len(kept)} finding(s) not proven live are "
                            "not reported")
        verified = kept
    return replace(result, findings=verified, warnings=warnings)


def _unknown_warning(findings: list[Finding]) -> list[str]:
    """One line saying how many checks got no answer, and the commonest reason (no network, 429, …)."""
    unknown = [f.verification for f in findings if f.verification and f.verification.status == "unknown"]
    if not unknown:
        return []
    checked = sum(1 for f in findings if f.verification and f.verification.status != "skipped")
    reason, n = Counter(v.reason.removesuffix(NOT_RETRIED) for v in unknown).most_common(1)[0]
    more = f" ({n} of them: {reason})" if n < len(unknown) else f": {reason}"
    return [f"verification: {len(unknown)} of {checked} check(s) got no usable answer, status unknown{more}; "
            "every finding is still reported"]
