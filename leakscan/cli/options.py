"""Options every scanning command shares, and the one way their results become output and an exit code."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from leakscan import __version__
from leakscan.engine.names import ENGINES
from leakscan.errors import UsageError
from leakscan.model import SEVERITIES
from leakscan.report import FORMATS, ReportOptions

if TYPE_CHECKING:
    from leakscan.config import Config

FAIL_ON = (*SEVERITIES, "never")


@dataclass(frozen=True)
class Common:
    fmt: str
    output: str | None
    config: str | Config | None  # a Config when --exclude/--disable-rule/--enable-rule changed it
    fail_on: str
    baseline: str | None
    jobs: int | None
    color: bool
    show_secrets: bool
    show_suppressed: bool
    engine: str
    exit_code: int = 1  # the status when findings reach --fail-on
    log_level: str = "warning"
    reports: tuple[tuple[str, str], ...] = ()  # --report FORMAT=FILE: more formats from the same scan
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

    @functools.wraps(fn)
    def wrapper(*args: Any, fmt: str, output: str | None, config: str | None, fail_on: str,
                baseline: str | None, no_baseline: bool, jobs: int | None, no_color: bool, show_secrets: bool,
                show_suppressed: bool, engine: str, allow_skipped: bool, fail_on_skipped: bool, verify: bool,
                verify_allow_http: bool, only_verified: bool, fail_on_verified: bool, **kwargs: Any) -> Any:
        if engine == "hyperscan":
            from leakscan.engine.matcher import hyperscan_available

            if not hyperscan_available():
                raise UsageError("--engine hyperscan: the hyperscan package is not installed here; use --engine regex")
        if allow_skipped and fail_on_skipped:
            raise UsageError("--allow-skipped and --fail-on-skipped are exclusive")
        if baseline and no_baseline:
            raise UsageError("--baseline and --no-baseline are exclusive")
        if baseline is None and not no_baseline:
            baseline = default_baseline(scan_root(kwargs))
        changed, extra = conventions(kwargs, config)
        use_color = not no_color and output is None and wants_color(sys.stdout.isatty(), os.environ)
        common = Common(fmt, output, changed, fail_on, baseline, jobs, use_color, show_secrets,
                        show_suppressed, engine, **extra, allow_skipped=allow_skipped,
                        fail_on_skipped=fail_on_skipped,
                        verify=_verify_choice(verify, verify_allow_http, only_verified, fail_on_verified))
        return fn(*args, common=common, **kwargs)

    for option in reversed([*_shared_options(), *_convention_options()]):
        wrapper = option(wrapper)
    return wrapper


def _shared_options() -> list[Callable[[Callable[..., Any]], Callable[..., Any]]]:
    return [
        click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
                     help="Report format."),
        click.option("--output", "-o", "output", type=click.Path(dir_okay=False), help="Write the report here."),
        click.option("--config", "config", type=click.Path(dir_okay=False),
                     help="Configuration file (default: .leakscan.toml or [tool.leakscan] beside the scanned tree)."),
        click.option("--fail-on", type=click.Choice(FAIL_ON), default="low", show_default=True,
                     help="Exit 1 when a finding is at or above this severity."),
        click.option("--baseline", type=click.Path(dir_okay=False),
                     help="Report only findings not in this baseline (default: .leakscan-baseline.json in the "
                          "scanned folder or above it, up to the repository's top, when present)."),
        click.option("--no-baseline", is_flag=True, help="Use no baseline, not even the default one."),
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


def _convention_options() -> list[Callable[[Callable[..., Any]], Callable[..., Any]]]:
    """What users of gitleaks and friends expect on every scanning command (see :func:`conventions`)."""
    return [
        click.option("--report", "reports", multiple=True, metavar="FORMAT=FILE",
                     help="Also write FORMAT to FILE from the same scan (repeatable; FILE - is stdout)."),
        click.option("--exit-code", type=click.IntRange(0, 125), default=1, show_default=True,
                     help="Exit status when findings reach --fail-on (2 stays: an error)."),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Skip paths matching this gitignore-style glob (repeatable; adds to [scan] exclude)."),
        click.option("--disable-rule", multiple=True, metavar="RULE", help="Do not run this rule (repeatable)."),
        click.option("--enable-rule", multiple=True, metavar="RULE",
                     help="Run only these rules (repeatable; rules they fall back to, e.g. generic-jwt, are off)."),
        click.option("--max-archive-depth", type=click.IntRange(0, 10),
                     help="Open archives (zip, jar, apk, tar, .gz, …) nested this deep (default 3; 0: none)."),
        click.option("--max-decode-depth", type=click.IntRange(0, 10),
                     help="Undo base64, percent and escape encodings nested this deep (default 2; 0: none)."),
        click.option("--verbose", "-v", count=True,
                     help="Say more on stderr: -v what was scanned, -vv each skip and suppression."),
        click.option("--quiet", "-q", is_flag=True,
                     help="Only the report and errors: no summary or warning lines on stderr."),
        click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
                     help="Diagnostics on stderr (default: $LEAKSCAN_LOG, else warning)."),
    ]


def conventions(kwargs: dict[str, Any], config: str | None) -> tuple[str | Config | None, dict[str, Any]]:
    """Takes the convention options out of ``kwargs``: the config they change, and Common's extra fields."""
    reports, exit_code = kwargs.pop("reports"), kwargs.pop("exit_code")
    exclude, disable, enable = kwargs.pop("exclude"), kwargs.pop("disable_rule"), kwargs.pop("enable_rule")
    verbose, quiet, log_level = kwargs.pop("verbose"), kwargs.pop("quiet"), kwargs.pop("log_level")
    depths = {key: value for key in ("max_archive_depth", "max_decode_depth")
              if (value := kwargs.pop(key)) is not None}
    if exit_code == 2:
        raise UsageError("--exit-code 2: that status means an error; choose another")
    from leakscan.cli.verbosity import level_name

    extra = {"exit_code": exit_code, "log_level": level_name(verbose, quiet, log_level),
             "reports": tuple(parse_report(r) for r in reports)}
    if not (exclude or disable or enable or depths):
        return config, extra
    from leakscan.cli.overrides import apply_overrides

    return apply_overrides(config, scan_root(kwargs), exclude, disable, enable, depths), extra


def default_baseline(root: str) -> str | None:
    """One rule for every command (``explain`` too): the baseline beside the scanned tree, when present."""
    from leakscan.suppress.stored import find_baseline

    found = find_baseline(root)
    if found is None:
        return None
    try:
        return os.path.relpath(found)  # named as the user would type it, in warnings and -v
    except ValueError:  # another drive
        return str(found)


def scan_root(kwargs: dict[str, Any]) -> str:
    """Where the library looks for the config (and the baseline): the scanned tree."""
    paths = kwargs.get("paths") or ()
    return str(paths[0] if paths else kwargs.get("repo") or kwargs.get("path") or ".")


def parse_report(value: str) -> tuple[str, str]:
    fmt, sep, path = value.partition("=")
    if not sep or not path or fmt not in FORMATS:
        raise UsageError(f"--report {value}: expected FORMAT=FILE with FORMAT one of {', '.join(sorted(FORMATS))}")
    return fmt, path


def wants_color(tty: bool, env: os._Environ[str] | dict[str, str]) -> bool:
    """NO_COLOR (no-color.org) wins; FORCE_COLOR (force-color.org) colours a pipe or TERM=dumb; else a tty not dumb."""
    if "NO_COLOR" in env:
        return False
    if env.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    return tty and env.get("TERM") != "dumb"


def report_options(common: Common, command: str) -> ReportOptions:
    return ReportOptions(
        show_secrets=common.show_secrets,
        color=common.color,
        show_suppressed=common.show_suppressed,
        fail_on=common.fail_on,
        tool_version=__version__,
        command=command,
    )
