"""``leakscan audit triage | export | import``: decisions about secrets, kept in the store across runs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from leakscan.errors import UsageError


def store_option(fn: Any) -> Any:
    return click.option("--store", type=click.Path(dir_okay=False),
                        help="The findings store (default: the user's data folder, leakscan/audit.sqlite).")(fn)


def store_path(path: str | None) -> str:
    from leakscan.audit import default_store

    return path or str(default_store())


@click.command("triage")
@click.argument("fingerprint")
@click.option("--status", type=click.Choice(["false-positive", "revoked", "accepted-risk", "test-key"]))
@click.option("--reason", default="", help="Why (required with --status).")
@click.option("--expires", metavar="DATE", help="The triage lapses after this date (YYYY-MM-DD): the secret reopens.")
@click.option("--clear", is_flag=True, help="Remove the triage of this secret.")
@store_option
def triage(fingerprint: str, status: str | None, reason: str, expires: str | None, clear: bool,
           store: str | None) -> int:
    """Set (or --clear) the triage of a secret, by its fingerprint or a unique prefix of it."""
    from leakscan.audit import Triage, open_store
    from leakscan.audit import triage as tri
    from leakscan.audit.store import transaction

    if clear == bool(status):
        raise UsageError("give --status (with --reason) or --clear")
    tri.well_formed(fingerprint)
    if status:
        tri.check(status, reason, expires)
    db = open_store(store_path(store), create=False)
    fp = tri.resolve(db, fingerprint)
    with transaction(db):
        if clear:
            if not tri.clear(db, fp):
                raise UsageError(f"{fp[:16]}: has no triage")
        else:
            tri.set_triage(db, Triage(fp, status or "", reason, expires))
    print(f"{fp}: {'triage cleared' if clear else status}", file=sys.stderr)
    return 0


@click.command("export")
@store_option
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here (default: stdout).")
def export(store: str | None, output: str | None) -> int:
    """Triage as JSON, sorted by fingerprint, for review in a pull request."""
    from leakscan.audit import open_store
    from leakscan.audit import triage as tri

    text = tri.export(open_store(store_path(store), create=False))
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, allow_dash=True))
@store_option
def import_(file: str, store: str | None) -> int:
    """Triage from an export: entries replace the store's triage of the same secrets."""
    from leakscan.audit import open_store
    from leakscan.audit import triage as tri
    from leakscan.audit.store import transaction

    text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    entries = tri.parse_export(text, file)
    db = open_store(store_path(store))
    with transaction(db):
        for entry in entries:
            tri.set_triage(db, entry)
    print(f"leakscan: imported {len(entries)} triage entries", file=sys.stderr)
    return 0
