"""Shared fixtures: the built-in config, a detector per engine, and a CLI runner.

Building a Detector compiles every rule (and the Hyperscan database), so it is
done once per session and per engine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from leakscan.cli import cli, main
from leakscan.config import Config, load_config
from leakscan.detect import Detector
from leakscan.engine.matcher import hyperscan_available

ENGINES = ["hyperscan", "regex"]


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config(None)


@pytest.fixture(scope="session", params=ENGINES)
def detector(request: pytest.FixtureRequest, config: Config) -> Detector:
    """One detector per engine; every test using it runs on both."""
    if request.param == "hyperscan" and not hyperscan_available():
        pytest.skip("hyperscan is not installed")
    return Detector(config, engine=request.param, now=1767225600.0)


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> dict:
        return json.loads(self.stdout)


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """``leakscan ARGS`` in process through ``main`` (the real error boundary), output captured."""

    def run(*args: str, cwd: str | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


# tests that build a wheel, install hooks through the real pre-commit framework, or read tens of MB:
# marked slow so `pytest -m "not slow"` is a quick loop while working; CI runs everything
SLOW_FIXTURES = {"installed", "framework_env"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or "50mb" in item.name:
            item.add_marker(pytest.mark.slow)


__all__ = ["cli", "ENGINES"]


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy from the environment: verification tests talk to 127.0.0.1 directly."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "")


@pytest.fixture
def stub():
    """A real HTTP server on 127.0.0.1 (:class:`testing.httpstub.StubServer`) for the verifier to talk to."""
    from testing.httpstub import StubServer

    with StubServer() as server:
        yield server
