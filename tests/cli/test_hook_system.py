"""The ``language: system`` hooks through the real pre-commit framework: the leakscan on PATH runs."""

from __future__ import annotations

import yaml

from testing.gitrepo import GitRepo
from tests.cli import test_hook
from tests.cli.test_hook import LIVE, PROJECT, _project_head, commit, run

framework_env = test_hook.framework_env  # the same session fixture: pre-commit installed, a private cache


def test_system_hooks_mirror_the_python_ones():
    hooks = {h["id"]: h for h in yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())}
    for python_id in ("leakscan", "leakscan-push"):
        system = hooks[f"{python_id}-system"]
        assert system["language"] == "system"
        same = {k: v for k, v in hooks[python_id].items() if k not in ("id", "name", "description", "language")}
        assert {k: system[k] for k in same} == same


def test_system_hook_refuses_a_commit_with_a_secret(tmp_path, framework_env):
    repo = GitRepo(tmp_path / "app")
    repo.write(".pre-commit-config.yaml", f"""repos:
- repo: {PROJECT}
  rev: {_project_head()}
  hooks:
  - id: leakscan-system
""")
    assert run(repo, "pre-commit", "install", env=framework_env).returncode == 0
    repo.git("add", ".pre-commit-config.yaml")
    assert run(repo, "git", "commit", "-q", "-m", "config", env=framework_env).returncode == 0
    proc = commit(repo, framework_env, {"server/.env": f"GLOMO_SECRET_KEY={LIVE}\n"})
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "glomo-api-key" in out and "server/.env" in out
    assert LIVE not in out
