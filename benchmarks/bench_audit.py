"""Audits: the first run, a second run of the unchanged repository, and a run after one new commit.

Works on a local clone of REPO (made in a temporary folder, so REPO is never written), or on a
generated repository with ``--generate COMMITS``.  Prints each run's wall time (median of --runs),
the blobs it read, and the ratio to the first run.  Usage:

    python benchmarks/bench_audit.py REPO [--runs 3]
    python benchmarks/bench_audit.py --generate 2000 [--runs 3]
    python benchmarks/bench_audit.py --fleet 50 [--runs 3]     # per-repository cost: 50 small repositories
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from testing import secrets  # noqa: E402
from testing.gitrepo import GitRepo  # noqa: E402


def generate(path: Path, commits: int) -> None:
    """A history of ``commits`` commits over ~200 files, a secret planted now and then."""
    repo = GitRepo(path)
    for n in range(commits):
        files: dict[str, str | bytes | None] = {
            f"src/mod{(n * 7 + k) % 200:03d}.py": "".join(f"def f{n}_{k}_{j}(x):\n    return x * {j}\n"
                                                            for j in range(40)) for k in range(3)}
        if n % 250 == 0:
            files[f"config/keys{n}.py"] = f'private_key = "{secrets.hex_key(n + 1)}"\n'
        repo.commit(f"commit {n}", files)


def audit(repo: str | list[str], store: str) -> tuple[float, dict]:
    started = time.perf_counter()
    repos = [repo] if isinstance(repo, str) else repo
    proc = subprocess.run(["leakscan", "audit", *repos, "--store", store, "--format", "json", "--no-progress",
                           "--fail-on", "never"], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"leakscan audit failed ({proc.returncode}): {proc.stderr.strip()}")
    return elapsed, json.loads(proc.stdout)


def blobs(report: dict) -> int:
    return sum(r["blobs_read"] for r in report["repositories"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", nargs="?")
    parser.add_argument("--generate", type=int, metavar="COMMITS")
    parser.add_argument("--fleet", type=int, metavar="REPOS")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.fleet:
        return fleet(args.fleet, args.runs)
    if not args.repo and not args.generate:
        parser.error("give REPO, --generate COMMITS or --fleet REPOS")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "repo"
        if args.generate:
            generate(work, args.generate)
        else:
            subprocess.run(["git", "clone", "-q", "--no-checkout", args.repo, str(work)], check=True)
            subprocess.run(["git", "-C", str(work), "checkout", "-q"], check=True)
        figures: dict[str, list[float]] = {"first": [], "unchanged": [], "one new commit": []}
        read: dict[str, int] = {}
        for i in range(args.runs):
            store = str(Path(tmp) / f"store{i}.sqlite")
            for name in figures:
                if name == "one new commit":
                    (work / f"bench-{i}.txt").write_text(f"a new file {i}\n")
                    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.com",
                           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.com"}
                    subprocess.run(["git", "-C", str(work), "add", "."], check=True, env=env)
                    subprocess.run(["git", "-C", str(work), "commit", "-qm", "bench"], check=True, env=env)
                elapsed, report = audit(str(work), store)
                figures[name].append(elapsed)
                read[name] = blobs(report)
        first = statistics.median(figures["first"])
        print(f"repository: {args.repo or f'generated, {args.generate} commits'}; median of {args.runs}")
        for name, times in figures.items():
            t = statistics.median(times)
            print(f"  {name:<15} {t:7.2f} s  {read[name]:>7} blobs read  {t / first:6.1%} of the first run")


def fleet(size: int, runs: int) -> None:
    from testing.fleet import Fleet

    with tempfile.TemporaryDirectory() as tmp:
        repos = Fleet(Path(tmp) / "fleet", size=size)
        repos.step(1)
        first, again = [], []
        for i in range(runs):
            store = str(Path(tmp) / f"store{i}.sqlite")
            first.append(audit(repos.paths(), store)[0])
            again.append(audit(repos.paths(), store)[0])
        a, b = statistics.median(first), statistics.median(again)
        print(f"{size} small repositories (4-5 commits each); median of {runs}")
        print(f"  first     {a:7.2f} s  {a / size * 1000:6.0f} ms per repository")
        print(f"  unchanged {b:7.2f} s  {b / size * 1000:6.0f} ms per repository")


if __name__ == "__main__":
    main()
