"""Files and folders -> fragments: honours .gitignore, never follows a symlink inside a tree, skips loudly.

The walk only lists files (cheap, in the parent); reading happens where the
scanning happens (in workers), so a large tree is read in parallel.  Every file
not scanned is a :class:`Skipped` with its reason; ignored paths are simply
not part of the tree, as with git.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from leakscan.model import Fragment, Skipped
from leakscan.sources import archives, textenc
from leakscan.sources.ignore import LazySpec

BINARY_SNIFF = 8000  # what git looks at to call a file binary


@dataclass(frozen=True)
class FileEntry:
    path: str  # to open (may carry surrogate escapes)
    display: str  # relative, "/"-separated, printable
    size: int
    named: bool = False  # named on the command line: skipping it leaves the user's input unscanned
    bundler_env: bool = False  # a .env file git ignores but a bundler reads: only what ships is reported


@dataclass
class Walk:
    files: list[FileEntry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # hidden by .gitignore, listed (folders end in "/")
    archive_limit: int = 0  # an archive (by its name) up to this size is read past the file size limit


BUNDLER_ENV = ".env"  # .env, .env.local, .env.production.local: Next.js, Vite, CRA, Nuxt read them at build
GITIGNORED_ENV = ("gitignored_bundler_env", True)  # marks such a file's fragment


class _Tracked:
    """The files git tracks under a scanned folder: git never ignores them, so neither does the walk.
    Asked only once something would be ignored (one ``git ls-files``)."""

    def __init__(self, root: str, in_work_tree: bool):
        self.root, self.in_work_tree = root, in_work_tree
        self._files: set[str] | None = None
        self._dirs: set[str] = set()

    def _load(self) -> set[str]:
        if self._files is None:
            self._files = set()
            if self.in_work_tree:
                import subprocess

                from leakscan.sources.gitcmd import git_env

                try:
                    out = subprocess.run(["git", "-C", self.root, "ls-files", "-z"], capture_output=True,
                                         env=git_env(), check=False).stdout
                except OSError:
                    out = b""
                self._files = {os.fsdecode(p) for p in out.split(b"\0") if p}
                self._dirs = {d for f in self._files for d in _parents(f)}
        return self._files

    def holds(self, rel: str, is_dir: bool) -> bool:
        files = self._load()
        return rel in self._dirs if is_dir else rel in files


def _parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def printable(path: str) -> str:
    """A path as text: undecodable bytes of non-UTF-8 names shown as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace").replace(os.sep, "/")


def _display(root_display: str, rel: str) -> str:
    joined = f"{root_display}/{rel}" if root_display not in ("", ".") else rel
    return printable(joined).removeprefix("./")


def _load_ignore(path: str) -> LazySpec | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return LazySpec(fh.read().splitlines())
    except OSError:
        return None


def _ignored(specs: dict[str, LazySpec], rel: str, is_dir: bool,
             above: Sequence[tuple[str, LazySpec]] = ()) -> bool:
    """git's rule: the deepest .gitignore with an opinion decides; later lines beat earlier.

    ``above`` holds the ignore files of the work tree above the scanned folder, shallowest
    first, each with the folder's path relative to it.
    """
    verdict = False
    for prefix, spec in above:
        include = spec.check_file(f"{prefix}/{rel}" + ("/" if is_dir else ""))
        if include is not None:
            verdict = bool(include)
    parts = rel.split("/")
    for depth in range(len(parts)):
        base = "/".join(parts[:depth])
        here = specs.get(base)
        if here is None:
            continue
        sub = "/".join(parts[depth:])
        include = here.check_file(sub + "/" if is_dir else sub)
        if include is not None:
            verdict = bool(include)
    return verdict


def walk(paths: Sequence[str], max_file_size: int, exclude: Sequence[str] = (), use_ignore: bool = True,
         archive_limit: int = 0) -> Walk:
    """Every file to scan under ``paths``; ``use_ignore=False`` (``--no-ignore``) reads no ignore file.
    Archives up to ``archive_limit`` bytes are opened whatever ``max_file_size`` says: their own bounds
    (bytes inflated, ratio, entries) apply, and a release zip is rarely under the 10 MiB meant for text."""
    out = Walk(archive_limit=archive_limit)
    excluded = LazySpec(exclude) if exclude else None
    for given in paths:
        root_display = os.path.normpath(given) if not os.path.isabs(given) else ""  # "sub/" -> "sub"
        try:
            st = os.stat(given)
        except OSError as exc:
            out.skipped.append(Skipped(printable(given), _why(exc), fault=True))
            continue
        if stat.S_ISDIR(st.st_mode):
            _walk_dir(given, root_display, max_file_size, excluded, out, use_ignore)
        else:  # a file named on the command line is read even through a symlink (inside a tree, never)
            target = os.path.realpath(given) if os.path.islink(given) else given
            _add_file(target, _file_display(given), st, max_file_size, out, named=True)
    return out


def _ignore_lines(names: Sequence[str]) -> list[str]:
    """The lines of those ignore files that exist, in order (one spec: later lines beat earlier)."""
    lines: list[str] = []
    for name in names:
        if os.path.isfile(name):
            with open(name, encoding="utf-8", errors="replace") as fh:
                lines.extend(fh.read().splitlines())
    return lines


def _ignores_above(real_root: str) -> list[tuple[str, LazySpec]]:
    """The ignore files that apply to a folder from above it, when it lies inside a git work tree
    (``leakscan scan src/`` ignores what ``leakscan scan .`` would): shallowest first, each with
    the folder's path relative to the one holding it.  None outside a work tree, or at its top."""
    chain = []
    here = real_root
    while not os.path.exists(os.path.join(here, ".git")):
        parent = os.path.dirname(here)
        if parent == here:
            return []  # not in a work tree: only the folder's own ignore files count
        here = parent
        chain.append(here)
    out = []
    for folder in reversed(chain):
        names = [os.path.join(folder, ".gitignore")]
        if folder == chain[-1]:
            names.insert(0, os.path.join(folder, ".git", "info", "exclude"))
        if lines := _ignore_lines(names):
            out.append((os.path.relpath(real_root, folder).replace(os.sep, "/"), LazySpec(lines)))
    ignored = False
    for prefix, spec in out:
        include = spec.check_file(prefix + "/")
        if include is not None:
            ignored = include
    return [] if ignored else out  # a folder ignored up there, yet named: scanned as if on its own


def _walk_dir(root: str, root_display: str, limit: int, excluded: LazySpec | None, out: Walk,
              use_ignore: bool = True) -> None:
    real_root = os.path.realpath(root)
    above = _ignores_above(real_root) if use_ignore else []
    tracked = _Tracked(root, _in_work_tree(real_root))  # committed files an ignore pattern matches are still scanned
    specs: dict[str, LazySpec] = {}
    lines = _ignore_lines([os.path.join(root, ".git", "info", "exclude"), os.path.join(root, ".gitignore")])
    if lines and use_ignore:
        specs[""] = LazySpec(lines)
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        here = os.path.join(root, rel_dir) if rel_dir else root
        ignore_file = os.path.join(here, ".gitignore")
        if use_ignore and rel_dir and os.path.isfile(ignore_file) and (spec := _load_ignore(ignore_file)):
            specs[rel_dir] = spec
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as exc:
            out.skipped.append(Skipped(_display(root_display, rel_dir or "."), f"unreadable folder: {_why(exc)}"))
            continue
        subdirs = []
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            if entry.name == ".git":
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if excluded and excluded.match_file(rel + ("/" if is_dir else "")):
                continue
            gitignored = _ignored(specs, rel, is_dir, above) and not tracked.holds(rel, is_dir)
            if gitignored and not (entry.name.startswith(BUNDLER_ENV) and not is_dir and not entry.is_symlink()):
                out.ignored.append(_display(root_display, rel) + ("/" if is_dir else ""))
                continue
            if entry.is_symlink():
                out.skipped.append(Skipped(_display(root_display, rel), _symlink_reason(entry.path, real_root)))
            elif is_dir:
                subdirs.append(rel)
            else:
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError as exc:
                    out.skipped.append(Skipped(_display(root_display, rel), _why(exc)))
                    continue
                _add_file(entry.path, _display(root_display, rel), st, limit, out, bundler_env=gitignored)
        stack.extend(reversed(subdirs))


def _in_work_tree(real_root: str) -> bool:
    here = real_root
    while not os.path.exists(os.path.join(here, ".git")):
        parent = os.path.dirname(here)
        if parent == here:
            return False
        here = parent
    return True


def _add_file(path: str, display: str, st: os.stat_result, limit: int, out: Walk, named: bool = False,
              bundler_env: bool = False) -> None:
    if not stat.S_ISREG(st.st_mode):
        out.skipped.append(Skipped(display, f"not a regular file ({_kind(st.st_mode)})", fault=named))
    elif st.st_size > limit and not (st.st_size <= out.archive_limit and archives.kind_of(display, b"")):
        out.skipped.append(Skipped(display, f"too large ({st.st_size} bytes > limit {limit})", fault=named))
    else:
        out.files.append(FileEntry(path, display, st.st_size, named, bundler_env))


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


def _file_display(given: str) -> str:
    """A file named on the command line, relative to the working folder when it lies inside it."""
    path = os.path.normpath(given)
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive
            rel = path
        path = path if rel.startswith("..") else rel
    return printable(path)


def _symlink_reason(path: str, real_root: str) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        return "symlink loop" if exc.errno == errno.ELOOP else "broken symlink"
    target = os.path.realpath(path)
    if target == real_root or target.startswith(real_root + os.sep):
        return "symlink (not followed; its target inside the tree is scanned in place)"
    return "symlink leads outside the scanned tree (not followed)"


def _why(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "unreadable: permission denied"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    return f"unreadable: {exc.strerror or exc}"


def read(entry: FileEntry) -> Fragment | Skipped:
    """The file's bytes as one fragment, or why not. Opens without following a late-swapped symlink."""
    try:
        fd = os.open(entry.path, _OPEN_FLAGS)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return Skipped(entry.display, f"not a regular file ({_kind(st.st_mode)})", fault=entry.named)
            data = _read_all(fd, st.st_size)
        finally:
            os.close(fd)
    except OSError as exc:
        return Skipped(entry.display, _why(exc), fault=entry.named)
    if data.startswith(textenc.WIDE_MARKS) or data.find(b"\0", 0, BINARY_SNIFF) != -1:
        text, wide = textenc.utf8_of(data)  # UTF-16/UTF-32 (by its byte order mark, or NUL pattern)
        if wide is not None:
            return Fragment(data=text, path=entry.display, extra=(("encoding", wide.encoding), *_marks(entry)),
                            disk_path=entry.path)
        if not archives.kind_of(entry.display, data):
            return Skipped(entry.display, "binary", fault=entry.named)
    return Fragment(data=data, path=entry.display, extra=_marks(entry), disk_path=entry.path)


def _marks(entry: FileEntry) -> tuple[tuple[str, bool], ...]:
    return (GITIGNORED_ENV,) if entry.bundler_env else ()


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _read_all(fd: int, size: int) -> bytes:
    """Every byte to EOF, by plain ``os.read`` calls: a file object per file costs more than a small file's scan."""
    chunks = []
    want = size + 1  # one read for an unchanged file, then the read that sees EOF
    while chunk := os.read(fd, want):
        chunks.append(chunk)
        want = 1 << 20
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def iter_fragments(entries: Sequence[FileEntry],
                   limits: archives.ArchiveLimits | None = None) -> Iterator[Fragment | Skipped]:
    """Each file's fragment, or why not; an archive's text entries, read in memory (:mod:`.archives`)."""
    for entry in entries:
        item = read(entry)
        if isinstance(item, Fragment) and archives.kind_of(item.path, item.data, item.data.find(b"\0", 0, BINARY_SNIFF) != -1):
            yield from archives.expand(item.data, item.path, limits or archives.ArchiveLimits())
        else:
            yield item
