"""CPU on inputs with many matches and on long lines (issue 16 items 11 and 21): seconds per case.

    python benchmarks/bench_many_matches.py            # the in-process cases
    python benchmarks/bench_many_matches.py --long 200M  # also `leakscan scan` of a one-line file, wall s and peak RSS

Cases: a 100 KB ``next.config.js`` whose ``env`` block holds 1,500 key values (each match read
the 16 KiB before it); 6,000 WIFs on one 318 KB line (the line-secrets step, snippets);
2,000 hex keys on one line; each scanned, then rendered as text.  Run it from another checkout
(``PYTHONPATH=/path/to/other``) for a before/after; best of ``--runs``.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from testing import secrets  # noqa: E402


def _best(runs: int, fn) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def cases() -> dict[str, tuple[str, str]]:
    body = "".join(f"    WALLET_PRIVATE_KEY_{i}: '{secrets.hex_key(i % 90 + 1)}',\n" for i in range(1500))
    config = f"module.exports = {{\n  env: {{\n{body}  }},\n}}\n"
    wifs = " ".join(secrets.wif(i % 400 + 1) for i in range(6000)) + "\n"
    keys = "keys = [" + ",".join(f'"{secrets.hex_key(i + 1)}"' for i in range(2000)) + "]\n"
    return {f"next.config.js, 1,500 keys ({len(config) // 1000} KB)": (config, "web/next.config.js"),
            f"6,000 WIFs on one {len(wifs) // 1000} KB line": (wifs, "wallets.txt"),
            "2,000 hex keys on one line, + text report": (keys, "keys.py")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--long", help="also scan a generated one-line file of this size (e.g. 200M)")
    args = ap.parse_args()
    from leakscan import scan_text
    from leakscan.report import text

    for label, (data, path) in cases().items():
        result = scan_text(data, path)
        scan = _best(args.runs, lambda data=data, path=path: scan_text(data, path))
        render = _best(args.runs, lambda result=result: text.render(result, text.ReportOptions()))
        print(f"{label:<44} scan {scan:6.2f} s, text report {render:6.2f} s, {len(result.findings)} findings",
              flush=True)
    if args.long:
        size = int(float(args.long.rstrip("MB")) * 2**20)
        rng = random.Random(3)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bundle.min.js"
            with path.open("w") as fh:
                written = i = 0
                while written < size:
                    piece = f'var a{i}="{rng.getrandbits(160):x}",b{i}={rng.randrange(10**9)};'
                    if i % 50_000 == 7:
                        piece += f'const PRIVATE_KEY="{secrets.hex_key(i % 90 + 1)}";'
                    fh.write(piece)
                    written += len(piece)
                    i += 1
            probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
                     "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
                     "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)")
            cmd = [sys.executable, "-m", "leakscan", "scan", str(path), "--max-file-size", str(size * 2)]
            wall, rss = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True,
                                       env=os.environ).stdout.split()
            label = f"scan of a one-line file of {written // 10**6} MB"
            print(f"{label:<44} {float(wall):6.2f} s wall, peak RSS {rss} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
