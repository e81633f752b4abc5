"""``leakscan hook install``: writes .git/hooks/pre-commit, never clobbers a foreign hook silently."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from leakscan.errors import UsageError
from leakscan.hook_install import MARKER, install
from testing.gitrepo import GitRepo


def test_install_writes_an_executable_hook_and_is_idempotent(tmp_path):
    repo = GitRepo(tmp_path / "r")
    path, backup = install(str(repo.path))
    assert path == str(repo.path / ".git" / "hooks" / "pre-commit") and backup is None
    assert MARKER in Path(path).read_text() and os.access(path, os.X_OK)
    assert install(str(repo.path)) == (path, None)  # ours: replaced without fuss


def test_foreign_hook_is_refused_then_backed_up_with_force(tmp_path):
    repo = GitRepo(tmp_path / "r")
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho mine\n")
    with pytest.raises(UsageError, match="not written by leakscan"):
        install(str(repo.path))
    assert hook.read_text() == "#!/bin/sh\necho mine\n"
    path, backup = install(str(repo.path), force=True)
    assert Path(backup).read_text() == "#!/bin/sh\necho mine\n"
    assert MARKER in Path(path).read_text()


def test_core_hooks_path_is_honoured(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.git("config", "core.hooksPath", "githooks")
    path, _ = install(str(repo.path))
    assert path == str(repo.path / "githooks" / "pre-commit")
