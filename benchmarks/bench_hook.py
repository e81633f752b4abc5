"""Pre-commit hook latency: ``leakscan hook`` on a commit touching 10 files, Python start-up included.

Prints p50/p95 wall time over --runs runs (after one warm-up that also writes
bytecode caches, as an installed package has). Usage:

    python benchmarks/bench_hook.py [--runs 30] [--files 10]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ENV = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.com", "GIT_COMMITTER_NAME": "b",
       "GIT_COMMITTER_EMAIL": "b@example.com"}
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def git(repo: str, *args: str) -> None:
    subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, env=ENV)


def make_repo(files: int) -> str:
    repo = tempfile.mkdtemp(prefix="bench-hook-")
    git(repo, "init", "-q", "-b", "main")
    for i in range(files):
        with open(os.path.join(repo, f"module_{i}.py"), "w") as fh:
            fh.writelines(f"value_{n} = compute({n}, 'text of line {n}')\n" for n in range(300))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    for i in range(files):  # a typical change: a few lines added and edited in each file
        path = os.path.join(repo, f"module_{i}.py")
        with open(path) as fh:
            lines = fh.readlines()
        lines[100:102] = [f"changed_{i} = compute({i}, 'edited')\n", "def helper():\n", "    return 42\n"]
        with open(path, "w") as fh:
            fh.writelines(lines)
    git(repo, "add", ".")
    return repo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--leakscan", default=shutil.which("leakscan") or "leakscan")
    args = parser.parse_args()
    repo = make_repo(args.files)
    cmd = [args.leakscan, "hook", "staged", *(f"module_{i}.py" for i in range(args.files))]
    env = {**ENV, "GIT_INDEX_FILE": ".git/index"}  # what git sets for a pre-commit hook: staged lines, not files
    try:
        first = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, env=env)
        if first.returncode != 0:
            sys.exit(f"hook failed ({first.returncode}): {first.stderr.strip()}")
        times, cpu = [], []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(cmd, cwd=repo, capture_output=True, env=env, check=True)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    finally:
        shutil.rmtree(repo, ignore_errors=True)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"leakscan hook, {args.files} files staged, {args.runs} runs: "
          f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"min {times[0] * 1000:.0f} ms; CPU p50 {statistics.median(cpu) * 1000:.0f} ms (git included); "
          f"load average {os.getloadavg()[0]:.2f}\n  ({first.stderr.strip().splitlines()[-1]})")


if __name__ == "__main__":
    main()
