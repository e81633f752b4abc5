"""``leakscan hook``: the pre-commit entry (staged lines), the pre-push entry, and ``hook install``.

Kept light: nothing heavy is imported until a command runs, so a commit
waits for leakscan well under a second.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from leakscan.cli.options import Common, common_options
from leakscan.cli.output import emit_counted

if TYPE_CHECKING:
    from leakscan.model import ScanResult

REFUSED = ("leakscan: {what} refused: {n} secret(s) above. Remove each from the change (rotate it if it was "
           "ever pushed), or mark a false positive with `leakscan:allow <rule-id> <reason>` on its line.")


class _DefaultStaged(click.Group):
    """``leakscan hook [FILE…]`` means ``leakscan hook staged [FILE…]``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args[:1] not in (["--help"], ["-h"]) and (not args or args[0] not in self.commands):
            args = ["staged", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultStaged)
def hook() -> None:
    """Git hooks: scan what a commit or a push adds."""


def _report(result: ScanResult, common: Common, what: str) -> int:
    blocking = emit_counted(result, common, "hook")  # reported findings at --fail-on (after suppression)
    stats = result.stats
    kind = "bytes" if what == "files" else "bytes of added lines"
    print(f"leakscan: {what}: scanned {stats.files_scanned} file(s), {stats.bytes_scanned} {kind}", file=sys.stderr)
    if blocking:
        print(REFUSED.format(what=what, n=blocking), file=sys.stderr)
    return common.exit_code if blocking else 0


@hook.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=str))
@common_options
def staged(files: tuple[str, ...], common: Common) -> int:
    """Scan what a commit adds: the staged lines (all, or of FILES); under `pre-commit run`, the FILES
    it passes as they are on disk, or the range of PRE_COMMIT_FROM_REF/TO_REF."""
    from leakscan.scans.commits import hook_mode, scan_hook

    env = dict(os.environ)
    result = scan_hook(".", files, env, common.config, engine=common.engine, baseline=common.baseline)
    return _report(result, common, hook_mode(files, env))


@hook.command()
@click.argument("revisions", nargs=-1)
@common_options
def push(revisions: tuple[str, ...], common: Common) -> int:
    """Scan the commits being pushed (pre-commit's PRE_COMMIT_FROM_REF/TO_REF, or REVISIONS)."""
    from leakscan.scans.commits import push_revisions, scan_range

    revs = list(revisions) or push_revisions(dict(os.environ))
    return _report(scan_range(".", revs, common.config, engine=common.engine, baseline=common.baseline),
                   common, "push")


@hook.command()
@click.option("--force", is_flag=True,
              help="Add leakscan to a pre-commit hook it did not write (that hook keeps running, after leakscan).")
def install(force: bool) -> int:
    """Write .git/hooks/pre-commit to run `leakscan hook` on every commit."""
    from leakscan.hook_install import install as do_install

    path, chained = do_install(".", force)
    if chained:
        via = "" if chained == path else f" (git runs it through {chained})"
        print(f"leakscan: added to {path}, ahead of what it already runs{via}")
    else:
        print(f"leakscan: installed {path}")
    return 0
