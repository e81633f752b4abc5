"""Client or server by the nearest package manifest (issue 11, item 5): real folders in tmp dirs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from leakscan.model import Fragment
from leakscan.policy.context import build_judge
from leakscan.policy.signals import decide
from leakscan.scans.files import scan_paths
from testing import secrets


def _verdict(root: Path, rel: str, text: str = "export const x = 1;\n"):  # type: ignore[no-untyped-def]
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    fragment = Fragment(text.encode(), rel, disk_path=str(target))
    return decide(build_judge().file_signals(fragment), rel)


def _package(folder: Path, **fields: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text(json.dumps(fields))


def test_a_front_end_app_is_client_side(tmp_path: Path) -> None:
    _package(tmp_path, private=True, dependencies={"react": "18", "react-dom": "18"})
    decision = _verdict(tmp_path, "src/config.js")
    assert decision.client_side
    assert "depends on react-dom" in decision.reason


def test_a_server_package_is_not_and_overrides_its_folders(tmp_path: Path) -> None:
    _package(tmp_path, dependencies={"express": "4"})
    decision = _verdict(tmp_path, "web/settings.js")
    assert not decision.client_side
    assert "express" in decision.reason


def test_a_bin_entry_says_terminal(tmp_path: Path) -> None:
    _package(tmp_path, bin={"tool": "cli.js"}, dependencies={"react-dom": "18"})
    assert not _verdict(tmp_path, "cli.js").client_side


def test_a_library_is_left_to_other_signals(tmp_path: Path) -> None:
    _package(tmp_path, main="index.js", devDependencies={"react-dom": "18"})
    decision = _verdict(tmp_path, "src/index.js")
    assert not decision.client_side and "package.json" not in decision.reason


def test_the_nearest_manifest_decides_in_a_monorepo(tmp_path: Path) -> None:
    _package(tmp_path, private=True, dependencies={"react-dom": "18"})
    _package(tmp_path / "packages" / "api", dependencies={"fastify": "4"})
    assert not _verdict(tmp_path, "packages/api/src/keys.js").client_side
    assert _verdict(tmp_path, "src/keys.js").client_side


def test_a_test_file_of_a_front_end_app_is_not_shipped(tmp_path: Path) -> None:
    _package(tmp_path, private=True, dependencies={"vue": "3"})
    assert not _verdict(tmp_path, "src/keys.spec.js").client_side


def test_a_node_import_outranks_the_manifest(tmp_path: Path) -> None:
    _package(tmp_path, private=True, dependencies={"react-dom": "18"})
    decision = _verdict(tmp_path, "scripts/seed.js", "import fs from 'node:fs';\nexport const x = 1;\n")
    assert not decision.client_side


def test_the_walk_stops_at_the_repository_root(tmp_path: Path) -> None:
    _package(tmp_path, private=True, dependencies={"react-dom": "18"})
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert not _verdict(tmp_path, "repo/src/keys.js").client_side


@pytest.mark.parametrize(("manifest", "body"), [
    ("pubspec.yaml", "name: app\nflutter:\n  uses-material-design: true\n"),
    ("build.gradle", "plugins {\n  id 'com.android.application'\n}\n"),
])
def test_mobile_app_manifests(tmp_path: Path, manifest: str, body: str) -> None:
    (tmp_path / manifest).write_text(body)
    assert _verdict(tmp_path, "src/Config.java" if manifest.endswith("gradle") else "lib/src/config.dart").client_side


def test_a_broken_manifest_says_nothing(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text("{ not json")
    assert not _verdict(tmp_path, "src/a.js").client_side


def test_scan_raises_a_test_secret_key_shipped_in_a_react_app(tmp_path: Path) -> None:
    _package(tmp_path, private=True, dependencies={"react-dom": "18"})
    key = secrets.glomo_key(env="test", key_type="secret", seed=91)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "glomo.js").write_text(f'export const GLOMO_SECRET_KEY = "{key}";\n')
    [finding] = scan_paths([str(tmp_path)]).findings
    assert finding.client_side and finding.severity == "high"  # a test secret key in client code
    assert "react-dom" in finding.client_side_reason


def test_policy_explain_reads_the_manifest(tmp_path: Path) -> None:
    _package(tmp_path, private=True, dependencies={"svelte": "4"})
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.js").write_text("export const x = 1;\n")
    env = {**os.environ, "NO_COLOR": "1"}
    out = subprocess.run([sys.executable, "-m", "leakscan", "policy", "--explain", "src/app.js"], cwd=tmp_path,
                         capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert "client-side:" in out.stdout and "svelte" in out.stdout


def test_a_front_end_manifest_speaks_for_code_not_docs(tmp_path: Path) -> None:
    _package(tmp_path, private=True, dependencies={"react-dom": "18"})
    assert not _verdict(tmp_path, "docs/guide.md", "# guide\n").client_side
    assert _verdict(tmp_path, "src/theme/SearchBar.jsx").client_side


def test_react_native_config_ships_every_env_variable(tmp_path: Path) -> None:
    _package(tmp_path, private=True, dependencies={"react-native": "0.74", "react-native-config": "1.5"})
    decision = _verdict(tmp_path, ".env", "API_SECRET=x\n")
    assert decision.client_side and "react-native-config" in decision.reason
    _package(tmp_path / "web", private=True, dependencies={"react-dom": "18"})
    assert not _verdict(tmp_path, "web/.env", "API_SECRET=x\n").client_side  # a dotenv file read at build


@pytest.mark.parametrize(("path", "text", "client"), [
    ("src/routes/+page.ts", "export const load = () => ({});\n", True),
    ("src/routes/+layout.js", "export const load = () => ({});\n", True),
    ("src/routes/+page.server.ts", "export const load = () => ({});\n", False),
    ("src/components/pay.ts", "import { KEY } from '$env/static/private';\n", False),
    ("src/components/pay.js", "export const x = 1;\n", True),
    ("app/routes/pay.client.ts", "export const x = 1;\n", True),
    ("app/routes/pay.server.ts", "export const x = 1;\n", False),
    ("electron/preload.js", "export const x = 1;\n", True),
    ("src/renderer/store.ts", "export const x = 1;\n", True),
], ids=lambda v: v if isinstance(v, str) and "/" in v else "")
def test_framework_conventions(tmp_path: Path, path: str, text: str, client: bool) -> None:
    assert _verdict(tmp_path, path, text).client_side is client
