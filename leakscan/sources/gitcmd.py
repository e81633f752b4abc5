"""Plain ``git`` subprocesses: the one place leakscan runs git, with settings that keep output parseable.

Every call disables what user configuration could do to the output (pagers,
colour, external diff drivers, textconv, path quoting), and a missing git or a
path that is not a repository becomes one :class:`SourceError` line, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

from leakscan.errors import SourceError

# -c options put before every git command: stable, unquoted, uncoloured output
_CONFIG = ("-c", "core.quotePath=false", "-c", "color.ui=false", "-c", "diff.noprefix=false",
           "-c", "diff.mnemonicPrefix=false", "-c", "log.showSignature=false", "-c", "core.pager=cat")
ZERO = "0" * 40


def git_env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_LITERAL_PATHSPECS"] = "1"  # a path is a path, never a glob
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["LC_ALL"] = "C"
    env.pop("GIT_EXTERNAL_DIFF", None)
    return env


@dataclass(frozen=True)
class Repo:
    """A repository leakscan reads: where git runs and what kind of clone it is."""

    root: str  # the work tree, or the git dir of a bare repository
    git_dir: str
    shallow: bool
    empty: bool  # no commit reachable from any ref

    def command(self, *args: str | bytes) -> list[str | bytes]:
        return ["git", "-C", self.root, *_CONFIG, *args]

    def run(self, *args: str | bytes, input: bytes | None = None, check: bool = True) -> bytes:
        """A short git command's stdout; failures become one-line SourceErrors."""
        try:
            proc = subprocess.run(self.command(*args), input=input, capture_output=True, env=git_env())
        except FileNotFoundError:
            raise SourceError("git is not installed (needed to read repositories)") from None
        if check and proc.returncode != 0:
            reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise SourceError(f"git {_name(args)} failed: {reason[-1] if reason else proc.returncode}")
        return proc.stdout

    def background(self, *args: str | bytes) -> Background:
        """Start a git command now, read its output later (meanwhile Python does other work)."""
        return Background(self, args)

    def popen(self, *args: str | bytes, stdin: int | None = None) -> subprocess.Popen[bytes]:
        return subprocess.Popen(self.command(*args), stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=git_env(), bufsize=1 << 20)


class Background:
    """A git command writing into a temporary file: nothing to drain meanwhile, and safe across fork."""

    def __init__(self, repo: Repo, args: Sequence[str | bytes]):
        self.args = args
        self._out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by output()
        self._err = tempfile.TemporaryFile()  # noqa: SIM115 - closed by output()
        try:
            self._proc = subprocess.Popen(repo.command(*args), stdout=self._out, stderr=self._err, env=git_env())
        except FileNotFoundError:
            raise SourceError("git is not installed (needed to read repositories)") from None

    def output(self, check: bool = True) -> bytes:
        """The command's stdout once it has finished; a failure is a one-line SourceError."""
        status = self._proc.wait()
        self._out.seek(0)
        self._err.seek(0)
        out, err = self._out.read(), self._err.read()
        self._out.close()
        self._err.close()
        if check and status != 0:
            reason = err.decode("utf-8", "replace").strip().splitlines()
            raise SourceError(f"git {_name(self.args)} failed: {reason[-1] if reason else status}")
        return out


def _name(args: Sequence[str | bytes]) -> str:
    return next((a for a in args if isinstance(a, str) and not a.startswith("-")), "")


def open_repo(path: str = ".", probe_empty: bool = True) -> Repo:
    """The repository at ``path``, or SourceError("… is not a git repository")."""
    if not os.path.isdir(path):
        raise SourceError(f"{path}: no such folder")
    try:
        proc = subprocess.run(
            ["git", "-C", path, "rev-parse", "--absolute-git-dir", "--is-bare-repository",
             "--is-shallow-repository", "--show-toplevel"],
            capture_output=True, env=git_env())
    except FileNotFoundError:
        raise SourceError("git is not installed (needed to read repositories)") from None
    lines = proc.stdout.decode("utf-8", "surrogateescape").splitlines()
    if proc.returncode != 0 and len(lines) < 3:
        said = proc.stderr.decode("utf-8", "replace")
        if "Permission denied" in said:  # git cannot enter it: say so, not "not a repository"
            raise SourceError(f"{path}: permission denied (git cannot read it as this user)")
        raise SourceError(f"{path}: not a git repository")
    git_dir, bare, shallow = lines[0], lines[1] == "true", lines[2] == "true"
    root = git_dir if bare or len(lines) < 4 else lines[3]
    empty = False
    if probe_empty:  # one more git process: the hook does without
        refs = subprocess.run(["git", "-C", root, "rev-list", "-n1", "--all"], capture_output=True, env=git_env())
        empty = refs.returncode == 0 and not refs.stdout.strip()  # a failed walk (missing commit) is not empty
    return Repo(root=root, git_dir=git_dir, shallow=shallow, empty=empty)
