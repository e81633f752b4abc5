"""``leakscan hook install``: a plain git pre-commit hook for repositories without the pre-commit framework.

Never replaces a hook leakscan did not write unless asked, and then keeps it
beside the new one.
"""

from __future__ import annotations

import os
import shlex
import stat
import sys

from leakscan.errors import UsageError
from leakscan.sources.gitcmd import open_repo

MARKER = "# leakscan pre-commit hook"
SCRIPT = """#!/bin/sh
{marker} (written by `leakscan hook install`; delete this file to remove it)
if [ -x {python} ]; then exec {python} -m leakscan hook staged; fi
exec leakscan hook staged
"""


def hook_path(repo_path: str = ".") -> str:
    """Where git looks for the pre-commit hook (core.hooksPath and worktrees honoured)."""
    repo = open_repo(repo_path)
    hooks = repo.run("rev-parse", "--git-path", "hooks").decode("utf-8", "surrogateescape").strip()
    return os.path.join(repo.root if not os.path.isabs(hooks) else "", hooks, "pre-commit")


def _backup_name(path: str) -> str:
    candidate, n = f"{path}.backup", 1
    while os.path.exists(candidate):
        n += 1
        candidate = f"{path}.backup{n}"
    return candidate


def install(repo_path: str = ".", force: bool = False) -> tuple[str, str | None]:
    """Write the hook; returns (hook path, backup path or None)."""
    path = hook_path(repo_path)
    backup = None
    if os.path.lexists(path):
        with open(path, encoding="utf-8", errors="replace") as fh:
            current = fh.read()
        if MARKER not in current:
            if not force:
                hint = (" (it is pre-commit's: add leakscan to .pre-commit-config.yaml instead)"
                        if "pre-commit" in current and "pre_commit" in current.replace("-", "_") else "")
                raise UsageError(f"{path} exists and was not written by leakscan{hint}; "
                                 "--force replaces it and keeps a backup")
            backup = _backup_name(path)
            os.replace(path, backup)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(SCRIPT.format(marker=MARKER, python=shlex.quote(sys.executable)))
    mode = os.stat(path).st_mode
    os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path, backup
