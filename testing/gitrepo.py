"""Temporary git repositories for tests: real git, deterministic authors and dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ENV = {
    "GIT_AUTHOR_NAME": "Ada Author", "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada Author", "GIT_COMMITTER_EMAIL": "ada@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


class GitRepo:
    """A repository in ``path``; ``commit`` writes files (None deletes) and commits them."""

    def __init__(self, path: Path, *, bare: bool = False, init: bool = True):
        self.path = path
        self._tick = 0
        if init:
            path.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", "-b", "main", *(["--bare"] if bare else []))
            self.git("config", "user.name", "Ada Author")
            self.git("config", "user.email", "ada@example.com")
            self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str | bytes, input: bytes | None = None) -> str:
        self._tick += 1
        date = f"2024-01-01T00:{self._tick // 60 % 60:02d}:{self._tick % 60:02d}Z"
        env = {**os.environ, **ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        proc = subprocess.run(["git", "-C", str(self.path), *args], input=input, capture_output=True,
                              env=env, check=True)
        return proc.stdout.decode("utf-8", "replace").strip()

    def write(self, name: str | bytes, text: str | bytes) -> None:
        target = os.path.join(os.fsencode(self.path), os.fsencode(name))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(text.encode() if isinstance(text, str) else text)

    def commit(self, message: str, files: dict[str, str | bytes | None] | None = None) -> str:
        for name, text in (files or {}).items():
            if text is None:
                self.git("rm", "-q", "--", name)
            else:
                self.write(name, text)
                self.git("add", "--", name)
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")


def damage_loose_object(repo: GitRepo, sha: str) -> None:
    """Cut a loose object to half its length: git reads its header, then fails inside the content."""
    path = repo.path / ".git" / "objects" / sha[:2] / sha[2:]
    data = path.read_bytes()
    path.chmod(0o644)
    path.write_bytes(data[: len(data) // 2])


def damage_object(repo: GitRepo, sha: str, store: str) -> None:
    """Damage one object where git keeps it: ``"loose"``, or ``"packed"`` (the repository repacked first)."""
    if store == "packed":
        repo.git("repack", "-adq")
        damage_packed_object(repo, sha)
    else:
        damage_loose_object(repo, sha)


def damage_packed_object(repo: GitRepo, sha: str) -> None:
    """Flip the bytes of the second half of an object's compressed data inside its pack
    (its header and the pack index stay intact, so git lists it and fails reading it)."""
    for index in (repo.path / ".git" / "objects" / "pack").glob("*.idx"):
        pack = index.with_suffix(".pack")
        rows = [line.split() for line in repo.git("show-index", input=index.read_bytes()).splitlines()]
        offsets = sorted(int(row[0]) for row in rows) + [pack.stat().st_size - 20]  # the trailer: a checksum
        found = [int(row[0]) for row in rows if row[1] == sha]
        if not found:
            continue
        start = found[0]
        end = offsets[offsets.index(start) + 1]
        data = bytearray(pack.read_bytes())
        for i in range(start + (end - start) // 2, end - 1):
            data[i] ^= 0xFF
        pack.chmod(0o644)
        pack.write_bytes(bytes(data))
        return
    raise AssertionError(f"{sha} is not in a pack")
