"""``--verify`` under load: 1,000 findings checked against a local Glomo stub with concurrency 16.

Starts the test suite's HTTP stub (testing/httpstub.py) on 127.0.0.1, in a
process of its own so its clock sees what a remote server would, which
answers each ping after ``--latency`` seconds (a stand-in for a real API's round
trip), and verifies 1,000 distinct Glomo keys through the library
(``leakscan.verify.verify_findings``) with the limits a user would write in
``[verify]``.  Prints wall time, achieved request rate, the busiest one-second
window of request releases by the limiter (must not exceed the rate limit, plus
one for the window's edge), the busiest one-second window of arrivals seen by
the server, and the most requests the server was answering at once (must not
exceed the concurrency).  A released request still has to be built and
connected by its thread; on a loaded 2-core machine a few arrive late and bunch
with the next, which the server-side column shows as it is.
Scenarios: two where the rate limit binds, one where the concurrency does.
Medians over --runs runs; the worst window and in-flight count over all runs.

    python benchmarks/bench_verify.py [--findings 1000] [--concurrency 16] [--runs 3]

There is no side-by-side figure: betterleaks has no live verification, and
Kingfisher's validators call the real providers' hosts, which this machine cannot
reach and a benchmark must not.
"""

from __future__ import annotations

import argparse
import bisect
import multiprocessing
import multiprocessing.connection
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from leakscan import scan_text  # noqa: E402
from leakscan.config import load_config  # noqa: E402
from leakscan.verify import VerifyOptions, http, verify_findings  # noqa: E402
from leakscan.verify.http import HostLimiter  # noqa: E402
from testing import secrets  # noqa: E402
from testing.httpstub import StubServer  # noqa: E402


def busiest_second(times: list[float]) -> int:
    """The most request arrivals in any one-second window."""
    times = sorted(times)
    return max(bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times))


def serve(keys: list[str], latency: float, pipe: multiprocessing.connection.Connection) -> None:
    """The stub in a child process: sends its URL, serves until told to stop, sends back what it saw."""
    with StubServer() as server:
        server.state.answers.update({key: [f"slow:{latency}"] for key in keys})
        pipe.send(server.url)
        pipe.recv()
        pipe.send(([s.at for s in server.seen], server.state.max_in_flight))


class _Recorded(HostLimiter):
    """The limiter, recording when it released each request (benchmark instrumentation only)."""

    released: list[float] = []

    def wait(self, host: str) -> None:
        super().wait(host)
        self.released.append(time.monotonic())


def run(n: int, concurrency: int, rate: float, latency: float) -> dict[str, float]:
    keys = [secrets.glomo_key(seed=1000 + i) for i in range(n)]
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.get_context("fork").Process(target=serve, args=(keys, latency, theirs))
    child.start()
    url = ours.recv()
    with tempfile.TemporaryDirectory() as folder:
        config_path = Path(folder) / ".leakscan.toml"
        config_path.write_text(f"[verify]\nconcurrency = {concurrency}\nrate_limit = {rate}\ntimeout = 10\n\n"
                               f'[verify.glomo]\nbase_url = "{url}"\n', encoding="utf-8")
        config = load_config(config_path)
        text = "".join(f'GLOMO_SECRET_KEY_{i} = "{key}"\n' for i, key in enumerate(keys))
        findings = scan_text(text, "app/server.py", config).findings
        assert len(findings) == n, len(findings)
        _Recorded.released = []
        http.HostLimiter = _Recorded  # type: ignore[misc]
        started = time.perf_counter()
        try:
            out = verify_findings(findings, config, VerifyOptions(allow_http=True))
        finally:
            http.HostLimiter = HostLimiter  # type: ignore[misc]
        wall = time.perf_counter() - started
    ours.send("stop")
    arrivals, max_in_flight = ours.recv()
    child.join()
    statuses = {f.verification.status for f in out if f.verification}
    assert statuses == {"valid"}, statuses
    return {"wall": wall, "requests": len(arrivals), "rate": len(arrivals) / wall,
            "released": busiest_second(_Recorded.released), "busiest": busiest_second(arrivals),
            "max_in_flight": max_in_flight}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--findings", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scenarios = [("rate limit binds", 50.0, 0.02), ("rate limit binds", 200.0, 0.02),
                 ("concurrency binds", 2000.0, 0.05)]
    print(f"{args.findings} findings, concurrency {args.concurrency}, {args.runs} run(s) each, medians")
    print(f"{'scenario':<18} {'limit/s':>7} {'latency':>7} {'wall s':>6} {'req/s':>6} {'released 1s':>11} "
          f"{'arrived 1s':>10} {'in flight':>9} {'requests':>8}")
    ok = True
    for name, rate, latency in scenarios:
        runs = [run(args.findings, args.concurrency, rate, latency) for _ in range(args.runs)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        worst = {k: max(r[k] for r in runs) for k in ("released", "busiest", "max_in_flight")}
        ok &= worst["released"] <= rate + 1 and worst["max_in_flight"] <= args.concurrency
        print(f"{name:<18} {rate:>7.0f} {latency:>7.2f} {med['wall']:>6.2f} {med['rate']:>6.1f} "
              f"{worst['released']:>11.0f} {worst['busiest']:>10.0f} {worst['max_in_flight']:>9.0f} "
              f"{med['requests']:>8.0f}")
    print("(released / arrived 1s, in flight: the worst over all runs)")
    print("limits respected" if ok else "LIMIT EXCEEDED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
