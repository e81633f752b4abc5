"""[client_side] and [policy] in .leakscan.toml, through the library and the real CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from leakscan.config import build_config
from leakscan.errors import ConfigError
from leakscan.scans.files import scan_paths
from testing import secrets


def write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


def key(seed: int, env: str = "test", kind: str = "secret") -> str:
    return secrets.glomo_key(env, kind, seed=seed)


def judged(root: Path) -> dict[str, tuple[bool, str, str]]:
    return {f.path: (f.client_side, f.severity, f.client_side_reason) for f in scan_paths([str(root)], jobs=1).findings}


def test_client_side_section_overrides(tmp_path: Path) -> None:
    write(tmp_path, {
        ".leakscan.toml": '[client_side]\nclient_paths = ["tools/widget/**"]\nserver_paths = ["web/ssr/**"]\n'
                          'public_prefixes = ["SHOP_PUBLIC_"]\n',
        "tools/widget/embed.js": f'const glomoSecretKey = "{key(1)}";\n',
        "web/ssr/Render.tsx": f'const glomoSecretKey = "{key(2)}";\n',
        "web/.env": f"SHOP_PUBLIC_GLOMO_KEY={key(3)}\n",
    })
    got = judged(tmp_path)
    assert got["tools/widget/embed.js"][:2] == (True, "high")
    assert 'matches client_paths glob "tools/widget/**" (configuration)' in got["tools/widget/embed.js"][2]
    assert got["web/ssr/Render.tsx"][:2] == (False, "medium")
    assert 'matches server_paths glob "web/ssr/**"' in got["web/ssr/Render.tsx"][2]
    assert got["web/.env"][:2] == (True, "high")


def test_default_paths_off_and_analysis_off(tmp_path: Path) -> None:
    files = {"public/app.js": f'const glomoSecretKey = "{key(4)}";\n'}
    write(tmp_path, {**files, ".leakscan.toml": "[client_side]\ndefault_paths = false\n"})
    assert judged(tmp_path)["public/app.js"][0] is False
    write(tmp_path, {".leakscan.toml": "[client_side]\nenabled = false\n"})
    assert judged(tmp_path)["public/app.js"][2] == "client-side analysis is disabled ([client_side] enabled = false)"
    write(tmp_path, {".leakscan.toml": ""})
    assert judged(tmp_path)["public/app.js"][:2] == (True, "high")


def test_policy_override_changes_what_blocks(tmp_path: Path) -> None:
    write(tmp_path, {"web/public/pay.js": f'const glomoPublicKey = "{key(5, "test", "public")}";\n'})
    run = subprocess.run(["leakscan", "scan", str(tmp_path), "--no-color"], capture_output=True, text=True)
    assert run.returncode == 0  # a public test key in client code is what the table allows
    write(tmp_path, {".leakscan.toml": '[policy]\n"glomo-api-key.public.test" = { client = "low" }\n'})
    run = subprocess.run(["leakscan", "scan", str(tmp_path), "--no-color"], capture_output=True, text=True)
    assert run.returncode == 1
    assert "LOW  glomo-api-key  web/public/pay.js" in run.stdout


@pytest.mark.parametrize(("section", "field"), [
    ("[client_side]\nclient_path = []\n", "client_side.client_path"),
    ("[client_side]\nclient_paths = [\"src/[abc\"]\n", "client_side.client_paths"),
    ("[client_side]\nenabled = \"yes\"\n", "client_side.enabled"),
    ("[client_side]\npublic_prefixes = [\"lower\"]\n", "client_side.public_prefixes"),
    ("client_side = 3\n", "client_side"),
    ("[policy]\n\"glomo-api-key.secret.staging\" = { client = \"low\" }\n", "policy.glomo-api-key.secret.staging"),
])
def test_mistakes_name_the_field(section: str, field: str) -> None:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    with pytest.raises(ConfigError, match=f"field '{field}'"):
        build_config(tomllib.loads(section), "x.toml")


def test_cli_reports_a_config_mistake_in_one_line(tmp_path: Path) -> None:
    write(tmp_path, {".leakscan.toml": "[client_side]\ncontent = 1\n"})
    run = subprocess.run(["leakscan", "scan", str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "client_side.content" in run.stderr
