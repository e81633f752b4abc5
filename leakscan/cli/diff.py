"""``leakscan diff [PATCH | -]``: a unified diff; only added lines, with new-file line numbers."""

from __future__ import annotations

import click

from leakscan.cli.options import Common, common_options
from leakscan.cli.output import emit, stream_for
from leakscan.errors import SourceError


@click.command()
@click.argument("patch", required=False, default="-", type=click.Path(dir_okay=False, allow_dash=True))
@common_options
def diff(patch: str, common: Common) -> int:
    """Scan a patch (git diff, git log -p, git format-patch, diff -u; '-' or nothing reads stdin)."""
    import sys

    from leakscan.config import resolve_config
    from leakscan.scans.files import scan_fragments
    from leakscan.sources.diff import fragments, read_patch

    stream = stream_for(common, "diff")  # --format jsonl: each finding as soon as it is final
    limits = resolve_config(common.config).archives  # an archive a --binary patch carries is opened
    if patch == "-":
        result = scan_fragments(fragments(read_patch(sys.stdin.buffer), limits), common.config, engine=common.engine,
                                baseline=common.baseline, on_final=stream)
    else:
        try:
            fh = open(patch, "rb")  # noqa: SIM115 - closed below; a missing patch is one stderr line
        except OSError as exc:
            raise SourceError(f"cannot read {patch}: {exc.strerror or exc}") from None
        with fh:
            result = scan_fragments(fragments(read_patch(fh, patch), limits), common.config, engine=common.engine,
                                    baseline=common.baseline, on_final=stream)
    return emit(result, common, "diff", streamed=stream)
