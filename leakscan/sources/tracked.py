"""Tracked files that a ``.gitignore`` pattern matches: they are in the repository, so they are scanned.

git ignores only untracked files: a committed ``prod.tfvars`` under a ``*.tfvars`` pattern
ships with every clone, and a scan that skipped it would pass a leak.  Only git knows which
files are tracked, so it is asked once per scanned folder (``ls-files --cached --ignored``);
outside a work tree, or without git, there are none and the ignore files decide alone.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from leakscan.sources.gitcmd import git_env


@dataclass(frozen=True)
class Tracked:
    """Paths (relative to the scanned folder, ``/``-separated) to scan even though ignored, and their folders."""

    files: frozenset[str] = frozenset()
    folders: frozenset[str] = frozenset()

    def keeps(self, rel: str, is_dir: bool) -> bool:
        return rel in (self.folders if is_dir else self.files)


def tracked_ignored(root: str) -> Tracked:
    """The tracked files under ``root`` that its ignore rules match (none outside a work tree)."""
    if not _in_work_tree(root):
        return Tracked()
    try:
        out = subprocess.run(["git", "-C", root, "-c", "core.quotePath=false", "ls-files", "-z", "--cached",
                              "--ignored", "--exclude-standard"], capture_output=True, env=git_env(),
                             timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return Tracked()
    files = frozenset(os.fsdecode(p) for p in out.split(b"\0") if p)
    folders = {f.rsplit("/", i)[0] for f in files for i in range(1, f.count("/") + 1)}
    return Tracked(files, frozenset(folders))


def _in_work_tree(root: str) -> bool:
    here = os.path.realpath(root)
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return True
        parent = os.path.dirname(here)
        if parent == here:
            return False
        here = parent
