#!/usr/bin/env python3
"""Precision and recall of leakscan on real crypto-heavy repositories, per cut, per repository, per rule.

The set is ``benchmarks/precision/repos.toml`` (public repositories pinned by
commit) and ``benchmarks/precision/labels.jsonl`` (every finding labelled
``tp``/``fp`` with a one-line reason).  A label is keyed by repository, path,
line and a value fingerprint (a salted SHA-256 prefix of the secret, made here
and never stored with the value), so no secret is ever written down.

    python benchmarks/precision.py extract --mirrors /work/.mirror --corpus /work/corpus/precision
    python benchmarks/precision.py run     --corpus /work/corpus/precision [--betterleaks]
    python benchmarks/precision.py report  --corpus /work/corpus/precision
    python benchmarks/precision.py draft   --corpus /work/corpus/precision   # unlabelled findings

``extract`` writes each tree at its pinned commit from a local git directory
(``MIRRORS/owner+name/repo``, as the search tool's fetch leaves them, or any
bare clone at ``MIRRORS/owner+name``), cloning from GitHub when there is none.
Blobs a partial snapshot lacks are counted and named, never guessed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent / "precision"
SALT = b"leakscan-precision-v1:"
ORDER = ("critical", "high", "medium", "low", "info")
DEFAULT_FAIL_ON = "low"


def repos() -> list[dict[str, str]]:
    return list(tomllib.loads((HERE / "repos.toml").read_text())["repo"])


def slug(name: str) -> str:
    return name.replace("/", "+")


def git_dir(mirrors: Path, name: str) -> Path | None:
    for cand in (mirrors / slug(name) / "repo", mirrors / slug(name), mirrors / f"{slug(name)}.git"):
        if (cand / "objects").is_dir():
            return cand
    return None


def extract(args: argparse.Namespace) -> int:
    for repo in repos():
        dest = args.corpus / slug(repo["name"])
        if (dest / ".precision-commit").is_file() and (dest / ".precision-commit").read_text() == repo["commit"]:
            print(f"{repo['name']}: already at {repo['commit'][:10]}")
            continue
        gdir = git_dir(args.mirrors, repo["name"]) if args.mirrors else None
        if gdir is None:
            gdir = args.corpus / ".clones" / slug(repo["name"])
            if not gdir.exists():
                subprocess.run(["git", "clone", "--bare", "--filter=blob:limit=5m",
                                f"https://github.com/{repo['name']}", str(gdir)], check=True)
        missing = write_tree(gdir, repo["commit"], dest)
        (dest / ".precision-commit").write_text(repo["commit"])
        note = f"; {len(missing)} blobs absent from the snapshot: {', '.join(missing[:3])}" if missing else ""
        print(f"{repo['name']}: written at {repo['commit'][:10]}{note}")
    return 0


def write_tree(gdir: Path, commit: str, dest: Path) -> list[str]:
    """Every blob of the commit's tree under ``dest``; returns the paths whose blob is absent."""
    listing = subprocess.run(["git", "--git-dir", str(gdir), "ls-tree", "-r", "-z", commit],
                             check=True, capture_output=True).stdout
    entries = []
    for row in filter(None, listing.split(b"\0")):
        meta, path = row.split(b"\t", 1)
        mode, kind, oid = meta.split()
        if kind == b"blob" and mode != b"120000":
            entries.append((oid, path.decode("utf-8", "surrogateescape")))
    batch = subprocess.run(["git", "--git-dir", str(gdir), "cat-file", "--batch"],
                           input=b"".join(oid + b"\n" for oid, _ in entries), capture_output=True, check=True).stdout
    missing, pos = [], 0
    for _, path in entries:
        end = batch.index(b"\n", pos)
        header = batch[pos:end].split()
        pos = end + 1
        if header[-1] == b"missing":
            missing.append(path)
            continue
        size = int(header[2])
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(batch[pos : pos + size])
        pos += size + 1
    return missing


def value_fingerprint(secret: str) -> str:
    """The same for a hex value with or without ``0x`` and in any case (both tools' spellings)."""
    if len(secret) in (64, 66) and all(c in "0123456789abcdefABCDEFxX" for c in secret):
        secret = secret.lower().removeprefix("0x")
    return hashlib.sha256(SALT + secret.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def run(args: argparse.Namespace) -> int:
    out = args.corpus / ".results"
    out.mkdir(exist_ok=True)
    for repo in repos():
        tree = args.corpus / slug(repo["name"])
        raw = out / f"{slug(repo['name'])}.raw.json"
        cmd = [args.leakscan, "scan", ".", "--format", "json", "-o", str(raw), "--show-secrets",
               "--fail-on", "info", "--engine", args.engine]
        proc = subprocess.run(cmd, cwd=tree, capture_output=True)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"leakscan failed on {repo['name']}: {proc.stderr.decode(errors='replace').strip()}")
        report = json.loads(raw.read_text())
        raw.unlink()  # the raw report holds whole secrets: only fingerprints are kept
        rows = [finding_row(repo, f) for f in report["findings"]]
        (out / f"{slug(repo['name'])}.json").write_text(json.dumps(rows, indent=0))
        if args.betterleaks:
            rows_bl = betterleaks_rows(args, repo, tree)
            (out / f"{slug(repo['name'])}.betterleaks.json").write_text(json.dumps(rows_bl, indent=0))
        print(f"{repo['name']}: {len(rows)} findings")
    return 0


def finding_row(repo: dict[str, str], f: dict[str, object]) -> dict[str, object]:
    v = f.get("validation") or {}
    assert isinstance(v, dict)
    return {
        "repo": repo["name"], "commit": repo["commit"], "path": f["path"], "line": f["line"],
        "column": f["column"], "end_column": f["end_column"],
        "rule": f["rule_id"], "severity": f["severity"], "vfp": value_fingerprint(str(f["secret"])),
        "client_side": f["client_side"], "client_side_reason": f["client_side_reason"],
        "corroboration": v.get("corroboration", ""), "corroborated": v.get("corroborated"),
        "known_public": v.get("known_public", False), "key_type": f.get("key_type"),
        "alg": (v.get("header") or {}).get("alg"),
    }


def betterleaks_rows(args: argparse.Namespace, repo: dict[str, str], tree: Path) -> list[dict[str, object]]:
    raw = args.corpus / ".results" / f"{slug(repo['name'])}.bl.raw.json"
    subprocess.run([args.betterleaks_bin, "fs", ".", "-c", str(args.betterleaks_rules), "--no-banner",
                    "-o", str(raw), "--exit-code", "0"], cwd=tree, capture_output=True, check=True)
    found = json.loads(raw.read_text() or "{}").get("findings") or []
    raw.unlink()
    return [{"repo": repo["name"], "path": h["location"]["path"].removeprefix("./"),
             "line": h["location"]["start_line"], "rule": h["rule_id"],
             "vfp": value_fingerprint(h["match"]["value"])} for h in found]


def load_labels() -> dict[tuple[str, str, int, str], dict[str, str]]:
    labels = {}
    path = HERE / "labels.jsonl"
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                labels[(row["repo"], row["path"], int(row["line"]), row["vfp"])] = row
    return labels


def key(row: dict[str, object]) -> tuple[str, str, int, str]:
    return (str(row["repo"]), str(row["path"]), int(str(row["line"])), str(row["vfp"]))


def findings(corpus: Path, suffix: str = "", results: str = ".results") -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for repo in repos():
        path = corpus / results / f"{slug(repo['name'])}{suffix}.json"
        if not path.exists():
            raise SystemExit(f"no results for {repo['name']}: run `precision.py run` first")
        rows += json.loads(path.read_text())
    return rows


def blocking(row: dict[str, object]) -> bool:
    return ORDER.index(str(row["severity"])) <= ORDER.index(DEFAULT_FAIL_ON)


def is_hex(row: dict[str, object]) -> bool:
    return row["rule"] in ("hex-private-key", "hex-secret", "bitcoin-wif-private-key")


CUTS: dict[str, Callable[[dict[str, object]], bool]] = {
    "everything reported": lambda r: True,
    "at or above the default threshold (low)": blocking,
    "critical": lambda r: r["severity"] == "critical",
    "critical, derived address in the file": lambda r: r["severity"] == "critical"
    and str(r["corroboration"]).startswith("derived"),
    "critical, a key name nearby": lambda r: r["severity"] == "critical" and str(r["corroboration"]).startswith(
        ("bound to", "named", "key name")),
    "critical, key-consuming call": lambda r: r["severity"] == "critical" and "passed to" in str(r["corroboration"]),
    "critical only because client-side": lambda r: r["severity"] == "critical" and is_hex(r)
    and r["corroborated"] is False,
    "high, uncorroborated hex": lambda r: r["severity"] == "high" and is_hex(r) and r["corroborated"] is False,
    "hex-secret (HMAC/cipher/ed25519/… by evidence)": lambda r: r["rule"] == "hex-secret",
    "hex/WIF at info (possible key)": lambda r: r["severity"] == "info" and is_hex(r),
    "url-credentials": lambda r: r["rule"] == "url-credentials",
    "url-credentials at or above low": lambda r: r["rule"] == "url-credentials" and blocking(r),
}


def precision(rows: Iterable[dict[str, object]], labels: dict[tuple[str, str, int, str], dict[str, str]]) -> str:
    counts = Counter(labels[key(r)]["label"] if key(r) in labels else "unlabelled" for r in rows)
    tp, fp, un = counts["tp"], counts["fp"], counts["unlabelled"]
    if tp + fp == 0:
        return f"{'-':>6}  (0 labelled{f', {un} unlabelled' if un else ''})"
    return f"{100 * tp / (tp + fp):5.1f}%  ({tp} tp / {tp + fp}{f', {un} unlabelled' if un else ''})"


def report(args: argparse.Namespace) -> int:
    labels = load_labels()
    rows = findings(args.corpus, results=args.results)
    print(f"leakscan on {len(repos())} repositories, {len(rows)} findings, {len(labels)} labels\n")
    print("cut | precision")
    for name, cut in CUTS.items():
        print(f"{name} | {precision([r for r in rows if cut(r)], labels)}")
    cs = [r for r in rows if r["client_side"]]
    right = Counter(labels.get(key(r), {}).get("client_side", "unlabelled") for r in cs)
    print(f"client_side: true verdicts | {right['right']} right, {right['wrong']} wrong, "
          f"{right['unlabelled']} unlabelled")
    print("\nper repository (at or above the default threshold) | everything")
    for repo in repos():
        mine = [r for r in rows if r["repo"] == repo["name"]]
        print(f"{repo['name']} | {precision([r for r in mine if blocking(r)], labels)} | {precision(mine, labels)}")
    print("\nper rule: precision at or above low | recall of labelled true positives at or above low")
    by_rule: dict[str, list[dict[str, object]]] = defaultdict(list)
    for r in rows:
        by_rule[str(r["rule"])].append(r)
    found = {key(r): r for r in rows}
    for rule in sorted(set(by_rule) | {str(v["rule"]) for v in labels.values()}):
        true = [k for k, v in labels.items() if v["label"] == "tp" and v["rule"] == rule]
        kept = [k for k in true if k in found and blocking(found[k])]
        recall = f"{100 * len(kept) / len(true):5.1f}% ({len(kept)}/{len(true)})" if true else "-"
        print(f"{rule} | {precision([r for r in by_rule[rule] if blocking(r)], labels)} | {recall}")
    keys = {k: v for k, v in labels.items() if v["label"] == "tp" and "baseline" in v}
    was_blocking = [k for k, v in keys.items() if v["baseline_corroborated"] and v["baseline"] in ORDER[:ORDER.index(
        DEFAULT_FAIL_ON) + 1] and not (k in found and blocking(found[k]))]
    published = [k for k in was_blocking if k in found and found[k]["known_public"]]
    lost = [k for k in was_blocking if k not in published]
    gone = [k for k in keys if k not in found]
    quiet = [k for k in keys if k in found and not blocking(found[k])]
    print(f"\nreal keys (labelled tp): {len(keys)}; no longer reported at all: {len(gone)}; "
          f"reported at info (not blocking): {len(quiet)}")
    print(f"published keys (dev-chain defaults, doc examples) now info by design: {len(published)}")
    print(f"corroborated real keys that blocked before issue 11 and no longer block: {len(lost)}")
    for k in lost[:20]:
        print("  lost:", *k[:3])
    if args.betterleaks:
        report_betterleaks(args, labels)
    return 0


def report_betterleaks(args: argparse.Namespace, labels: dict[tuple[str, str, int, str], dict[str, str]]) -> None:
    """Betterleaks' hits whose (path, line, value) leakscan's labels know; the rest are counted apart."""
    hits = findings(args.corpus, ".betterleaks")
    known = [h for h in hits if key(h) in labels]
    tp = sum(1 for h in known if labels[key(h)]["label"] == "tp")
    print(f"\nbetterleaks (mission rules): {len(hits)} hits, {len(known)} at a labelled place: "
          f"{precision(known, labels)}; {100 * tp / max(1, len(hits)):.1f}% of all its hits if none of the "
          "unlabelled ones is a key")
    true = {k for k, v in labels.items() if v["label"] == "tp"}
    unknown = Counter(str(h["rule"]) for h in hits if key(h) not in labels)
    print(f"  hits leakscan does not report (unlabelled here, read by hand for recall): {dict(unknown)}")
    print(f"  labelled true positives betterleaks also finds: {len(true & {key(h) for h in hits})} of {len(true)}")


def draft(args: argparse.Namespace) -> int:
    """Unlabelled findings as label rows with an empty label, for a reader to fill in."""
    labels = load_labels()
    for r in findings(args.corpus):
        if key(r) not in labels:
            print(json.dumps({**{k: r[k] for k in ("repo", "path", "line", "rule", "vfp", "severity")},
                              "label": "", "reason": ""}))
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("extract", "run", "report", "draft"):
        s = sub.add_parser(name)
        s.add_argument("--corpus", type=Path, default=Path("/work/corpus/precision"))
        s.add_argument("--betterleaks", action="store_true", help="also run / compare betterleaks fs")
    sub.choices["extract"].add_argument("--mirrors", type=Path, default=None)
    sub.choices["report"].add_argument("--results", default=".results",
                                       help="folder under the corpus holding the run to report (e.g. a saved baseline)")
    sub.choices["run"].add_argument("--leakscan", default="leakscan")
    sub.choices["run"].add_argument("--engine", default="auto")
    sub.choices["run"].add_argument("--betterleaks-bin", default="betterleaks")
    sub.choices["run"].add_argument("--betterleaks-rules", type=Path,
                                    default=Path(__file__).resolve().parent / "betterleaks-mission-rules.toml")
    args = p.parse_args(argv)
    return {"extract": extract, "run": run, "report": report, "draft": draft}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
