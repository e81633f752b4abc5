"""Every example in docs/api.md runs, and gives what the page says."""

from __future__ import annotations

import doctest
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"


def test_docs_api_examples_run() -> None:
    failed, attempted = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert attempted > 10
    assert failed == 0
