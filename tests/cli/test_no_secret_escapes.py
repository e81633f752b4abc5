"""No command, in any format, prints a secret whole: two and three secrets on one line, and a secret
reported on one line that shows again on another (where it was judged a hash)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from testing import secrets
from testing.gitrepo import GitRepo

FORMATS = ("text", "json", "sarif", "github", "junit", "csv")


def _secrets() -> dict[str, str]:
    return {f"k{i}": secrets.hex_key(70 + i) for i in range(6)} | {
        "jwt": secrets.glomo_key("live", "secret", seed=71),
        "basic": secrets.basic_token("gk_live_51ce02", "Hq7vLm2xWt9pRk4s"),
    }


def _text(s: dict[str, str]) -> str:
    return (f'private_keys = ["{s["k0"]}", "{s["k1"]}"]\n'
            f'wallet_private_keys = ["0x{s["k2"]}", "0x{s["k3"]}", "{s["k4"]}"]\n'
            f'signer_private_key = "{s["k5"]}"; GLOMO_SECRET_KEY = "{s["jwt"]}"\n'
            f'# sha256 {s["k5"]}  headers = {{"Authorization": "Basic {s["basic"]}"}}  # gluwa\n')


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    s = _secrets()
    repo = GitRepo(tmp_path_factory.mktemp("escapes") / "repo")
    repo.commit("readme", {"README.md": "# demo\n"})
    repo.commit("keys", {"server/keys.py": _text(s)})
    repo.write("server/staged.py", _text(s))
    repo.git("add", "server/staged.py")
    (repo.path / "app.log").write_text(_text(s))
    (repo.path / "change.patch").write_text(repo.git("log", "-p", "-1", "--format=medium") + "\n")
    return repo.path, s


def _assert_hidden(out: str, s: dict[str, str], what: str) -> None:
    for name, value in s.items():
        for piece in {value, value[:16], value[-16:]}:
            assert piece not in out, f"{what}: {name} shown ({piece[:4]}…)"


COMMANDS = {
    "scan": ["scan", "server"],
    "git": ["git", "."],
    "git-range": ["git", ".", "--range", "HEAD~1..HEAD"],
    "diff": ["diff", "change.patch"],
    "logs": ["logs", "app.log"],
    "hook": ["hook"],
    "hook-push": ["hook", "push", "HEAD~1..HEAD"],
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_and_format_hides_every_secret(tree, leakscan, command: str, fmt: str) -> None:
    root, s = tree
    proc = leakscan(*COMMANDS[command], "--format", fmt, "--show-suppressed", cwd=root)
    assert proc.returncode == 1, proc.stderr
    _assert_hidden(proc.stdout + proc.stderr, s, f"{command} --format {fmt}")


def test_the_secrets_are_found_so_the_test_means_something(tree, leakscan) -> None:
    root, s = tree
    report = json.loads(leakscan("scan", "server/keys.py", "--format", "json", cwd=root).stdout)
    rules = sorted(f["rule_id"] for f in report["findings"])
    assert rules.count("hex-private-key") == 6 and "gluwa-basic-token" in rules and "glomo-api-key" in rules
    basic = next(f for f in report["findings"] if f["rule_id"] == "gluwa-basic-token")
    assert basic["line"] == 4 and "sha256" in basic["snippet"]  # the hash-judged key shares its line
    shown = leakscan("scan", "server/keys.py", "--format", "json", "--show-secrets", cwd=root).stdout
    assert all(value in shown for value in s.values())


@pytest.mark.parametrize("line", [1, 2, 3, 4])
def test_explain_hides_them(tree, leakscan, line: int) -> None:
    root, s = tree
    proc = leakscan("explain", f"server/keys.py:{line}", cwd=root)
    assert proc.returncode == 0, proc.stderr
    _assert_hidden(proc.stdout + proc.stderr, s, f"explain line {line}")


def test_baseline_and_redact_hide_them(tree, leakscan, tmp_path: Path) -> None:
    root, s = tree
    target = tmp_path / "baseline.json"
    proc = leakscan("baseline", "create", "server", "-o", str(target), cwd=root)
    assert proc.returncode == 0, proc.stderr
    _assert_hidden(proc.stdout + proc.stderr + target.read_text(), s, "baseline create")
    proc = leakscan("redact", "app.log", cwd=root)
    assert proc.returncode in (0, 1), proc.stderr
    assert "REDACTED" in proc.stdout
    for name in ("k0", "k1", "k2", "k3", "k4", "jwt", "basic"):  # k5 on line 4 stands where it is a hash
        assert s[name] not in proc.stdout + proc.stderr, name
