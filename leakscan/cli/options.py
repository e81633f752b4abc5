"""Options every scanning command shares, and the one way their results become output and an exit code."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

from leakscan import __version__
from leakscan.engine.names import ENGINES
from leakscan.errors import UsageError
from leakscan.model import SEVERITIES
from leakscan.report import FORMATS, ReportOptions

FAIL_ON = (*SEVERITIES, "never")


@dataclass(frozen=True)
class Common:
    fmt: str
    output: str | None
    config: str | None
    fail_on: str
    baseline: str | None
    jobs: int | None
    color: bool
    show_secrets: bool
    show_suppressed: bool
    engine: str
    allow_skipped: bool = False
    fail_on_skipped: bool = False
    verify: VerifyChoice | None = None  # None: no live checks (the default)


@dataclass(frozen=True)
class VerifyChoice:
    """``--verify`` and its companions; ``--only-verified`` and ``--fail-on-verified`` imply ``--verify``."""

    allow_http: bool = False
    only_verified: bool = False
    fail_on_verified: bool = False


def _verify_choice(verify: bool, allow_http: bool, only_verified: bool, fail_on_verified: bool
                   ) -> VerifyChoice | None:
    if not (verify or only_verified or fail_on_verified):
        if allow_http:
            raise UsageError("--verify-allow-http applies only with --verify")
        return None
    return VerifyChoice(allow_http, only_verified, fail_on_verified)


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Adds the shared options and passes them on as one ``common`` argument."""
    options = [
        click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
                     help="Report format."),
        click.option("--output", "-o", "output", type=click.Path(dir_okay=False), help="Write the report here."),
        click.option("--config", "config", type=click.Path(dir_okay=False),
                     help="Configuration file (default: .leakscan.toml or [tool.leakscan] beside the scanned tree)."),
        click.option("--fail-on", type=click.Choice(FAIL_ON), default="low", show_default=True,
                     help="Exit 1 when a finding is at or above this severity."),
        click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings not in this baseline."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: CPU count)."),
        click.option("--no-color", is_flag=True, help="Plain text output."),
        click.option("--show-secrets", is_flag=True, help="Print secrets whole (never the default)."),
        click.option("--show-suppressed", is_flag=True, help="List suppressed findings and why."),
        click.option("--engine", type=click.Choice(ENGINES), default="auto",
                     show_default=True, help="Matcher: Hyperscan, or the pure regex fallback."),
        click.option("--allow-skipped", is_flag=True,
                     help="Pass even when something could not be read (a corrupt object): the scan is incomplete."),
        click.option("--fail-on-skipped", is_flag=True,
                     help="Fail (exit 2) when anything at all was skipped: binary, too large, unreadable."),
        click.option("--verify", is_flag=True,
                     help="Check found keys live against their provider's configured endpoint (network; opt-in)."),
        click.option("--verify-allow-http", is_flag=True, help="Let --verify use plain-http endpoints (tests, local mirrors)."),
        click.option("--only-verified", is_flag=True, help="Report only findings --verify proves live."),
        click.option("--fail-on-verified", is_flag=True,
                     help="Exit 1 only for findings --verify proves live or cannot check (at or above --fail-on)."),
    ]

    @functools.wraps(fn)
    def wrapper(*args: Any, fmt: str, output: str | None, config: str | None, fail_on: str,
                baseline: str | None, jobs: int | None, no_color: bool, show_secrets: bool,
                show_suppressed: bool, engine: str, allow_skipped: bool, fail_on_skipped: bool, verify: bool,
                verify_allow_http: bool, only_verified: bool, fail_on_verified: bool, **kwargs: Any) -> Any:
        if engine == "hyperscan":
            from leakscan.engine.matcher import hyperscan_available

            if not hyperscan_available():
                raise UsageError("--engine hyperscan: the hyperscan package is not installed here; use --engine regex")
        use_color = not no_color and output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        if allow_skipped and fail_on_skipped:
            raise UsageError("--allow-skipped and --fail-on-skipped are exclusive")
        common = Common(fmt, output, config, fail_on, baseline, jobs, use_color, show_secrets,
                        show_suppressed, engine, allow_skipped, fail_on_skipped,
                        _verify_choice(verify, verify_allow_http, only_verified, fail_on_verified))
        return fn(*args, common=common, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def report_options(common: Common, command: str) -> ReportOptions:
    return ReportOptions(
        show_secrets=common.show_secrets,
        color=common.color,
        show_suppressed=common.show_suppressed,
        fail_on=common.fail_on,
        tool_version=__version__,
        command=command,
    )
