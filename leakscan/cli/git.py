"""``leakscan git [REPO] [--since REF | --range A..B] [--all-objects]``: history audits and PR gates."""

from __future__ import annotations

import click

from leakscan.cli.options import Common, common_options
from leakscan.cli.output import emit
from leakscan.config import parse_size
from leakscan.errors import UsageError


@click.command()
@click.argument("repo", required=False, default=".", type=click.Path(path_type=str))
@click.option("--since", metavar="REF", help="Only what the commits after REF (up to HEAD) added.")
@click.option("--range", "rev_range", metavar="A..B", help="Only what the commits of A..B added (a pull request).")
@click.option("--all-objects", is_flag=True, help="Also scan unreachable objects (dangling blobs still leak).")
@click.option("--max-file-size", help="Skip blobs larger than this (default 10MiB; e.g. 50MB).")
@click.option("--progress/--no-progress", default=None,
              help="A progress bar on stderr for a full history (default: on a terminal, after half a second; "
              "never with --quiet).")
@common_options
def git(repo: str, since: str | None, rev_range: str | None, all_objects: bool, max_file_size: str | None,
        progress: bool | None, common: Common) -> int:
    """Scan a repository's history: every commit reachable from any ref, each blob once."""
    limit = parse_size(max_file_size, "--max-file-size", "--max-file-size") if max_file_size else None
    if since and rev_range:
        raise UsageError("--since and --range are exclusive")
    if since or rev_range:
        if all_objects:
            raise UsageError("--all-objects applies to full-history scans, not to --since/--range")
        from leakscan.scans.commits import scan_range

        result = scan_range(repo, rev_range or f"{since}..HEAD", common.config, engine=common.engine,
                            max_file_size=limit, baseline=common.baseline)
    else:
        from leakscan.cli.progress import shown
        from leakscan.scans.history import scan_history

        with shown(progress, common.log_level == "error", "blobs") as meter:  # gone before the report
            result = scan_history(repo, common.config, all_objects=all_objects, engine=common.engine,
                                  jobs=common.jobs, max_file_size=limit, baseline=common.baseline,
                                  progress=meter)
    return emit(result, common, "git")
