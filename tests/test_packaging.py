"""pyproject.toml: Hyperscan wherever PyPI has its wheels, the licence file, classifiers for every supported Python."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def hyperscan_marker() -> Marker:
    [req] = [Requirement(r) for r in PROJECT["dependencies"] if r.startswith("hyperscan")]
    assert req.marker is not None
    return req.marker


# (sys_platform, platform_machine) -> does hyperscan 0.9.1 publish a wheel there (pip download --platform …)
PLATFORMS = {
    ("linux", "x86_64"): True,       # manylinux2014 / musllinux_1_2
    ("linux", "aarch64"): True,      # manylinux_2_28 / musllinux_1_2
    ("darwin", "x86_64"): True,      # macosx_10_9 (cp310) … macosx_10_15 (cp314)
    ("darwin", "arm64"): True,       # macosx_11_0_arm64
    ("win32", "AMD64"): True,        # win_amd64
    ("win32", "ARM64"): False,       # none: the regex engine
}


@pytest.mark.parametrize(("platform", "machine"), sorted(PLATFORMS), ids=lambda v: str(v))
def test_hyperscan_is_required_exactly_where_it_has_wheels(platform, machine):
    env = {"sys_platform": platform, "platform_machine": machine, "platform_system": platform}
    assert hyperscan_marker().evaluate(env) is PLATFORMS[(platform, machine)]


def test_licence_and_classifiers():
    assert PROJECT["license"] == "MIT" and (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert PROJECT["license-files"] == ["LICENSE"]
    low = int(PROJECT["requires-python"].removeprefix(">=3."))
    for minor in range(low, 15):
        assert f"Programming Language :: Python :: 3.{minor}" in PROJECT["classifiers"]
    assert (ROOT / "leakscan" / "py.typed").exists()


def test_changelog_has_an_unreleased_section():
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text()
