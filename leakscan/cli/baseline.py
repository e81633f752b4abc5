"""``leakscan baseline create|update``: record the findings a team accepts, and prune the record.

The scan that feeds a baseline respects inline pragmas, config allowlists and
unexpired ``.leakscanignore`` entries (an ignored finding must not outlive its
expiry by hiding in the baseline).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from leakscan.engine.names import ENGINES
from leakscan.errors import UsageError
from leakscan.model import Finding

F = TypeVar("F", bound=Callable[..., Any])

_scan_options = [
    click.argument("path", required=False, default=".", type=click.Path(path_type=str)),
    click.option("--git", "use_git", is_flag=True, help="Scan the repository's history (leakscan git), not files."),
    click.option("--config", type=click.Path(dir_okay=False), help="Configuration file."),
    click.option("--engine", type=click.Choice(ENGINES), default="auto"),
    click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes."),
]


def scan_options(fn: F) -> F:
    for option in reversed(_scan_options):
        fn = option(fn)
    return fn


def default_file(path: str) -> str:
    """Beside the scanned folder (the repository), where it is committed and reviewed."""
    from leakscan.suppress.baseline import BASELINE_NAME

    folder = path if os.path.isdir(path) else os.path.dirname(path) or "."
    return os.path.normpath(os.path.join(folder, BASELINE_NAME))


def current_findings(path: str, use_git: bool, config: str | None, engine: str, jobs: int | None,
                     apply_ignore: bool = True) -> list[Finding]:
    """What the scan reports now, ignore file applied (unless asked not to), baseline not."""
    if use_git:
        from leakscan.scans.history import scan_history

        result = scan_history(path, config, engine=engine, jobs=jobs)
    else:
        from leakscan.scans.files import scan_paths

        if not os.path.exists(path):
            raise UsageError(f"no such file or folder: {path}")
        result = scan_paths([path], config, engine=engine, jobs=jobs)
    if apply_ignore:
        return result.findings
    return [*result.findings, *(s.finding for s in result.suppressed)]


@click.group()
def baseline() -> None:
    """Create or prune the baseline of accepted findings (.leakscan-baseline.json)."""


@baseline.command("create")
@scan_options
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Default: PATH/.leakscan-baseline.json.")
@click.option("--reason", help="Why these findings are accepted (default: present when created).")
def create(path: str, use_git: bool, config: str | None, engine: str, jobs: int | None,
           output: str | None, reason: str | None) -> int:
    """Write a baseline of every finding in PATH (default: the current folder) or its history.

    Re-creating keeps the reasons of entries already in the file.
    """
    from leakscan.suppress import baseline as baselines

    target = output or default_file(path)
    found = current_findings(path, use_git, config, engine, jobs)
    new = baselines.from_findings(found, reason or baselines.DEFAULT_REASON, source=target,
                                  scope="git" if use_git else "files")
    if os.path.exists(target) and not reason:
        new = baselines.carry_reasons(new, baselines.load(target))
    baselines.save(new, target)
    click.echo(f"{target}: {len(new.entries)} entries ({len(found)} findings)")
    return 0


@baseline.command("update")
@scan_options
@click.option("--baseline", "-b", "file", type=click.Path(dir_okay=False),
              help="Default: PATH/.leakscan-baseline.json.")
@click.option("--add-new", is_flag=True, help="Also add findings not yet in the baseline.")
@click.option("--reason", help="Reason for added entries.")
def update(path: str, use_git: bool, config: str | None, engine: str, jobs: int | None,
           file: str | None, add_new: bool, reason: str | None) -> int:
    """Drop entries that no longer occur (and say which); refresh their paths.

    A baseline created with --git is checked against the history again, --git or not.
    """
    from leakscan.suppress import baseline as baselines

    target = file or default_file(path)
    if not Path(target).is_file():
        raise UsageError(f"no baseline at {target} (create one with: leakscan baseline create)")
    current = baselines.load(target)
    found = current_findings(path, use_git or current.scope == "git", config, engine, jobs)
    change = baselines.update(current, found, add_new=add_new, reason=reason or baselines.DEFAULT_REASON)
    for entry in change.removed:
        click.echo(f"removed {entry.fingerprint[:12]} {entry.rule_id} {', '.join(entry.paths)}: no longer found")
    for entry in change.added:
        click.echo(f"added {entry.fingerprint[:12]} {entry.rule_id} {', '.join(entry.paths)}")
    baselines.save(change.baseline, target)
    click.echo(f"{target}: {len(change.baseline.entries)} entries, {len(change.removed)} removed, "
               f"{len(change.added)} added")
    return 0
