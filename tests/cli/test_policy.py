from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from leakscan.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["policy", *args], standalone_mode=False)
    return (result.return_value if result.exception is None else 99), result.output


def test_prints_the_default_table() -> None:
    code, out = run()
    assert code == 0
    assert "  glomo-api-key.secret.test  high      medium" in out
    assert "  glomo-api-key.public.test  info      info" in out
    assert "an expired key drops one level" in out
    assert "NEXT_PUBLIC_* (Next.js)" in out
    assert "*" not in out.split("modifiers:")[0].replace("(* set", "")


def test_prints_the_effective_table_after_overrides(tmp_path: Path) -> None:
    config = tmp_path / "leakscan.toml"
    config.write_text('[policy]\n"glomo-api-key.secret" = { client = "critical", elsewhere = "high" }\n'
                      '[client_side]\npublic_prefixes = ["SHOP_PUBLIC_"]\n')
    code, out = run("--config", str(config))
    assert code == 0
    assert "* glomo-api-key.secret" in out and "glomo-api-key.secret.test" not in out
    assert "(* set by configuration)" in out and "SHOP_PUBLIC_* (configured public prefix)" in out
    code, out = run("--config", str(config), "--format", "json")
    doc = json.loads(out)
    assert doc["rows"]["glomo-api-key.secret"] == {"client": "critical", "elsewhere": "high",
                                                   "note": "", "configured": True}


def test_explain(tmp_path: Path) -> None:
    page = tmp_path / "web" / "app" / "pay" / "page.tsx"
    page.parent.mkdir(parents=True)
    page.write_text('"use client";\nexport default function Pay() {}\n')
    code, out = run("--explain", str(page))
    assert code == 0
    assert out == f'client-side: {page.as_posix()} starts with "use client"\n'


def test_explain_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["policy", "--explain", str(tmp_path / "nope.ts")], standalone_mode=False)
    assert "cannot read" in str(result.exception)
