"""The built wheel works on its own: rules ship inside it, and it runs outside the source tree.

Slow (builds a wheel and installs it with its dependencies into a fresh venv): it
is the proof that ``pip install .`` gives a working ``leakscan``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from testing import secrets

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel (and its dependencies) installed; returns its bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(ROOT)],
                 cwd=work)
    assert built.returncode == 0, built.stderr
    [wheel] = (work / "dist").glob("leakscan-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    rule_files = sorted(p.name for p in (ROOT / "rules").glob("*.toml"))
    assert sorted(n.rsplit("/", 1)[-1] for n in names if n.startswith("leakscan/builtin_rules/")
                  and n.endswith(".toml")) == rule_files
    assert not any(n.startswith(("tests/", "testing/")) for n in names)
    made = _run([sys.executable, "-m", "venv", str(work / "venv")], cwd=work)
    assert made.returncode == 0, made.stderr
    bin_dir = work / "venv" / ("Scripts" if sys.platform == "win32" else "bin")
    pip = _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=work, timeout=900)
    if pip.returncode != 0 and "No matching distribution" in pip.stderr:
        pytest.skip(f"dependencies not reachable: {pip.stderr.strip().splitlines()[-1]}")
    assert pip.returncode == 0, pip.stderr
    return bin_dir


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A working folder far from the source tree, so nothing can come from the checkout."""
    assert ROOT not in tmp_path.parents
    return tmp_path


def test_rules_list_from_the_wheel(installed: Path, outside: Path) -> None:
    proc = _run([str(installed / "leakscan"), "rules", "list"], cwd=outside)
    assert proc.returncode == 0, proc.stderr
    for rule_id in ("glomo-api-key", "gluwa-basic-token", "gluwa-request-signature", "hex-private-key",
                    "bitcoin-wif-private-key", "generic-jwt"):
        assert rule_id in proc.stdout


def test_rules_check_from_the_wheel(installed: Path, outside: Path) -> None:
    proc = _run([str(installed / "leakscan"), "rules", "check"], cwd=outside)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 problems" in proc.stdout


def test_rules_come_from_the_installed_package(installed: Path, outside: Path) -> None:
    code = "from leakscan.rules.loader import builtin_rule_files as f; print('\\n'.join(map(str, f())))"
    proc = _run([str(installed / "python"), "-c", code], cwd=outside)
    assert proc.returncode == 0, proc.stderr
    paths = proc.stdout.split()
    assert paths and all("site-packages" in p and str(ROOT) not in p for p in paths)


def test_scan_with_the_wheel(installed: Path, outside: Path) -> None:
    (outside / "deploy.env").write_text(f"PRIVATE_KEY={secrets.hex_key(91)}\n")
    proc = _run([str(installed / "leakscan"), "scan", ".", "--format", "json"], cwd=outside)
    assert proc.returncode == 1, proc.stderr
    [finding] = json.loads(proc.stdout)["findings"]
    assert (finding["rule_id"], finding["path"]) == ("hex-private-key", "deploy.env")
    assert finding["validation"]["address"] == secrets.eth_address(91)
