"""``leakscan audit REPO… | --repos-file F`` and its ``report``, ``triage``, ``export``, ``import`` commands."""

from __future__ import annotations

import sys
from typing import Any

import click

from leakscan.cli import audit_triage as triage_commands
from leakscan.cli.audit_triage import store_option, store_path
from leakscan.cli.options import FAIL_ON
from leakscan.errors import UsageError

_FORMATS = ("text", "json", "sarif", "csv", "html")


class _AuditGroup(click.Group):
    """``leakscan audit REPO…`` runs an audit; a first word naming a subcommand runs that instead."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["run", *args]
        return super().parse_args(ctx, args)


def _report_options(fn: Any) -> Any:
    for option in reversed([
        click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text", show_default=True),
        click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here."),
        click.option("--fail-on", type=click.Choice(FAIL_ON), default="low", show_default=True,
                     help="Exit 1 when a new or reintroduced untriaged secret is at or above this severity."),
        click.option("--fail-on-verified", is_flag=True,
                     help="Exit 1 only for those a live check proved valid or could not answer (unknown)."),
    ]):
        fn = option(fn)
    return fn


@click.group(cls=_AuditGroup)
def audit() -> None:
    """Audit many repositories' full history into a findings store: new / open / fixed / reintroduced.

    leakscan audit REPO… [--repos-file FILE] runs an audit (REPO: a path, a bare repository or a clone URL;
    its options: leakscan audit run --help); `leakscan audit report` shows a run again.
    """


@audit.command("run")
@click.argument("repos", nargs=-1)
@click.option("--repos-file", type=click.Path(dir_okay=False), help="Repositories, one a line (# comments).")
@store_option
@click.option("--cache", type=click.Path(file_okay=False), help="Where clone URLs are mirrored (default: ~/.cache/leakscan/mirrors).")
@click.option("--all-objects", is_flag=True, help="Also scan unreachable objects.")
@click.option("--config", type=click.Path(dir_okay=False, exists=True),
              help="Configuration for every repository (the audited repositories' own configs are not read).")
@click.option("--engine", type=click.Choice(["auto", "hyperscan", "regex"]), default="auto", show_default=True)
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Processes per history scan (default: CPU count).")
@click.option("--local-cluster", type=click.IntRange(min=1), metavar="N", help="Run repositories on a Dask LocalCluster of N workers.")
@click.option("--dask-scheduler", metavar="ADDR", help="Run repositories on this Dask scheduler (tcp://HOST:8786).")
@click.option("--progress/--no-progress", default=None, help="Progress on stderr (default: only on a terminal).")
@click.option("--verify", is_flag=True, help="Check found secrets live (and open ones again) against the "
              "provider hosts --config names; results kept in the store (implied by --fail-on-verified).")
@click.option("--verify-allow-http", is_flag=True, help="Let --verify use plain-http endpoints (tests, local mirrors).")
@_report_options
def run(repos: tuple[str, ...], repos_file: str | None, store: str | None, cache: str | None, all_objects: bool,
        config: str | None, engine: str, jobs: int | None, local_cluster: int | None, dask_scheduler: str | None,
        progress: bool | None, verify: bool, verify_allow_http: bool, fmt: str, output: str | None,
        fail_on: str, fail_on_verified: bool) -> int:
    """Audit repositories now, write the store, and report this run."""
    from leakscan.audit import AuditOptions, run_audit, targets
    from leakscan.audit import progress as bars
    from leakscan.audit.repos import default_cache

    if local_cluster and dask_scheduler:
        raise UsageError("--local-cluster and --dask-scheduler are exclusive")
    verify = verify or fail_on_verified
    if verify_allow_http and not verify:
        raise UsageError("--verify-allow-http applies only with --verify")
    chosen = targets(repos, repos_file)
    options = AuditOptions(store=store_path(store), cache=cache or str(default_cache()), config=config,
                           engine=engine, all_objects=all_objects, jobs=jobs, verify=verify,
                           verify_allow_http=verify_allow_http)
    executor = None
    if local_cluster or dask_scheduler:
        from leakscan.audit.cluster import Dask

        executor = Dask(dask_scheduler, local_cluster)
    with bars.bar(len(chosen), bars.wanted(progress)) as advance:
        run_id = run_audit(options, chosen, executor, advance)
    return _show(options.store, run_id, None, fmt, output, fail_on, fail_on_verified, errors=True)


@audit.command("report")
@store_option
@click.option("--run", "run_id", type=int, help="The run to report (default: the latest).")
@click.option("--since", metavar="DATE", help="Compare with the audits made before DATE (YYYY-MM-DD), not the last one.")
@_report_options
def report(store: str | None, run_id: int | None, since: str | None, fmt: str, output: str | None, fail_on: str,
           fail_on_verified: bool) -> int:
    """Report a run from the store (no repository is read)."""
    if since:
        from datetime import date

        try:
            date.fromisoformat(since[:10])
        except ValueError:
            raise UsageError(f"--since {since!r}: not a date (YYYY-MM-DD)") from None
    return _show(store_path(store), run_id, since, fmt, output, fail_on, fail_on_verified)


def _show(store: str, run_id: int | None, since: str | None, fmt: str, output: str | None, fail_on: str,
          verified_only: bool, errors: bool = False) -> int:
    from leakscan.audit import build_report as build
    from leakscan.audit import open_store
    from leakscan.audit.report import failing, render, summary

    db = open_store(store, create=False)
    result = build(db, run_id, since)
    db.close()
    text = render(fmt, result, fail_on)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
        by = summary(result, fail_on)["by_status"]
        assert isinstance(by, dict)
        print(f"leakscan audit: run {result.run.id}: {by['new']} new, {by['reintroduced']} reintroduced, "
              f"{by['open']} open, {by['fixed']} fixed; written to {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    failed = [r for r in result.repos if r.status == "failed"]
    for r in failed if fmt != "text" or output else ():
        print(f"leakscan: audit of {r.location} failed: {r.reason}", file=sys.stderr)
    if errors and failed:
        print(f"leakscan: {len(failed)} of {len(result.repos)} repositories could not be audited", file=sys.stderr)
        return 2
    gate = failing(result, fail_on, verified_only)
    if verified_only:  # the report's counts are by severity: say what the exit status counted
        print(f"leakscan: --fail-on-verified: the exit status counts {len(gate)} of {len(failing(result, fail_on))} "
              f"new secret(s) at or above {fail_on}: those proven live or whose check got no answer", file=sys.stderr)
    return 1 if gate else 0


for _command in (triage_commands.triage, triage_commands.export, triage_commands.import_):
    audit.add_command(_command)
