"""``leakscan explain FINGERPRINT|PATH:LINE [ROOT]``: which rule, validator, policy row and suppression."""

from __future__ import annotations

import os

import click

from leakscan.engine.names import ENGINES
from leakscan.errors import UsageError


@click.command()
@click.argument("target")
@click.argument("root", required=False, default=".", type=click.Path(path_type=str))
@click.option("--git", "use_git", is_flag=True, help="Look for a fingerprint in ROOT's history, not its files.")
@click.option("--baseline", type=click.Path(dir_okay=False),
              help="Baseline to consult (default: .leakscan-baseline.json in ROOT or above it, when present).")
@click.option("--config", type=click.Path(dir_okay=False), help="Configuration file.")
@click.option("--engine", type=click.Choice(ENGINES), default="auto")
def explain(target: str, root: str, use_git: bool, baseline: str | None, config: str | None, engine: str) -> int:
    """Say why a finding was reported or suppressed (or why a line has none).

    TARGET is a fingerprint (a prefix of 8+ hex digits will do) searched for under
    ROOT (default: the current folder), or PATH:LINE.
    """
    from leakscan.cli.baseline import current_findings
    from leakscan.cli.options import default_baseline
    from leakscan.config import resolve_config
    from leakscan.scans import explain as ex
    from leakscan.scans.files import scan_paths
    from leakscan.suppress.apply import Decider
    from leakscan.suppress.stored import suppressions

    path, line = ex.parse_target(target)
    if line is None and not ex.is_fingerprint(path):
        raise UsageError(f"not a fingerprint or PATH:LINE: {target}")
    if line is not None and not os.path.isfile(path):
        raise UsageError(f"no such file: {path}")
    where = path if line is not None else root
    baseline = baseline or default_baseline(where)
    cfg = resolve_config(config, where)
    supp = suppressions(cfg, root=where, baseline=baseline)
    decider = Decider(supp)
    if line is not None:
        result = scan_paths([path], cfg, engine=engine, jobs=1, baseline=supp.baseline, ignore=supp.ignore or False)
        found = ex.matching([*result.findings, *(s.finding for s in result.suppressed)], None, None, line)
    else:
        found = ex.matching(current_findings(root, use_git, config, engine, None, apply_ignore=False),
                            path, None, None)
    lines: list[str] = []
    for finding in found:
        lines.extend(ex.explain_finding(finding, decider))
    if line is not None and not found:
        lines.extend(_why_not(path, line, cfg, engine))
    if line is None:
        lines.extend(ex.explain_entries(path, supp) if not found else [])
        if not lines:
            lines.append(f"no finding with fingerprint {path} under {root}")
    click.echo("\n".join(lines))
    return 0 if found else 1


def _why_not(path: str, line: int, cfg, engine: str) -> list[str]:  # type: ignore[no-untyped-def]
    from leakscan.model import Fragment
    from leakscan.scans import explain as ex

    with open(path, "rb") as fh:
        fragment = Fragment(fh.read(), path)
    rejected = ex.rejected_on_line(fragment, line, cfg, engine)
    return [f"no finding at {path}:{line}", *(f"  {r}" for r in rejected)] if rejected else [
        f"no finding at {path}:{line}: no rule matches that line"]
