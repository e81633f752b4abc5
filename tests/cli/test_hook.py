"""The hooks through the real pre-commit framework, and ``leakscan hook`` directly.

The framework test installs this project from its own git checkout (``rev:`` =
HEAD, so it exercises what is committed) into pre-commit's cache, once per session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from testing import secrets
from testing.gitrepo import ENV, GitRepo

PROJECT = Path(__file__).resolve().parents[2]
LIVE = secrets.glomo_key("live", "secret", seed=31)
PUBLIC_TEST = secrets.glomo_key("test", "public", seed=32)


def _project_head() -> str | None:
    proc = subprocess.run(["git", "-C", str(PROJECT), "rev-parse", "HEAD"], capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else None


def run(repo: GitRepo, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=repo.path, capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def framework_env(tmp_path_factory):
    if shutil.which("pre-commit", path=os.path.dirname(sys.executable)) is None or not _project_head():
        pytest.skip("needs the pre-commit package and a git checkout of this project")
    home = tmp_path_factory.mktemp("pre-commit-home")
    bindir = os.path.dirname(sys.executable)
    return {**os.environ, **ENV, "PRE_COMMIT_HOME": str(home), "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}


@pytest.fixture
def app(tmp_path, framework_env):
    repo = GitRepo(tmp_path / "app")
    repo.write(".pre-commit-config.yaml", f"""repos:
- repo: {PROJECT}
  rev: {_project_head()}
  hooks:
  - id: leakscan
  - id: leakscan-push
""")
    proc = run(repo, "pre-commit", "install", "--hook-type", "pre-commit", "--hook-type", "pre-push",
               env=framework_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    repo.git("add", ".pre-commit-config.yaml")
    proc = run(repo, "git", "commit", "-q", "-m", "pre-commit config", env=framework_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # a clean commit passes
    return repo


def commit(repo: GitRepo, env: dict[str, str], files: dict[str, str], *extra: str):
    for name, text in files.items():
        repo.write(name, text)
        repo.git("add", name)
    return run(repo, "git", "commit", "-m", "change", *extra, env=env)


def test_commit_adding_a_live_secret_is_refused_with_file_line_and_fix(app, framework_env):
    proc = commit(app, framework_env, {"server/settings.py": f'DEBUG = False\nGLOMO_KEY = "{LIVE}"\n'})
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "server/settings.py:2:" in out
    assert "fix:" in out and "commit refused" in out
    assert LIVE not in out
    assert "scanned 1 file(s)" in out
    assert app.git("rev-list", "--count", "HEAD") == "1"  # nothing was committed


def test_clean_commit_and_public_test_key_in_client_code_pass(app, framework_env):
    proc = commit(app, framework_env, {"src/components/Checkout.jsx": f'const key = "{PUBLIC_TEST}";\n',
                                       "README.md": "docs\n"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert app.git("rev-list", "--count", "HEAD") == "2"


def test_push_is_refused_when_a_pushed_commit_adds_a_secret(app, framework_env, tmp_path):
    remote = GitRepo(tmp_path / "remote.git", bare=True)
    app.git("remote", "add", "origin", str(remote.path))
    proc = run(app, "git", "push", "-q", "origin", "main", env=framework_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # clean history pushes
    commit(app, framework_env, {"deploy/.env": f"GLOMO_SECRET_KEY={LIVE}\n"}, "--no-verify")
    commit(app, framework_env, {"notes.txt": "later\n"}, "--no-verify")
    proc = run(app, "git", "push", "origin", "main", env=framework_env)
    assert proc.returncode != 0
    assert "deploy/.env:1:" in proc.stdout + proc.stderr
    # a new branch carrying the same commits is refused too
    app.git("checkout", "-q", "-b", "feature")
    proc = run(app, "git", "push", "origin", "feature", env=framework_env)
    assert proc.returncode != 0 and "deploy/.env:1:" in proc.stdout + proc.stderr


def leakscan_hook(repo: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leakscan", "hook", *args], cwd=repo.path, capture_output=True,
                          text=True, env={**os.environ, **ENV})


def test_hook_reports_new_line_numbers_of_staged_additions(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.commit("base", {"app.py": "".join(f"x{i} = {i}\n" for i in range(10))})
    lines = [f"x{i} = {i}\n" for i in range(10)]
    lines.insert(6, f'TOKEN = "{LIVE}"\n')
    repo.write("app.py", "".join(lines))
    repo.git("add", "app.py")
    proc = leakscan_hook(repo)
    assert proc.returncode == 1
    assert "app.py:7:" in proc.stdout


def test_only_added_lines_count(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.commit("old secret", {"old.py": f'TOKEN = "{LIVE}"\n'})
    repo.write("old.py", f'TOKEN = "{LIVE}"\nother = 1\n')
    repo.git("add", "old.py")
    proc = leakscan_hook(repo)
    assert proc.returncode == 0, proc.stdout
    assert "scanned 1 file(s)" in proc.stderr


def test_file_marked_binary_by_gitattributes_is_still_scanned(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.commit("attrs", {".gitattributes": "*.cfg -diff\n"})
    repo.write("prod.cfg", f"key={LIVE}\n")
    repo.git("add", "prod.cfg")
    proc = leakscan_hook(repo)
    assert proc.returncode == 1 and "prod.cfg:1:" in proc.stdout


def test_real_binary_is_skipped_with_a_reason(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.commit("base")
    repo.write("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0" + bytes(range(256)))
    repo.git("add", "logo.png")
    proc = leakscan_hook(repo)
    assert proc.returncode == 0
    assert "logo.png not scanned: binary" in proc.stdout


def test_hook_outside_a_repository_fails(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "leakscan", "hook"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 2 and "not a git repository" in proc.stderr


def test_refusal_counts_only_what_blocks_after_the_ignore_file(tmp_path):
    """Two live keys staged, one of them accepted in .leakscanignore: one secret refuses the commit."""
    from leakscan.findings import fingerprint

    other = secrets.glomo_key("live", "secret", seed=33)
    repo = GitRepo(tmp_path / "r")
    repo.commit("accepted", {".leakscanignore": f"{fingerprint('glomo-api-key', other)}  # sandbox key\n"})
    repo.write("a.py", f'A = "{LIVE}"\n')
    repo.write("b.py", f'B = "{other}"\n')
    repo.git("add", "a.py", "b.py")
    proc = leakscan_hook(repo)
    assert proc.returncode == 1
    assert "a.py:1:" in proc.stdout and "b.py" not in proc.stdout
    assert "commit refused: 1 secret(s) above" in proc.stderr


def _committed_env_key(app: GitRepo, env: dict[str, str]) -> None:
    """A live key already in history (committed past the hook): only a whole-file scan can see it."""
    proc = commit(app, env, {".env": f"GLOMO_SECRET_KEY={LIVE}\n", "README.md": "docs\n"}, "--no-verify")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_run_all_files_scans_every_file_on_disk(app, framework_env):
    _committed_env_key(app, framework_env)
    proc = run(app, "pre-commit", "run", "leakscan", "--all-files", "-v", env=framework_env)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert ".env:1:" in out and LIVE not in out
    assert "scanned 0 file(s)" not in out and "files: scanned 3 file(s)" in out


def test_run_files_scans_the_named_files(app, framework_env):
    _committed_env_key(app, framework_env)
    proc = run(app, "pre-commit", "run", "leakscan", "--files", ".env", env=framework_env)
    assert proc.returncode != 0 and ".env:1:" in proc.stdout + proc.stderr
    proc = run(app, "pre-commit", "run", "leakscan", "--files", "README.md", env=framework_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_run_from_ref_to_ref_scans_the_range(app, framework_env):
    base = app.head()
    _committed_env_key(app, framework_env)
    commit(app, framework_env, {"notes.txt": "later\n"}, "--no-verify")
    proc = run(app, "pre-commit", "run", "leakscan", "--from-ref", base, "--to-ref", "HEAD", env=framework_env)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert ".env:1:" in out and "range refused" in out
    proc = run(app, "pre-commit", "run", "leakscan", "--from-ref", "HEAD~1", "--to-ref", "HEAD", env=framework_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # the last commit adds no secret


def test_given_files_but_nothing_scanned_fails(app, framework_env):
    commit(app, framework_env, {"empty.txt": ""}, "--no-verify")
    proc = run(app, "pre-commit", "run", "leakscan", "--files", "empty.txt", env=framework_env)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "scanned 0 bytes" in out and "refusing to pass" in out and "Traceback" not in out


def test_a_staged_file_too_large_to_read_fails_the_hook_unless_excluded(tmp_path):
    """git calls it binary, and it is past the size limit: leakscan cannot tell it holds no text."""
    repo = GitRepo(tmp_path / "r")
    repo.commit("config", {".leakscan.toml": "[scan]\nmax_file_size = 1024\n"})
    repo.write("dump.bin", b"\x1f\x8b" + bytes(4096))
    repo.git("add", "dump.bin")
    proc = leakscan_hook(repo)
    assert proc.returncode == 2 and "dump.bin" in proc.stderr and "refusing to pass" in proc.stderr
    assert proc.stderr.count("\n") == 1
    repo.commit("allow", {".leakscan.toml": '[scan]\nmax_file_size = 1024\nexclude = ["dump.bin"]\n'})
    repo.git("add", "dump.bin")
    proc = leakscan_hook(repo)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_a_staged_utf16_env_file_is_scanned_not_passed_as_binary(tmp_path, encoding):
    """PowerShell 5.1 writes .env files as UTF-16 with a BOM: git diffs them as binary (issue 16)."""
    repo = GitRepo(tmp_path / "r")
    repo.commit("base")
    repo.write(".env", f"GLOMO_SECRET_KEY={LIVE}\r\n".encode(encoding))
    repo.git("add", ".env")
    proc = leakscan_hook(repo)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert ".env:1:" in proc.stdout and LIVE not in proc.stdout
    repo.git("commit", "-q", "--no-verify", "-m", "env")  # committed past the hook: the range sees it too
    pushed = subprocess.run([sys.executable, "-m", "leakscan", "git", ".", "--range", "HEAD~1..HEAD"],
                            cwd=repo.path, capture_output=True, text=True, env={**os.environ, **ENV})
    assert pushed.returncode == 1 and ".env:1:" in pushed.stdout
