"""``leakscan logs [FILE… | -]``: logs streamed in bounded memory, .gz and JSON lines included."""

from __future__ import annotations

import click

from leakscan.cli.options import Common, common_options
from leakscan.cli.output import emit, stream_for


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@common_options
def logs(files: tuple[str, ...], common: Common) -> int:
    """Scan log files ('-' or nothing reads stdin): plain, gzip, JSON lines; any size."""
    from leakscan.scans.logs import scan_logs

    stream = stream_for(common, "logs")  # --format jsonl: each finding as soon as it is final
    result = scan_logs(list(files) or ["-"], common.config, engine=common.engine, jobs=common.jobs,
                       baseline=common.baseline, on_final=stream)
    return emit(result, common, "logs", streamed=stream)
