"""Tracked files that match .gitignore are in the repository: scanned. Untracked ignored files stay skipped."""

from __future__ import annotations

import json
from pathlib import Path

from testing import secrets
from testing.gitrepo import GitRepo

KEY = secrets.glomo_key(seed=126)


def test_committed_ignored_files_are_scanned_untracked_ones_are_not(tmp_path: Path, run_cli) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("infra", {".gitignore": "*.tfvars\nbuild/\n", "infra/app.py": "print('hi')\n"})
    repo.write("infra/prod.tfvars", f'glomo_key = "{KEY}"\n')
    repo.write("build/release/config.js", f'const k = "{KEY}";\n')
    repo.git("add", "-f", "infra/prod.tfvars", "build/release/config.js")
    repo.commit("forced")
    repo.write("infra/local.tfvars", f'glomo_key = "{KEY}"\n')  # untracked and ignored
    repo.write("build/release/untracked.js", f'const k = "{KEY}";\n')
    run = run_cli("scan", ".", "--format", "json", cwd=str(repo.path))
    paths = sorted(f["path"] for f in run.json()["findings"])
    assert paths == ["build/release/config.js", "infra/prod.tfvars"]
    sub = run_cli("scan", "infra", "--format", "json", cwd=str(repo.path))
    assert [f["path"] for f in sub.json()["findings"]] == ["infra/prod.tfvars"]


def test_outside_a_work_tree_the_ignore_files_decide(tmp_path: Path, run_cli) -> None:
    (tmp_path / ".gitignore").write_text("*.tfvars\n")
    (tmp_path / "prod.tfvars").write_text(f'glomo_key = "{KEY}"\n')
    run = run_cli("scan", ".", "--format", "json", cwd=str(tmp_path))
    assert json.loads(run.stdout)["findings"] == []
