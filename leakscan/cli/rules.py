"""``leakscan rules list|check``: the rules in force, and their examples run through the pipeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from leakscan.engine.names import ENGINES
from leakscan.errors import LeakscanError

if TYPE_CHECKING:
    from leakscan.config import Config


@click.group()
def rules() -> None:
    """List the rules, or check every rule against its examples."""


def _config(path: str | None) -> Config:
    from leakscan.config import resolve_config

    return resolve_config(path)


@rules.command("list")
@click.option("--config", type=click.Path(dir_okay=False))
def list_rules(config: str | None) -> int:
    """Show each rule: id, default severity, validator, title."""
    cfg = _config(config)
    width = max(len(r.id) for r in cfg.rules)
    for rule in cfg.rules:
        click.echo(f"{rule.id:<{width}}  {rule.severity:<8}  {rule.validator:<15}  {rule.title}")
    return 0


@rules.command("check")
@click.option("--config", type=click.Path(dir_okay=False))
@click.option("--engine", type=click.Choice(ENGINES), default="auto")
def check(config: str | None, engine: str) -> int:
    """Run every positive and negative example of every rule through the full pipeline."""
    from leakscan.scans.rules_check import check_rules

    cfg = _config(config)
    problems = check_rules(cfg, engine=engine)
    for problem in problems:
        click.echo(f"FAIL {problem.rule_id}: {problem.message}")
    total = sum(len(r.examples) + len(r.negative_examples) for r in cfg.rules)
    click.echo(f"{len(cfg.rules)} rules, {total} examples, {len(problems)} problems")
    if problems:
        raise LeakscanError.__new__(_Failed)
    return 0


class _Failed(LeakscanError):
    exit_code = 1

    def __str__(self) -> str:
        return "rule examples failed"
