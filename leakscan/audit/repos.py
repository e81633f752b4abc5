"""Repositories named on the command line -> targets; clone URLs mirrored into the cache folder.

A URL's credentials (``https://user:token@host/…``) are used to fetch but never kept:
the store, the reports and the cache folder's names see the URL without them.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from leakscan.audit.records import Target
from leakscan.errors import SourceError, UsageError
from leakscan.sources.gitcmd import git_env, open_repo

_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|[\w.-]+@[\w.-]+:)", re.IGNORECASE)


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "leakscan" / "mirrors"


def without_credentials(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme and "@" in parts.netloc:
        return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    return url


def targets(names: Iterable[str], repos_file: str | None) -> list[Target]:
    """The repositories to audit, in order, each once; a bad local path is a usage error."""
    listed = list(names)
    if repos_file:
        try:
            text = Path(repos_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read --repos-file {repos_file}: {exc.strerror or exc}") from None
        listed += [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not listed:
        raise UsageError("name at least one repository (REPO… or --repos-file FILE)")
    out: dict[str, Target] = {}
    for name in listed:
        if _URL.match(name):
            target = Target(without_credentials(name), name, is_url=True)
        else:
            target = Target(str(Path(name).resolve()), str(Path(name).resolve()))
        out.setdefault(target.location, target)
    return list(out.values())


def mirror_path(cache: str, location: str) -> Path:
    tail = re.sub(r"[^A-Za-z0-9._-]+", "-", location.rstrip("/").rsplit("/", 1)[-1])[:40]
    return Path(cache) / f"{tail}-{hashlib.sha256(location.encode()).hexdigest()[:12]}.git"


def materialise(target: Target, cache: str) -> str:
    """The local path to read: the repository itself, or its mirror, cloned or fetched now."""
    if not target.is_url:
        return target.source
    path = mirror_path(cache, target.location)
    if (path / "HEAD").exists():
        _git(["git", "-C", str(path), "remote", "update", "--prune"], target)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        _git(["git", "clone", "--mirror", "--quiet", target.source, str(path)], target)
    return str(path)


def _git(command: list[str], target: Target) -> None:
    try:
        proc = subprocess.run(command, capture_output=True, env=git_env(), timeout=3600)
    except FileNotFoundError:
        raise SourceError("git is not installed (needed to read repositories)") from None
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1] if lines else f"exit {proc.returncode}"
        raise SourceError(f"cannot fetch {target.location}: {reason.replace(target.source, target.location)}")


def state(path: str, all_objects: bool) -> str:
    """A digest of every ref and HEAD (and, with --all-objects, the object counts): same digest, same history."""
    repo = open_repo(path)
    refs = repo.run("for-each-ref", "--format=%(objectname) %(refname)", check=False)
    head = repo.run("rev-parse", "-q", "--verify", "HEAD", check=False)
    material = refs + b"\0" + head
    if all_objects:
        material += b"\0" + repo.run("count-objects", "-v", check=False)
    return hashlib.sha256(material).hexdigest()
