#!/usr/bin/env python3
"""A second reader's check of the labels: a seeded sample, read blind, compared with labels.jsonl.

``sample`` prints the sample's contexts (the value masked as ``<V>``, other long
hex as ``H``, the line and the two above, plus the computed facts) *without*
their labels, so the second reader decides alone; the decisions go in
``second_reader.jsonl`` (key, label, reason).  ``compare`` prints the agreement
and every disagreement.  The sample is stratified: the same number of rows per
(repository, first label), at most ``--per`` each, drawn with a fixed seed.

    python benchmarks/precision/second_reader.py sample --corpus /work/corpus/precision > /tmp/sample.txt
    python benchmarks/precision/second_reader.py compare
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
import label_rules  # noqa: E402
import precision  # noqa: E402

SEED = 11


def sample_keys(per: int) -> list[tuple[str, str, int, str]]:
    groups: dict[tuple[str, str], list[tuple[str, str, int, str]]] = defaultdict(list)
    for key, row in sorted(precision.load_labels().items()):
        groups[(row["repo"], row["label"])].append(key)
    rng = random.Random(SEED)
    out = []
    for group in sorted(groups):
        keys = groups[group]
        out += rng.sample(keys, min(per, len(keys)))
    return out


def sample(args: argparse.Namespace) -> int:
    wanted = set(sample_keys(args.per))
    for repo in precision.repos():
        tree = args.corpus / precision.slug(repo["name"])
        rows = json.loads((args.corpus / ".results" / f"{precision.slug(repo['name'])}.json").read_text())
        cache: dict[str, list[str]] = {}
        for row in rows:
            key = precision.key(row)
            if key not in wanted:
                continue
            wanted.discard(key)
            value, ctx = label_rules.contexts(tree, row, cache)
            facts = label_rules.facts(tree, row, value, "\n".join(cache[str(row["path"])]))
            print(json.dumps({"key": list(key), "rule": row["rule"], "facts": facts, "context": ctx}))
    for key in sorted(wanted):  # labelled on an earlier run, no longer reported: its lines, every long hex masked
        repo = next(r for r in precision.repos() if r["name"] == key[0])
        lines = label_rules.read_text(args.corpus / precision.slug(repo["name"]), key[1]).split("\n")
        near = [re.sub(r"[0-9a-fA-F]{16,}", "H", lines[i]).strip()[:300] for i in range(max(0, key[2] - 3), key[2])]
        print(json.dumps({"key": list(key), "rule": "(no longer reported)", "facts": "",
                          "context": " | ".join(near[:-1] + ["> " + near[-1]])}))
    return 0


def compare(args: argparse.Namespace) -> int:
    labels = precision.load_labels()
    second = [json.loads(line) for line in (HERE / "second_reader.jsonl").read_text().splitlines() if line.strip()]
    agree = [s for s in second if labels[tuple(s["key"])]["label"] == s["label"]]  # type: ignore[index]
    print(f"second reader: {len(second)} labels re-read blind, {len(agree)} agree "
          f"({100 * len(agree) / max(1, len(second)):.1f} %)")
    for s in second:
        first = labels[tuple(s["key"])]  # type: ignore[index]
        if first["label"] != s["label"]:
            print(f"  disagree: {s['key'][0]} {s['key'][1]}:{s['key'][2]} first {first['label']} "
                  f"({first['reason']}); second {s['label']} ({s['reason']})")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--corpus", type=Path, default=Path("/work/corpus/precision"))
    s.add_argument("--per", type=int, default=4, help="rows per (repository, first label)")
    sub.add_parser("compare")
    args = p.parse_args()
    return sample(args) if args.cmd == "sample" else compare(args)


if __name__ == "__main__":
    sys.exit(main())
