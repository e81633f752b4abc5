#!/usr/bin/env python3
"""Two leakscan builds (or option sets) on the same trees, alternated run by run: medians and the ratio.

The machine is shared and noisy, so the commands take turns (A B A B …) and the
median of each is compared; CPU time (user+sys of the child) is printed beside
wall time, as the figure other load disturbs less.

    python benchmarks/bench_before_after.py PATH… --before "python -m leakscan" \\
        --after "leakscan" [--runs 5] [--args "scan --no-color"]

``--before`` / ``--after`` are command prefixes (e.g. ``env PYTHONPATH=/tmp/old python -m leakscan``,
or ``leakscan --max-decode-depth 0`` style option sets through ``--after-args``).
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import statistics
import subprocess
import time


def timed(cmd: list[str]) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--before", required=True, help="command prefix of the old build")
    ap.add_argument("--after", required=True, help="command prefix of the new build")
    ap.add_argument("--before-args", default="scan --no-color --format json")
    ap.add_argument("--after-args", default="scan --no-color --format json")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    print(f"{'tree':<28} {'build':<7} {'median s':>9} {'cpu s':>7} {'exit':>5}   [wall s per run]")
    for path in args.paths:
        results: dict[str, list[tuple[float, float, int]]] = {"before": [], "after": []}
        cmds = {"before": [*shlex.split(args.before), *shlex.split(args.before_args), path],
                "after": [*shlex.split(args.after), *shlex.split(args.after_args), path]}
        for name in cmds:  # warm the page cache and the Hyperscan database cache once each
            timed(cmds[name])
        for _ in range(args.runs):
            for name, cmd in cmds.items():
                results[name].append(timed(cmd))
        medians = {}
        for name, runs in results.items():
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            medians[name] = (wall, cpu)
            shown = " ".join(f"{r[0]:.2f}" for r in runs)
            print(f"{os.path.basename(path.rstrip('/')):<28} {name:<7} {wall:>9.2f} {cpu:>7.2f} {runs[0][2]:>5}   [{shown}]")
        (bw, bc), (aw, ac) = medians["before"], medians["after"]
        print(f"{'':<28} after/before: wall {aw / bw:.3f}, cpu {ac / bc:.3f}  (load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
