"""Cut a release: check that the version is the same everywhere a user reads it, then tag it.

    python .ci/release.py --check        # CI: pyproject, leakscan.__version__, CHANGELOG and the
                                         # documented ``rev:`` / action pins name one version
    python .ci/release.py                # and create the annotated tag v<version> at HEAD

The tag is what pre-commit's ``rev:`` and ``pre-commit autoupdate`` read, and what the
GitHub Action is pinned by (the tag's commit sha, with the tag in a comment).  One line on
stderr and exit 1 for each thing that does not match; exit 2 for a tree that cannot be tagged.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

# file -> what must name the version there (``{v}`` is the version)
DOCUMENTED = {
    "README.md": "rev: v{v}",
    "docs/git.md": "rev: v{v}",
    "docs/ci.md": "leakscan@LEAKSCAN_RELEASE_SHA # v{v}",
}


def version_of(root: Path) -> str:
    found = re.search(r'(?m)^version = "([^"]+)"', (root / "pyproject.toml").read_text(encoding="utf-8"))
    if found is None:
        raise SystemExit("pyproject.toml: no version")
    return found.group(1)


def problems(root: Path) -> list[str]:
    """What does not name the package's version (empty when all do)."""
    v = version_of(root)
    out = []
    init = (root / "leakscan" / "__init__.py").read_text(encoding="utf-8")
    if f'__version__ = "{v}"' not in init:
        out.append(f"leakscan/__init__.py: __version__ is not {v} (pyproject.toml's)")
    if not re.search(rf"(?m)^## \[{re.escape(v)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", _read(root, "CHANGELOG.md")):
        out.append(f"CHANGELOG.md: no '## [{v}] - YYYY-MM-DD' section")
    for name, pattern in DOCUMENTED.items():
        want = pattern.format(v=v)
        text = _read(root, name)
        if want not in text:
            out.append(f"{name}: does not say '{want}'")
        stale = sorted(set(re.findall(pattern.format(v=r"(\d+\.\d+\.\d+\S*)").replace(" ", r"\s+"), text)) - {v})
        if stale:
            named = ", ".join(f"v{other}" for other in stale)
            out.append(f"{name}: names other versions ({named}); pin v{v}")
    return out


def _read(root: Path, name: str) -> str:
    try:
        return (root / name).read_text(encoding="utf-8")
    except OSError:
        return ""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False).stdout.strip()


def tag(root: Path) -> int:
    name = f"v{version_of(root)}"
    if git(root, "status", "--porcelain", "--untracked-files=no"):
        print(f"release: {root} has uncommitted changes; commit them before tagging {name}", file=sys.stderr)
        return 2
    head = git(root, "rev-parse", "HEAD")
    existing = git(root, "rev-parse", "-q", "--verify", f"refs/tags/{name}^{{commit}}")
    if existing:
        if existing == head:
            print(f"release: {name} already tags HEAD ({head[:12]})")
            return 0
        print(f"release: {name} already tags {existing[:12]}, not HEAD; bump the version", file=sys.stderr)
        return 2
    proc = subprocess.run(["git", "-C", str(root), "tag", "-a", name, "-m", f"leakscan {name[1:]}", head],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"release: git tag {name} failed: {proc.stderr.strip()}", file=sys.stderr)
        return 2
    print(f"release: tagged {head[:12]} as {name}; push it with: git push origin {name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only check that every place names the version")
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args(argv)
    found = problems(args.repo)
    for line in found:
        print(f"release: {line}", file=sys.stderr)
    if found:
        return 1
    return 0 if args.check else tag(args.repo)


if __name__ == "__main__":
    sys.exit(main())
