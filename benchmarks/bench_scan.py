#!/usr/bin/env python3
"""Time ``leakscan scan`` against ``betterleaks fs`` on the same trees; print MB/s and the ratio.

Each tool runs as a subprocess (start-up included, as a user sees it), wall
clock, best of ``--runs``; the least CPU time (user+sys, children included) of
the runs is printed too, a figure other load on the machine disturbs less.  Both read the same files: betterleaks ``fs`` reads
everything under the path, ``.git`` included, so a git checkout is first
copied without ``.git`` (its tracked and untracked-but-not-ignored files) and
both tools scan the copy; leakscan is also timed on the checkout in place.
Findings counts are printed as a sanity check that both did the work
(betterleaks reports every regex hit; leakscan only validated secrets).

    python benchmarks/bench_scan.py [PATH…] [--runs 3] [--betterleaks BIN]

With no PATH, the generated corpus (``benchmarks/make_corpus.py``) is used.
MB means 10^6 bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RULES = ("/work/shared/bench/betterleaks-mission-rules.toml", str(HERE.parent.parent / "shared/bench/betterleaks-mission-rules.toml"),
         str(HERE / "betterleaks-mission-rules.toml"))


def tree_bytes(root: Path) -> int:
    """Bytes of the regular files under ``root``, ``.git`` folders left out: what both tools read."""
    total = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                total += os.path.getsize(path)
    return total


def export_worktree(repo: Path, dest: Path) -> None:
    """Copy a checkout's files (tracked, and untracked but not ignored) without ``.git``."""
    listing = subprocess.run(["git", "-C", str(repo), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             check=True, capture_output=True).stdout
    for rel in sorted(set(filter(None, listing.split(b"\0")))):
        src, dst = repo / os.fsdecode(rel), dest / os.fsdecode(rel)
        if not os.path.lexists(src) or src.is_dir():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst, follow_symlinks=False)


def best_of(cmd: list[str], runs: int) -> list[tuple[float, float]]:
    """(wall seconds, CPU seconds of the process and its children) per run."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append((wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.decode(errors='replace').strip()}")
    return times


def time_leakscan(exe: str, path: Path, runs: int, tmp: Path, engine: str = "auto") -> tuple[list[tuple[float, float]], int]:
    report = tmp / "leakscan.json"
    cmd = [exe, "scan", str(path), "--format", "json", "-o", str(report), "--engine", engine]
    times = best_of(cmd, runs)
    return times, len(json.loads(report.read_text())["findings"])


def time_betterleaks(exe: str, rules: str, path: Path, runs: int, tmp: Path) -> tuple[list[tuple[float, float]], int]:
    report = tmp / "betterleaks.json"
    cmd = [exe, "fs", str(path), "-c", rules, "--no-banner", "--no-color", "-l", "error", "--exit-code", "0",
           "-o", str(report)]
    times = best_of(cmd, runs)
    return times, len(json.loads(report.read_text()).get("findings") or [])


def row(label: str, tool: str, nbytes: int, times: list[tuple[float, float]], findings: int) -> float:
    best = min(wall for wall, _ in times)
    cpu = min(cpu for _, cpu in times)
    rate = nbytes / best / 1e6
    runs = " ".join(f"{wall:.2f}" for wall, _ in times)
    print(f"{label:<34} {tool:<24} {nbytes / 1e6:7.1f} {best:8.2f} {rate:8.1f} {cpu:7.2f} {findings:9d}   [{runs}]",
          flush=True)
    return rate


def bench(label: str, path: Path, args: argparse.Namespace, tmp: Path, betterleaks: bool = True) -> None:
    nbytes = tree_bytes(path)
    ours = row(label, "leakscan", nbytes, *time_leakscan(args.leakscan, path, args.runs, tmp))
    if args.regex_runs:
        row(label, "leakscan --engine regex", nbytes,
            *time_leakscan(args.leakscan, path, args.regex_runs, tmp, engine="regex"))
    if betterleaks:
        theirs = row(label, "betterleaks fs", nbytes, *time_betterleaks(args.betterleaks, args.rules, path, args.runs, tmp))
        print(f"{label:<34} {'ratio leakscan/betterleaks (MB/s)':<40} {ours / theirs:15.2f}x", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(HERE / "corpus")])
    ap.add_argument("--runs", type=int, default=3, help="best of N (default 3)")
    ap.add_argument("--regex-runs", type=int, default=1, help="runs of --engine regex (0: skip; default 1)")
    ap.add_argument("--leakscan", default=shutil.which("leakscan") or "leakscan")
    ap.add_argument("--betterleaks", default=shutil.which("betterleaks") or "/work/venv/bin/betterleaks")
    ap.add_argument("--rules", default=next((r for r in RULES if os.path.isfile(r)), RULES[-1]),
                    help="betterleaks rules equivalent to leakscan's mission rules")
    args = ap.parse_args(argv)
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}  cpus={len(os.sched_getaffinity(0))}  load={os.getloadavg()[0]:.2f}  "
          f"leakscan={args.leakscan}  betterleaks={args.betterleaks}  rules={args.rules}")
    print(f"{'corpus':<34} {'tool':<24} {'MB':>7} {'best s':>8} {'MB/s':>8} {'cpu s':>7} {'findings':>9}   [wall s per run]")
    with tempfile.TemporaryDirectory(prefix="leakscan-bench-") as tmpdir:
        tmp = Path(tmpdir)
        for given in args.paths:
            path = Path(given)
            if not path.is_dir():
                print(f"{given}: not a folder (generate one with benchmarks/make_corpus.py)", file=sys.stderr)
                return 2
            if (path / ".git").exists():
                copy = tmp / f"{path.name}-tree"
                export_worktree(path, copy)
                bench(f"{path.name} (work tree, no .git)", copy, args, tmp)
                bench(f"{path.name} (checkout in place)", path, args, tmp, betterleaks=False)
                shutil.rmtree(copy)
            else:
                bench(path.name, path, args, tmp)
    print(f"# load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
