"""Releases: the version is one everywhere a user reads it, and the tag is what pre-commit pins.

``.ci/release.py --check`` keeps pyproject, ``leakscan.__version__``, the CHANGELOG and the
documented ``rev:`` / action pins on one version; the tag it makes is annotated, and the real
``pre-commit autoupdate`` moves a user's ``rev:`` to it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import leakscan

PROJECT = Path(__file__).resolve().parent.parent
RELEASE = PROJECT / ".ci" / "release.py"


def _release(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(RELEASE), *args], capture_output=True, text=True)


def _git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=env).stdout


def test_the_docs_pin_the_package_version() -> None:
    proc = _release("--check")
    assert proc.returncode == 0, proc.stderr
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert f"rev: v{leakscan.__version__}" in readme
    assert f"## [{leakscan.__version__}] - " in (PROJECT / "CHANGELOG.md").read_text(encoding="utf-8")


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    if not (PROJECT / ".git").exists():
        pytest.skip("not a git checkout")
    target = tmp_path / "leakscan"
    # no tags: the release already cut (v0.2.0 on main) must not stand in for the one this test cuts
    subprocess.run(["git", "clone", "-q", "--no-tags", str(PROJECT), str(target)], check=True, capture_output=True)
    for name in ("pyproject.toml", "leakscan/__init__.py", "CHANGELOG.md", "README.md", "docs/git.md", "docs/ci.md"):
        (target / name).write_bytes((PROJECT / name).read_bytes())  # the tree under test, committed
    _git(target, "commit", "-q", "-am", "release", "--allow-empty")
    return target


def test_a_release_is_an_annotated_tag_pre_commit_autoupdate_picks(clone: Path, tmp_path: Path) -> None:
    old = _git(clone, "rev-parse", "HEAD~1").strip()
    proc = _release("--repo", str(clone))
    assert proc.returncode == 0, proc.stderr
    name = f"v{leakscan.__version__}"
    assert _git(clone, "cat-file", "-t", name).strip() == "tag"  # annotated: git describe and autoupdate see it
    assert _git(clone, "rev-parse", f"{name}^{{commit}}").strip() == _git(clone, "rev-parse", "HEAD").strip()
    assert _release("--repo", str(clone)).returncode == 0  # again: a no-op, not a second tag
    app = tmp_path / "app"
    app.mkdir()
    _git(app, "init", "-q")
    config = app / ".pre-commit-config.yaml"
    config.write_text(f"repos:\n  - repo: {clone}\n    rev: {old}\n    hooks:\n      - id: leakscan\n")
    run = subprocess.run([sys.executable, "-m", "pre_commit", "autoupdate"], cwd=app, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PRE_COMMIT_HOME": str(tmp_path / "pc")})
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"rev: {name}" in config.read_text()


def test_a_doc_naming_another_version_is_refused(clone: Path) -> None:
    git_md = clone / "docs" / "git.md"
    git_md.write_text(git_md.read_text().replace(f"rev: v{leakscan.__version__}", "rev: v9.9.9"))
    proc = _release("--check", "--repo", str(clone))
    assert proc.returncode == 1
    assert "docs/git.md: does not say" in proc.stderr and "v9.9.9" in proc.stderr
    _git(clone, "commit", "-q", "-am", "drift")
    assert _release("--repo", str(clone)).returncode == 1
    assert not _git(clone, "tag", "-l")  # nothing tagged


def test_an_uncommitted_tree_is_not_tagged(clone: Path) -> None:
    (clone / "README.md").write_text((clone / "README.md").read_text() + "\nmore\n")
    proc = _release("--repo", str(clone))
    assert proc.returncode == 2 and "uncommitted changes" in proc.stderr
