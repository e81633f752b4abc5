"""What the client-side judgement costs: the judge timed alone, on every match of a file.

Run: python benchmarks/policy_judge.py  (prints figures; asserts nothing)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from leakscan.config import load_config  # noqa: E402
from leakscan.engine.matcher import compile_rules  # noqa: E402
from leakscan.model import Fragment  # noqa: E402
from leakscan.policy.context import Judge  # noqa: E402
from testing import secrets  # noqa: E402


def judge_time(fragment: Fragment, runs: int = 5) -> tuple[float, int]:
    """Best-of-runs seconds to judge every match of the fragment with a fresh judge (no memo carried over)."""
    matches = compile_rules(load_config(None).rules, "auto").scan(fragment.data)
    best = float("inf")
    for _ in range(runs):
        judge = Judge()
        started = time.perf_counter()
        for match in matches:
            judge(fragment, match)
        best = min(best, time.perf_counter() - started)
    return best, len(matches)


def main() -> None:
    keys = [secrets.glomo_key("live", "secret", seed=i) for i in range(200)]
    many = "".join(f'const glomoSecretKey{i} = "{k}";\n' + "const x = 1; // filler\n" * 20
                   for i, k in enumerate(keys))
    big = "const x = 1; // filler line\n" * 380_000 + f'const glomoSecretKey = "{keys[0]}";\n'
    judge_time(Fragment(many[:5000].encode(), "warm.ts"), runs=1)  # pygments import, lexer set-up
    cases = (("200 keys in one 1 MB .ts file", many), ("one key at the end of a 10 MB .ts file", big),
             ("200 keys, plain .py file", many.replace("const ", "")))
    for label, text in cases:
        path = "server/pay.py" if ".py" in label else "web/src/pay.ts"
        seconds, count = judge_time(Fragment(text.encode(), path))
        print(f"{label}: {count} matches judged in {seconds * 1000:.1f} ms, "
              f"{seconds * 1000 / max(count, 1):.2f} ms per match")


if __name__ == "__main__":
    main()
