"""``leakscan policy``: the effective usage table (after configuration), and how files are judged."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from leakscan.errors import UsageError

if TYPE_CHECKING:
    from leakscan.config import Config


@click.command()
@click.option("--config", type=click.Path(dir_okay=False), help="Configuration file (default: the one beside .).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--explain", "explain", multiple=True, type=click.Path(dir_okay=False),
              help="Say whether FILE is judged client-side, and why (repeatable).")
def policy(config: str | None, fmt: str, explain: tuple[str, ...]) -> int:
    """Print the severity table in force: key x client-side code / anywhere else."""
    from leakscan.config import resolve_config
    from leakscan.policy import usage
    from leakscan.policy.publicvars import PublicVars

    cfg = resolve_config(config)
    if explain:
        return _explain(cfg, explain, fmt)
    overridden = {k for k, row in cfg.policy.items() if usage.DEFAULT_TABLE.get(k) != row}
    unlisted = sorted(r.id for r in cfg.rules if usage.lookup(cfg.policy, r.id, "secret", "live") is None)
    public = PublicVars.with_extra(cfg.client_side.public_prefixes)
    if fmt == "json":
        doc = {
            "source": cfg.source,
            "rows": {k: {"client": r.client, "elsewhere": r.elsewhere, "note": r.note,
                         "configured": k in overridden} for k, r in cfg.policy.items()},
            "modifiers": list(usage.MODIFIERS),
            "rule_severity_rows": {r.id: r.severity for r in cfg.rules if r.id in unlisted},
            "public_prefixes": public.prefixes,
        }
        click.echo(json.dumps(doc, indent=2))
        return 0
    for line in _table_lines(cfg, overridden, unlisted, public.prefixes):
        click.echo(line)
    return 0


def _table_lines(cfg: Config, overridden: set[str], unlisted: list[str], prefixes: dict[str, str]) -> list[str]:
    from leakscan.policy.usage import MODIFIERS

    width = max(len(k) for k in cfg.policy) + 2
    out = [f"usage table in force ({cfg.source}):", f"  {'row':<{width}}{'client':<10}{'elsewhere':<11}note"]
    for key, row in cfg.policy.items():
        mark = "*" if key in overridden else " "
        out.append(f"{mark} {key:<{width}}{row.client:<10}{row.elsewhere:<11}{row.note}")
    if overridden:
        out.append("  (* set by configuration)")
    for rule_id in unlisted:
        rule = cfg.rule(rule_id)
        out.append(f"  {rule_id}: no row; its own severity ({rule.severity if rule else '?'}) in both places")
    out.append("modifiers:")
    out.extend(f"  - {text}" for text in MODIFIERS)
    out.append("build-time public variables (client-side wherever assigned): "
               + ", ".join(f"{p}* ({who})" for p, who in prefixes.items()))
    return out


def _explain(cfg: Config, paths: tuple[str, ...], fmt: str) -> int:
    """File-level judgement: path and whole-file content (value bindings need a finding)."""
    from leakscan.model import Fragment
    from leakscan.policy.context import build_judge
    from leakscan.policy.signals import decide

    judge = build_judge(cfg.client_side)
    out = []
    for path in paths:
        try:
            with open(path, "rb") as fh:
                data = fh.read(cfg.max_file_size)
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}") from None
        fragment = Fragment(data, path.replace("\\", "/").removeprefix("./"), disk_path=path)
        decision = decide(judge.file_signals(fragment), fragment.path) if cfg.client_side.enabled else None
        out.append({"path": fragment.path, "client_side": bool(decision and decision.client_side),
                    "reason": decision.reason if decision else "client-side analysis is disabled"})
    if fmt == "json":
        click.echo(json.dumps(out, indent=2))
    for item in out if fmt == "text" else ():
        side = "client-side" if item["client_side"] else "not client-side"
        click.echo(f"{side}: {item['reason']}")
    return 0
