"""Validators: decode and judge a match offline, returning a :class:`Verdict`.

Each validator is a module with ``validate(match, fragment, now) -> Verdict``,
listed in a literal dict and imported only when first used (the hook must
start fast, and most scans never meet most validators).
"""

from __future__ import annotations

import importlib
from typing import Protocol

from leakscan.model import Fragment, RuleMatch, Scratch, Verdict

REGISTRY: dict[str, str] = {
    "jwt": "leakscan.validate.jwt",
    "basic": "leakscan.validate.basic",
    "basic-pair": "leakscan.validate.basicpair",
    "hex-key": "leakscan.validate.hexkey",
    "signature": "leakscan.validate.signature",
    "wif": "leakscan.validate.wif",
    "assignment": "leakscan.validate.assignment",
    "url-credentials": "leakscan.validate.urlcreds",
    "none": "leakscan.validate.plain",
}


class Validator(Protocol):
    """``scratch`` is the detector's per-fragment memory (None: build what is needed afresh)."""

    def __call__(self, match: RuleMatch, fragment: Fragment, now: float,
                 scratch: Scratch | None = None) -> Verdict: ...


def get(name: str) -> Validator:
    module = importlib.import_module(REGISTRY[name])
    return module.validate  # type: ignore[no-any-return]
