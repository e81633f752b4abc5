"""The fuzz campaign's budget: a short fixed one in every ``pytest`` run (``.ci/run``), longer on demand.

    LEAKSCAN_FUZZ=long pytest tests/fuzz -q          # 20,000 examples per harness
    LEAKSCAN_FUZZ=50000 pytest tests/fuzz -q         # any count

Harnesses use ``@settings(parent=budget())`` so the choice reaches every one of them.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_CI_EXAMPLES = 60


def budget() -> settings:
    wanted = os.environ.get("LEAKSCAN_FUZZ", "ci")
    examples = {"ci": _CI_EXAMPLES, "long": 20_000}.get(wanted) or int(wanted)
    return settings(max_examples=examples, deadline=None, derandomize=wanted == "ci",
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])
