"""``leakscan redact [FILE… | -] [-o OUT | --in-place]``: copy logs with every secret replaced."""

from __future__ import annotations

import functools
import os
import sys
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO, TypeVar

import click

from leakscan.engine.names import ENGINES
from leakscan.errors import SourceError, UsageError

if TYPE_CHECKING:
    from leakscan.detect import Detector

T = TypeVar("T")


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), help="Write the copy here (default: stdout).")
@click.option("--in-place", is_flag=True, help="Rewrite each file (atomically, after a complete fsynced copy).")
@click.option("--config", type=click.Path(dir_okay=False), help="Configuration file (rules, allowlists).")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True)
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes for files over 32 MiB (default 1).")
@click.option("--max-decode-depth", type=click.IntRange(0, 10),
              help="Undo base64, percent and escape encodings nested this deep (default 2; 0: none).")
def redact(files: tuple[str, ...], output: str | None, in_place: bool, config: str | None, engine: str,
           jobs: int | None, max_decode_depth: int | None) -> int:
    """Replace each secret with [REDACTED:<rule>:<fingerprint prefix>]; every other byte is kept.

    Reads stdin for '-' or no FILE, so it sits in a pipeline: app | leakscan redact - | shipper.
    The count of secrets replaced goes to stderr.
    """
    from leakscan.config import resolve_config
    from leakscan.detect import Detector
    from leakscan.scans.redact import redact_in_place

    paths = list(files) or ["-"]
    if in_place and (output or "-" in paths):
        raise UsageError("--in-place rewrites named files: it takes neither -o nor stdin")
    from leakscan.scans.files import with_depths

    detector = Detector(with_depths(resolve_config(config), None, max_decode_depth), engine=engine)
    total: Counter[str] = Counter()
    for path in paths:
        if in_place:
            result = _checked(functools.partial(redact_in_place, detector, path, jobs=jobs), path)
            _report(path, result.counts, result.warnings)
            total.update(result.counts)
    if not in_place:
        total = _to_stream(detector, paths, output, jobs)
    if len(paths) > 1:
        _report("total", total, [])
    return 0


def _to_stream(detector: Detector, paths: list[str], output: str | None, jobs: int | None) -> Counter[str]:
    from leakscan.scans.redact import redact_reader
    from leakscan.sources import logs

    for path in paths:
        if output and path != "-" and os.path.exists(output) and os.path.samefile(output, path):
            raise UsageError(f"{output} is also an input: use --in-place to rewrite it")
    total: Counter[str] = Counter()
    try:
        out: BinaryIO = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    try:
        for path in paths:
            reader = _checked(functools.partial(logs.open_log, path), path)
            with reader:
                result = redact_reader(detector, reader, out, jobs=jobs)
            _report(reader.path, result.counts, result.warnings)
            total.update(result.counts)
    finally:
        if output:
            out.close()
    return total


def _checked(action: Callable[[], T], path: str) -> T:
    try:
        return action()
    except OSError as exc:
        raise SourceError(f"cannot redact {path}: {exc.strerror or exc}") from None


def _report(path: str, counts: dict[str, int], warnings: list[str]) -> None:
    for warning in warnings:
        print(f"leakscan: warning: {warning}", file=sys.stderr)
    detail = ", ".join(f"{n} {rule}" for rule, n in sorted(counts.items()))
    n = sum(counts.values())
    print(f"leakscan: {path}: redacted {n} secret{'s' if n != 1 else ''}" + (f" ({detail})" if detail else ""),
          file=sys.stderr)
