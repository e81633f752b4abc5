"""The usage table end to end: every planted key judged, explained and rated as DESIGN.md says."""

from __future__ import annotations

import itertools
import json
import subprocess
from pathlib import Path

import pytest

from leakscan.engine.matcher import hyperscan_available
from leakscan.model import severity_rank
from leakscan.scans.files import scan_paths

from .conftest import Plant, build

GLOMO = "glomo-api-key"


def test_every_combination_is_planted(plants: list[Plant]) -> None:
    glomo = {(p.key_type, p.environment, p.client_side) for p in plants if p.rule_id == GLOMO}
    kinds, envs = ("public", "secret", "unknown"), ("test", "live", "unknown")
    assert glomo == set(itertools.product(kinds, envs, (True, False)))
    others = {(p.rule_id, p.client_side) for p in plants if p.rule_id != GLOMO}
    rules = {p.rule_id for p in plants} - {GLOMO}
    assert others == set(itertools.product(rules, (True, False)))
    assert len(rules) >= 6


ENGINES = ["regex", pytest.param("hyperscan", marks=pytest.mark.skipif(
    not hyperscan_available(), reason="hyperscan not installable here"))]


@pytest.mark.parametrize("engine", ENGINES)
def test_each_planted_key_is_judged_as_planted(monorepo: Path, plants: list[Plant], engine: str) -> None:
    result = scan_paths([str(monorepo)], jobs=1, engine=engine)
    assert result.stats.engine == engine
    by_path = {f.path: f for f in result.findings}
    assert sorted(by_path) == sorted(p.path for p in plants), "nothing else is reported, nothing is missed"
    assert len(result.findings) == len(plants)
    for plant in plants:
        f = by_path[plant.path]
        got = (f.rule_id, f.key_type, f.environment, f.client_side, f.severity)
        want = (plant.rule_id, plant.key_type, plant.environment, plant.client_side, plant.severity)
        assert got == want, plant.path
        assert plant.reason in f.client_side_reason, (plant.path, f.client_side_reason)
        assert f.client_side_reason.startswith(plant.path) or "bound to" in f.client_side_reason \
            or "block of" in f.client_side_reason, f.client_side_reason


def test_default_threshold_blocks_exactly_what_must_not_ship(monorepo: Path, plants: list[Plant]) -> None:
    run = subprocess.run(["leakscan", "scan", str(monorepo), "--format", "json", "--no-color"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1, run.stderr
    doc = json.loads(run.stdout)
    blocked = {f["path"] for f in doc["findings"] if severity_rank(f["severity"]) >= severity_rank("low")}
    must_not_ship = {p.path for p in plants if p.severity != "info"}
    assert blocked == must_not_ship
    for finding in doc["findings"]:
        assert finding["client_side_reason"]
        prose = finding["path"].endswith(".md")
        assert finding["token_context"] == ("unknown" if prose else "string"), finding["path"]


def test_what_the_table_allows_passes_the_default_threshold(tmp_path: Path, plants: list[Plant]) -> None:
    allowed = [p for p in plants if p.severity == "info"]
    assert {(p.key_type, p.client_side) for p in allowed} >= {("public", True), ("public", False)}
    build(tmp_path, allowed)
    run = subprocess.run(["leakscan", "scan", str(tmp_path), "--no-color"], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stdout
    assert f"{len(allowed)} findings ({len(allowed)} info)" in run.stdout


@pytest.mark.parametrize(("path", "line"), [
    ("web/app/pay/page.tsx", 'client-side (exposed to every visitor): web/app/pay/page.tsx starts with "use client"'),
    ("flask-app/templates/checkout.html", "client-side (exposed to every visitor): flask-app/templates/checkout.html "
                                          "has it inside an inline <script> block (opened at line 2)"),
    ("web/pages/checkout.tsx", "client-side (allowed by the usage table): web/pages/checkout.tsx is under pages/ "
                               "(pages router: ships to browsers)"),
    ("web/components/PayButton.jsx", "client-side (live key shipped to clients): web/components/PayButton.jsx "
                                     "is under components/ (UI components)"),
    ("server/index.js", "not client-side: server/index.js is under server/ (server folder)"),
])
def test_text_report_says_why_in_one_line(monorepo: Path, path: str, line: str) -> None:
    run = subprocess.run(["leakscan", "scan", path, "--no-color"], capture_output=True, text=True, check=False,
                         cwd=monorepo)
    lines = [ln.strip() for ln in run.stdout.splitlines() if "client-side" in ln]
    assert lines == [line]
    assert "    in: string (" in run.stdout
