"""Cost of leakscan.logging.RedactingFilter per log record (target: <= 50 us for a record with no secret).

No peer (betterleaks, Kingfisher) offers a logging filter, so the figures stand beside
the cost of logging itself: formatting and writing the same record with a
StreamHandler into memory.  Each figure is the median of --repeats runs of --n calls;
engines alternate between runs (the machine is shared).  Usage:

    python benchmarks/bench_logging.py [--n 20000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import io
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from leakscan.logging import RedactingFilter  # noqa: E402
from testing import secrets  # noqa: E402


def records() -> dict[str, Callable[[], logging.LogRecord]]:
    key = secrets.glomo_key("live", "secret", seed=9)

    def make(msg: str, args: tuple[object, ...] = (), **extra: object) -> Callable[[], logging.LogRecord]:
        def build() -> logging.LogRecord:
            record = logging.LogRecord("app.api", logging.INFO, "app/api.py", 42, msg, args, None)
            record.__dict__.update(extra)
            return record
        return build

    return {
        "plain, no secret": make("GET /api/orders?page=%d user=%s took %.1f ms", (3, "alice", 12.5)),
        "extra fields, no secret": make("payment accepted", (), request_id="4f1c2a9e-77aa", amount=1250,
                                        customer={"id": "c_123", "country": "DE"}),
        "sha256 in message (candidate, no secret)":
            make("artifact digest %s", ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",)),
        "secret in an arg": make("calling the API with key %s", (key,)),
    }


def per_call(filt: logging.Filter | None, build: Callable[[], logging.LogRecord], n: int) -> float:
    """Microseconds per call, the record built fresh each time (its cost measured and taken off)."""
    batch = [build() for _ in range(n)]
    t0 = time.perf_counter()
    for record in batch:
        if filt is not None:
            filt.filter(record)
    spent = time.perf_counter() - t0
    return spent / n * 1e6


def emit_cost(build: Callable[[], logging.LogRecord], n: int) -> float:
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    batch = [build() for _ in range(n)]
    t0 = time.perf_counter()
    for record in batch:
        handler.handle(record)
    return (time.perf_counter() - t0) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    filters = {"hyperscan": RedactingFilter(engine="auto"), "regex": RedactingFilter(engine="regex")}
    print(f"engine auto -> {filters['hyperscan']._detector.engine}; n={args.n}, median of {args.repeats}")
    print(f"{'record':44} {'auto us':>9} {'regex us':>9} {'logging emit us':>16}")
    for label, build in records().items():
        for f in filters.values():
            f.filter(build())  # warm: the placement judge is built on the first match
        times: dict[str, list[float]] = {name: [] for name in filters}
        emits: list[float] = []
        for _ in range(args.repeats):
            for name, f in filters.items():
                times[name].append(per_call(f, build, args.n))
            emits.append(emit_cost(build, args.n))
        med = {name: statistics.median(v) for name, v in times.items()}
        print(f"{label:44} {med['hyperscan']:9.1f} {med['regex']:9.1f} {statistics.median(emits):16.1f}")
    print("target: <= 50 us for a record with no secret")


if __name__ == "__main__":
    main()
