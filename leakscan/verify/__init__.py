"""Live verification, opt-in (``--verify``): is a found key still active, and what does it control?

A stage after suppression: only the findings a scan kept are checked, each by
its provider's module (listed in :mod:`leakscan.verify.run`), and each gets a
:class:`leakscan.model.Verification`.  Nothing here is imported, and nothing is
sent anywhere, unless the user asks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leakscan.config import Config
    from leakscan.model import Finding, ScanResult


@dataclass(frozen=True)
class VerifyOptions:
    """Choices of the run, as opposed to the endpoints and limits of ``[verify]`` in the config."""

    allow_http: bool = False  # plain http endpoints: tests and local mirrors only
    only_verified: bool = False  # keep only findings proven live (verify_result)
    clock: Callable[[], float] = field(default=time.time)
    sleep: Callable[[float], None] = field(default=time.sleep)


def verify_findings(findings: Sequence[Finding], config: Config, options: VerifyOptions | None = None
                    ) -> list[Finding]:
    """The same findings, in order, each with its ``verification`` (one check per fingerprint)."""
    from leakscan.verify.run import Verifier
    from leakscan.verify.settings import VerifySettings

    return Verifier(config.verify or VerifySettings(), options or VerifyOptions()).verify(findings)


def verify_result(result: ScanResult, config: Config, options: VerifyOptions | None = None) -> ScanResult:
    """A scan's kept findings verified (suppressed ones are never sent), with a summary warning."""
    from leakscan.verify.run import verify_scan_result

    return verify_scan_result(result, config, options or VerifyOptions())


__all__ = ["VerifyOptions", "verify_findings", "verify_result"]
