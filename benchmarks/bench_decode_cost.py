#!/usr/bin/env python3
"""What decoding and archives cost a directory scan: CPU seconds in one process, each stage on and off.

Start-up is left out (it is the same for every variant), and ``jobs=1`` keeps
the figure to this process, so other load on a shared machine disturbs it
less than wall time.  The variants take turns, repeat by repeat; the least CPU
time of each is printed, with the ratio to "both off".

    python benchmarks/bench_decode_cost.py PATH… [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace

from leakscan import scan_paths
from leakscan.config import load_config


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    base = load_config(None)
    variants = {
        "both off": replace(base, max_decode_depth=0, archives=replace(base.archives, max_depth=0)),
        "archives only": replace(base, max_decode_depth=0),
        "decoding only": replace(base, archives=replace(base.archives, max_depth=0)),
        "both on (default)": base,
    }
    for path in args.paths:
        best = {name: float("inf") for name in variants}
        files = {}
        for name, cfg in variants.items():  # warm-up: page cache, Hyperscan database cache
            files[name] = scan_paths([path], cfg, jobs=1).stats.files_scanned
        for _ in range(args.repeats):
            for name, cfg in variants.items():
                start = time.process_time()
                scan_paths([path], cfg, jobs=1)
                best[name] = min(best[name], time.process_time() - start)
        print(f"{path}  (least CPU s of {args.repeats}, load {os.getloadavg()[0]:.1f})")
        for name, cpu in best.items():
            print(f"  {name:<20} {cpu:7.3f} s  x{cpu / best['both off']:.3f}  {files[name]} files scanned")


if __name__ == "__main__":
    main()
