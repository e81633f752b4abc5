"""``leakscan logs [FILE… | -]``: logs streamed in bounded memory, .gz and JSON lines included."""

from __future__ import annotations

import click

from leakscan.cli.options import Common, common_options
from leakscan.cli.output import emit


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@common_options
def logs(files: tuple[str, ...], common: Common) -> int:
    """Scan log files ('-' or nothing reads stdin): plain, gzip, JSON lines; any size."""
    from leakscan.scans.logs import scan_logs

    result = scan_logs(list(files) or ["-"], common.config, engine=common.engine, jobs=common.jobs,
                       baseline=common.baseline)
    return emit(result, common, "logs")
