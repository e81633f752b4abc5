"""``leakscan hook install``: writes .git/hooks/pre-commit, never clobbers a foreign hook silently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from leakscan.errors import UsageError
from leakscan.hook_install import MARKER, install
from testing import secrets
from testing.gitrepo import GitRepo

ROOT = Path(__file__).resolve().parent.parent
LIVE = secrets.glomo_key(seed=151)


def test_install_writes_an_executable_hook_and_is_idempotent(tmp_path):
    repo = GitRepo(tmp_path / "r")
    path, backup = install(str(repo.path))
    assert path == str(repo.path / ".git" / "hooks" / "pre-commit") and backup is None
    assert MARKER in Path(path).read_text() and os.access(path, os.X_OK)
    assert install(str(repo.path)) == (path, None)  # ours: replaced without fuss


def test_foreign_hook_is_refused_then_chained_with_force(tmp_path):
    repo = GitRepo(tmp_path / "r")
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho mine\n")
    with pytest.raises(UsageError, match="not written by leakscan"):
        install(str(repo.path))
    assert hook.read_text() == "#!/bin/sh\necho mine\n"
    path, chained = install(str(repo.path), force=True)
    assert path == chained == str(hook)
    text = hook.read_text()
    assert text.startswith("#!/bin/sh\n# >>> leakscan") and text.endswith("echo mine\n")
    assert install(str(repo.path)) == (path, path)  # again, without --force: the block is replaced, not doubled
    assert hook.read_text() == text


def test_core_hooks_path_is_honoured(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.git("config", "core.hooksPath", "githooks")
    path, _ = install(str(repo.path))
    assert path == str(repo.path / "githooks" / "pre-commit")


def _commit(repo: GitRepo, name: str, text: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    repo.write(name, text)
    repo.git("add", name)
    return subprocess.run(["git", "-C", str(repo.path), "commit", "-q", "-m", name], capture_output=True, text=True,
                          env=env)


def _env(tmp_path: Path) -> dict[str, str]:
    """leakscan from this checkout on PATH (the fallback a moved venv leaves), as in a developer's shell."""
    shims = tmp_path / "bin"
    shims.mkdir(exist_ok=True)
    shim = shims / "leakscan"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m leakscan "$@"\n')
    shim.chmod(0o755)
    return {**os.environ, "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}


def test_a_chained_hook_runs_leakscan_then_the_old_hook(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.commit("base", {"README.md": "hi\n"})
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    hook.write_text('#!/bin/sh\nset -e\necho "$0 ran" >> "$(git rev-parse --git-dir)/old-hook.log"\n')
    hook.chmod(0o755)
    install(str(repo.path), force=True)
    env = _env(tmp_path)
    refused = _commit(repo, "app.py", f'GLOMO_SECRET_KEY = "{LIVE}"\n', env)
    assert refused.returncode == 1 and "app.py:1:" in refused.stdout + refused.stderr
    assert not (repo.path / ".git" / "old-hook.log").exists()  # leakscan refused first
    repo.git("rm", "-q", "--cached", "app.py")
    ok = _commit(repo, "notes.txt", "clean\n", env)
    assert ok.returncode == 0, ok.stderr
    # the old hook ran, under its own name ($0): it was not moved
    assert (repo.path / ".git" / "old-hook.log").read_text() == ".git/hooks/pre-commit ran\n"


def test_husky_keeps_its_shim_and_gets_leakscan_in_its_script(tmp_path):
    """husky 9: core.hooksPath is .husky/_, whose shims (rewritten by every npm install) run the
    script of the same name in .husky/ with sh -e; the shim and h here are husky 9's."""
    repo = GitRepo(tmp_path / "r")
    repo.commit("base", {"README.md": "hi\n"})
    shims = repo.path / ".husky" / "_"
    shims.mkdir(parents=True)
    (shims / "h").write_text(HUSKY_H)
    (shims / "pre-commit").write_text('#!/usr/bin/env sh\n. "${0%/*}/h"\n')
    for f in shims.iterdir():
        f.chmod(0o755)
    (repo.path / ".husky" / "pre-commit").write_text("echo lint ran >> .husky-ran\n")
    repo.git("config", "core.hooksPath", ".husky/_")
    path, chained = install(str(repo.path), force=True)
    assert path == str(repo.path / ".husky" / "pre-commit") and chained == str(shims / "pre-commit")
    assert (shims / "pre-commit").read_text() == '#!/usr/bin/env sh\n. "${0%/*}/h"\n'  # untouched
    env = _env(tmp_path)
    refused = _commit(repo, "app.py", f'GLOMO_SECRET_KEY = "{LIVE}"\n', env)
    assert refused.returncode != 0 and "app.py:1:" in refused.stdout + refused.stderr
    repo.git("rm", "-q", "--cached", "app.py")
    ok = _commit(repo, "notes.txt", "clean\n", env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert (repo.path / ".husky-ran").read_text() == "lint ran\n"


def test_the_hook_falls_back_to_leakscan_on_path_when_its_venv_moved(tmp_path, monkeypatch):
    repo = GitRepo(tmp_path / "r")
    repo.commit("base", {"README.md": "hi\n"})
    env = _env(tmp_path)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "gone-venv" / "bin" / "python"))
    install(str(repo.path))
    refused = _commit(repo, "app.py", f'GLOMO_SECRET_KEY = "{LIVE}"\n', env)
    assert refused.returncode == 1 and "app.py:1:" in refused.stdout + refused.stderr


# husky 9.1's .husky/_/h, as `husky` writes it
HUSKY_H = """#!/usr/bin/env sh
[ "$HUSKY" = "2" ] && set -x
n=$(basename "$0")
s=$(dirname "$(dirname "$0")")/$n

[ ! -f "$s" ] && exit 0

i="${XDG_CONFIG_HOME:-$HOME/.config}/husky/init.sh"
[ -f "$i" ] && . "$i"

[ "${HUSKY-}" = "0" ] && exit 0

export PATH="node_modules/.bin:$PATH"
sh -e "$s" "$@"
c=$?

[ $c != 0 ] && echo "husky - $n script failed (code $c)"
[ $c = 127 ] && echo "husky - command not found in PATH=$PATH"
exit $c
"""
