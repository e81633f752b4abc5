"""HTTP for the live checks, on stdlib ``urllib`` (no new dependency).

urllib already honours ``https_proxy``/``http_proxy``/``no_proxy`` (ProxyHandler),
verifies TLS with the system store (``SSL_CERT_FILE`` too) and lets one handler
refuse redirects; what it lacks is added here: redirects only within the same
scheme, host and port (a credential must never reach another host), a
per-host rate limit shared by all worker threads, and retries with backoff on
429 and 5xx.  No failure raises: each becomes a :class:`Response` with a reason
that never contains the credential (it travels in a header, never the URL).  A host that cannot
answer this run (no DNS, refused, untrusted TLS, repeated timeouts) is not asked
again (leakscan.verify.limits), so a run without network ends quickly.
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

from leakscan import __version__
from leakscan.verify.limits import HostHealth, HostLimiter

MAX_BODY = 64 * 1024  # a ping or a JSON-RPC answer is small; never buffer an endless body
MAX_RETRY_AFTER = 30.0
_DEFAULT_PORT = {"http": 80, "https": 443}
NOT_RETRIED = " (earlier in this run; not tried again)"
USER_AGENT = f"leakscan/{__version__} (secret verification; +https://pypi.org/project/leakscan/)"


@dataclass(frozen=True)
class Response:
    """An HTTP answer (``status``), or why there is none (``error``)."""

    host: str
    status: int | None = None
    body: bytes = b""
    error: str = ""
    retry_after: float | None = None
    permanent: bool = False  # the host cannot answer this run (no DNS, refused, untrusted TLS)
    timed_out: bool = False


class _Refused(Exception):
    """A redirect leakscan will not follow."""


def origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname or "", parts.port or _DEFAULT_PORT.get(parts.scheme, 0)


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: http.client.HTTPMessage, newurl: str) -> urllib.request.Request | None:
        if origin(newurl) != origin(req.full_url):
            target = urlsplit(newurl)
            raise _Refused(f"HTTP {code} redirect to {target.scheme}://{target.hostname} not followed "
                           "(a secret is sent only to its provider's configured host)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Client:
    """One per run: the opener, the limits and the retry policy every check shares."""

    def __init__(self, *, timeout: float, rate_limit: float, retries: int, backoff: float,
                 sleep: Callable[[float], None] = time.sleep):
        context = ssl.create_default_context()  # reads SSL_CERT_FILE / SSL_CERT_DIR now, per run
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler(), urllib.request.HTTPSHandler(context=context), _SameOriginRedirects())
        self._limiter = HostLimiter(rate_limit, sleep=sleep)
        self._health = HostHealth()
        self.timeout, self._retries, self._backoff, self._sleep = timeout, retries, backoff, sleep

    def request(self, method: str, url: str, headers: dict[str, str], body: bytes | None = None) -> Response:
        """The answer after up to ``retries`` retries of 429/5xx (``Retry-After`` honoured, capped)."""
        host = urlsplit(url).hostname or ""
        attempt = 0
        while True:
            if (reason := self._health.down(host)) is not None:
                return Response(host, error=reason + NOT_RETRIED)
            self._limiter.wait(host)
            response = self._once(method, url, headers, body, host)
            if response.status is None:
                self._health.failed(host, response.error, response.permanent, response.timed_out)
            retryable = response.status is not None and (response.status == 429 or response.status >= 500)
            if not retryable or attempt >= self._retries:
                return response
            delay = self._backoff * 2 ** attempt
            if response.retry_after is not None:
                delay = max(delay, min(response.retry_after, MAX_RETRY_AFTER))
            self._sleep(delay)
            attempt += 1

    def _once(self, method: str, url: str, headers: dict[str, str], body: bytes | None, host: str) -> Response:
        req = urllib.request.Request(url, data=body, method=method,
                                     headers={"User-Agent": USER_AGENT, **headers})
        try:
            with self._opener.open(req, timeout=self.timeout) as answer:
                return Response(host, answer.status, answer.read(MAX_BODY))
        except urllib.error.HTTPError as exc:
            with exc:
                return Response(host, exc.code, _read(exc), retry_after=_seconds(exc.headers.get("Retry-After")))
        except _Refused as exc:
            return Response(host, error=str(exc))
        except urllib.error.URLError as exc:
            return self._failure(exc.reason, host)
        except (OSError, http.client.HTTPException) as exc:
            return self._failure(exc, host)

    def _failure(self, reason: Any, host: str) -> Response:
        """A network failure in a few words (its text names hosts and causes, never headers)."""
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return Response(host, error=f"timed out after {self.timeout:g}s waiting for {host}", timed_out=True)
        if isinstance(reason, ssl.SSLCertVerificationError):
            return Response(host, error=f"TLS certificate of {host} not trusted: {reason.verify_message}",
                            permanent=True)
        if isinstance(reason, ssl.SSLError):
            return Response(host, error=f"TLS error with {host}: {reason.reason or reason}")
        if isinstance(reason, socket.gaierror):
            return Response(host, error=f"cannot resolve {host}: {reason.strerror}", permanent=True)
        if isinstance(reason, ConnectionRefusedError):
            return Response(host, error=f"connection to {host} refused", permanent=True)
        if isinstance(reason, OSError) and reason.strerror:
            unreachable = reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH)
            return Response(host, error=f"network error with {host}: {reason.strerror}", permanent=unreachable)
        return Response(host, error=f"network error with {host}: {type(reason).__name__}: {reason}")


def _read(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read(MAX_BODY)
    except (OSError, http.client.HTTPException):
        return b""


def _seconds(value: str | None) -> float | None:
    """Retry-After in seconds (the HTTP-date form is rare from APIs and treated as absent)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
