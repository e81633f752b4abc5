"""What .gitignore hides is counted and listed, never silent; tracked files are never ignored;
``--no-ignore`` scans everything; the .env files a bundler reads are scanned for what ships."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import leakscan
from testing import secrets
from testing.gitrepo import GitRepo

LIVE = secrets.glomo_key("live", "secret", seed=101)
PUBLIC_LIVE = secrets.glomo_key("live", "secret", seed=102)
NEXT_GITIGNORE = "# next.js\n/node_modules\n/.next/\n.env*.local\n*.log\n"


def cli(cwd: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "leakscan", "scan", *args, "--format", "json"], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, json.loads(proc.stdout) if proc.stdout else {"stderr": proc.stderr}


def paths(result) -> list[str]:
    return sorted(f.path for f in result.findings)


def test_ignored_files_are_counted_and_listed_outside_a_work_tree(tmp_path):
    (tmp_path / ".gitignore").write_text("*.log\nbuild/\n")
    (tmp_path / "app.log").write_text(f"GLOMO_SECRET_KEY={LIVE}\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "a.txt").write_text("x\n")
    (tmp_path / "b.txt").write_text("x\n")
    result = leakscan.scan_paths([str(tmp_path)])
    assert result.findings == []
    assert sorted(result.stats.ignored) == ["app.log", "build/"]
    code, doc = cli(tmp_path, ".")
    assert code == 0 and doc["summary"]["ignored"] == 2 and sorted(doc["ignored"]) == ["app.log", "build/"]
    text = subprocess.run([sys.executable, "-m", "leakscan", "scan", ".", "--no-color"], cwd=tmp_path,
                          capture_output=True, text=True).stdout
    assert "2 ignored" in text.splitlines()[-1]
    assert "ignored by .gitignore (--no-ignore scans them): app.log, build/" in text


def test_no_ignore_scans_them(tmp_path):
    (tmp_path / ".gitignore").write_text("*.log\n")
    (tmp_path / "app.log").write_text(f"GLOMO_SECRET_KEY={LIVE}\n")
    code, doc = cli(tmp_path, ".", "--no-ignore")
    assert code == 1 and [f["path"] for f in doc["findings"]] == ["app.log"] and doc["ignored"] == []
    assert paths(leakscan.scan_paths([str(tmp_path)], gitignore=False)) == ["app.log"]


def test_a_tracked_file_is_never_ignored(tmp_path):
    """git keeps committing a tracked file whatever .gitignore says: so its content is scanned."""
    repo = GitRepo(tmp_path / "r")
    repo.commit("tracked", {"config/prod.env": f"GLOMO_SECRET_KEY={LIVE}\n"})
    repo.commit("ignore it", {".gitignore": "*.env\n"})
    (repo.path / "untracked.env").write_text(f"GLOMO_SECRET_KEY={LIVE}\n")
    result = leakscan.scan_paths([str(repo.path)])
    assert paths(result) == ["config/prod.env"]
    assert result.stats.ignored == ["untracked.env"]
    sub = leakscan.scan_paths([str(repo.path / "config")])  # from a subfolder too
    assert len(sub.findings) == 1 and sub.stats.ignored == []


def test_bundler_env_files_are_scanned_for_what_ships(tmp_path):
    """Next.js ignores .env*.local, but ``next build`` inlines its NEXT_PUBLIC_ values into the bundle."""
    repo = GitRepo(tmp_path / "shop")
    repo.commit("next app", {".gitignore": NEXT_GITIGNORE, "package.json": '{"dependencies": {"next": "14"}}\n'})
    (repo.path / ".env.local").write_text(f"NEXT_PUBLIC_GLOMO_KEY={PUBLIC_LIVE}\nGLOMO_SECRET_KEY={LIVE}\n")
    (repo.path / ".env.production.local").write_text(f"VITE_GLOMO_KEY={PUBLIC_LIVE}\n")
    (repo.path / "server.log").write_text(f"GLOMO_SECRET_KEY={LIVE}\n")
    result = leakscan.scan_paths([str(repo.path)])
    shipped = sorted((f.path, f.line, f.client_side) for f in result.findings)
    assert shipped == [(".env.local", 1, True), (".env.production.local", 1, True)]
    # the server-only value in the same ignored file stays the developer's own business, and is not listed
    assert sorted(result.stats.ignored) == ["server.log"]
    code, doc = cli(repo.path, ".")
    assert code == 1 and {f["path"] for f in doc["findings"]} == {".env.local", ".env.production.local"}
