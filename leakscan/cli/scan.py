"""``leakscan scan [PATH…]``: files and folders."""

from __future__ import annotations

import os

import click

from leakscan.cli.options import Common, common_options
from leakscan.cli.output import emit, stream_for
from leakscan.config import parse_size


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--max-file-size", help="Skip files larger than this (default 10MiB; e.g. 50MB).")
@click.option("--no-ignore", is_flag=True, help="Read no .gitignore: scan what it hides too (config excludes still apply).")
@click.option("--progress/--no-progress", default=None,
              help="A progress bar on stderr (default: on a terminal, after half a second; never with --quiet).")
@common_options
def scan(paths: tuple[str, ...], max_file_size: str | None, no_ignore: bool, progress: bool | None,
         common: Common) -> int:
    """Scan files and folders (default: the current folder), honouring .gitignore."""
    # a mistyped path must not pass a CI gate as "0 findings"
    if missing := [p for p in paths if not os.path.lexists(p)]:
        from leakscan.errors import UsageError as NoSuchPath

        raise NoSuchPath(f"no such file or folder: {missing[0]}")
    from leakscan.cli.progress import shown
    from leakscan.scans.files import scan_paths

    limit = parse_size(max_file_size, "--max-file-size", "--max-file-size") if max_file_size else None
    stream = stream_for(common, "scan")  # --format jsonl: each finding as soon as it is final
    with shown(progress, common.log_level == "error", "files") as meter:  # gone before the report is written
        result = scan_paths(list(paths) or ["."], common.config, engine=common.engine, jobs=common.jobs,
                            max_file_size=limit, baseline=common.baseline, gitignore=not no_ignore,
                            on_final=stream, progress=meter)
    return emit(result, common, "scan", streamed=stream)
