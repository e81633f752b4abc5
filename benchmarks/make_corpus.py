#!/usr/bin/env python3
"""Generate a deterministic mixed source tree with planted secrets, for ``bench_scan.py``.

A directory scan's speed depends on what the tree looks like: many small source
files (per-file overhead), a few huge minified bundles (long lines), lockfiles
and logs full of 64-hex digests (validator load on hashes that must *not* be
reported), base64 blobs, prose with "Basic", JWT-looking tokens that do not
decode.  This builds such a tree, ~200 MB by default, the same bytes for the
same ``--seed``, and plants secrets of every built-in rule (made at run time
with ``testing/secrets.py``; nothing secret-looking is committed).  It prints
the planted count: ``leakscan scan`` on the tree should report exactly that many.

    python benchmarks/make_corpus.py [OUT] [--size-mb 200] [--seed 7] [--git]
"""

from __future__ import annotations

import argparse
import base64
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from testing import secrets  # noqa: E402

_WORDS = ("user account order payment invoice customer merchant session token request response client "
         "server cache queue worker event handler config setting value item list map index count total "
         "price amount currency balance ledger entry record status state result error message payload "
         "header body query filter page limit offset cursor batch job task retry timeout delay window "
         "render view model store action reducer effect hook context provider route path params schema "
         "field column table row key name label title description summary detail note comment author "
         "date time created updated deleted version build release deploy stage region zone cluster node")
WORDS = _WORDS.split()
_PROSE = ("the a this that we you it is are was be to of and in for with on by from as at or not "
         "when then if each every all some new old more less first last next before after while")
PROSE = _PROSE.split()


class Gen:
    """Text pieces from one seeded RNG, so the same seed gives the same bytes."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def w(self) -> str:
        return self.r.choice(WORDS)

    def camel(self) -> str:
        return self.w() + self.w().capitalize()

    def snake(self) -> str:
        return f"{self.w()}_{self.w()}"

    def n(self) -> int:
        return self.r.randrange(1000)

    def hex(self, digits: int = 64) -> str:
        return f"{self.r.getrandbits(digits * 4):0{digits}x}"

    def b64(self, chars: int) -> str:
        return base64.b64encode(self.r.randbytes(chars * 3 // 4)).decode()

    def sentence(self) -> str:
        words = [self.r.choice(PROSE if self.r.random() < 0.5 else WORDS) for _ in range(self.r.randrange(6, 18))]
        return " ".join(words).capitalize() + "."

    def fake_jwt(self) -> str:
        """Looks like a JWT to a regex; its payload is not JSON, so it is no finding."""
        return f"eyJ{self.b64(40).replace('+', '-').replace('/', '_')}.eyJ{self.b64(60).replace('+', 'x').replace('/', 'y')}.{self.b64(43).replace('+', '-').replace('/', '_')}"


def code_lines(g: Gen, lang: str, size: int) -> list[str]:
    templates = {
        "js": ["  const {c} = await {w}.{c}({w}Id, {{ limit: {n} }});", "  if (!{c}) throw new Error('{s}');",
               "export function {c}({w}, {w2}) {{", "  return {w}.map(({w2}) => {w2}.{c});", "}}",
               "import {{ {c} }} from './{w}/{w2}';", "  // {s}", "  {c}.{w} = {w2} ?? {n};"],
        "py": ["def {sn}({w}, {w2}={n}):", "    {sn} = self.{w}.get({w2!r})", "    return [{w} for {w} in {w2}s if {w}.{w2}]",
               "class {C}({C2}):", "    # {s}", "    \"\"\"{s}\"\"\"", "from {w}.{w2} import {C}", "    raise ValueError(f\"{s}\")"],
        "go": ["func ({w} *{C}) {C2}(ctx context.Context, {w2} int) error {{", "\t{c}, err := {w}.{C}(ctx, {n})",
               "\tif err != nil {{", "\t\treturn fmt.Errorf(\"{s}: %w\", err)", "\t}}", "}}", "// {s}", "type {C} struct {{ {C2} string }}"],
        "java": ["public class {C} extends {C2} {{", "    private final {C} {c} = new {C}({n});",
                 "    public {C2} get{C}() {{ return this.{c}; }}", "    }}", "    // {s}", "    @Override",
                 "        {c}.set{C}({w2}.get{C2}());", "import com.example.{w}.{C};"],
        "rb": ["class {C} < {C2}", "  def {sn}({w}, {w2} = {n})", "    @{w} = {w2}.map {{ |x| x.{w} }}", "  end",
               "  # {s}", "  has_many :{w}s", "    raise ArgumentError, '{s}' unless {w}", "end"],
    }[lang]
    out, total = [], 0
    while total < size:
        line = g.r.choice(templates).format(c=g.camel(), w=g.w(), w2=g.w(), n=g.n(), s=g.sentence(),
                                            C=g.camel().capitalize(), C2=g.camel().capitalize(), sn=g.snake())
        out.append(line)
        total += len(line) + 1
    return out


def json_lines(g: Gen, size: int) -> list[str]:
    out, total = ["{", '  "items": ['], 0
    while total < size:
        line = (f'    {{"id": {g.n()}, "{g.w()}": "{g.sentence()}", "{g.camel()}": {g.n()}, '
                f'"data": "{g.b64(g.r.choice((64, 256, 1024)))}"}},')
        out.append(line)
        total += len(line) + 1
    return out + ['    {"id": 0}', "  ]", "}"]


def yaml_lines(g: Gen, size: int) -> list[str]:
    out, total = [], 0
    while total < size:
        block = [f"- name: {g.w()}-{g.w()}", f"  image: registry.example.com/{g.w()}/{g.w()}@sha256:{g.hex()}",
                 f"  replicas: {g.n() % 9 + 1}", f"  # {g.sentence()}", f"  digest: {g.hex()}",
                 f"  {g.snake()}: \"{g.sentence()}\""]
        out.extend(block)
        total += sum(len(x) + 1 for x in block)
    return out


def lockfile(g: Gen, kind: str, size: int) -> list[str]:
    out, total = [], 0
    while total < size:
        pkg, ver = f"{g.w()}-{g.w()}", f"{g.n() % 20}.{g.n() % 30}.{g.n() % 50}"
        if kind == "package-lock.json":
            block = [f'    "node_modules/{pkg}": {{', f'      "version": "{ver}",',
                     f'      "resolved": "https://registry.npmjs.org/{pkg}/-/{pkg}-{ver}.tgz",',
                     f'      "integrity": "sha512-{g.b64(88)}",', '      "dev": true', "    },"]
        elif kind == "yarn.lock":
            block = [f'"{pkg}@^{ver}":', f'  version "{ver}"',
                     f'  resolved "https://registry.yarnpkg.com/{pkg}/-/{pkg}-{ver}.tgz#{g.hex(40)}"',
                     f"  integrity sha512-{g.b64(88)}", ""]
        elif kind == "Cargo.lock":
            block = ["[[package]]", f'name = "{pkg}"', f'version = "{ver}"',
                     'source = "registry+https://github.com/rust-lang/crates.io-index"', f'checksum = "{g.hex()}"', ""]
        elif kind == "go.sum":
            block = [f"github.com/{g.w()}/{pkg} v{ver} h1:{g.b64(44)}",
                     f"github.com/{g.w()}/{pkg} v{ver}/go.mod h1:{g.b64(44)}"]
        else:  # poetry.lock
            block = ["[[package]]", f'name = "{pkg}"', f'version = "{ver}"', "files = [",
                     f'    {{file = "{pkg}-{ver}-py3-none-any.whl", hash = "sha256:{g.hex()}"}},',
                     f'    {{file = "{pkg}-{ver}.tar.gz", hash = "sha256:{g.hex()}"}},', "]", ""]
        out.extend(block)
        total += sum(len(x) + 1 for x in block)
    return out


def bundle(g: Gen, size: int) -> list[str]:
    """One huge line, as bundlers emit."""
    parts, total = ['"use strict";'], 0
    while total < size:
        r = g.r.random()
        if r < 0.05:
            part = f'var {g.w()}="data:image/png;base64,{g.b64(g.r.randrange(200, 4000))}";'
        elif r < 0.08:
            part = f'{g.w()}.integrity="sha256-{g.b64(44)}";{g.w()}.hash="{g.hex()}";'
        else:
            part = (f"function {g.w()}{g.n()}(e,t){{return e.{g.camel()}(t,{g.n()})||"
                    f'"{g.w()} {g.w()}"}}var {g.w()}{g.n()}={{{g.w()}:{g.n()},{g.w()}:!0}};')
        parts.append(part)
        total += len(part)
    return ["".join(parts)]


def markdown(g: Gen, size: int) -> list[str]:
    out, total = [], 0
    while total < size:
        r = g.r.random()
        if r < 0.1:
            block = [f"## Basic {g.w()}", "", f"Basic usage: {g.sentence()} Basic authentication is {g.w()}.", ""]
        elif r < 0.2:
            block = ["```", f"{g.hex()}  {g.w()}-{g.n()}.tar.gz", f"{g.hex()}  {g.w()}-{g.n()}.whl", "```", ""]
        elif r < 0.25:
            block = [f"Send `Authorization: Basic <token>` or `Bearer {g.fake_jwt()}` (example only).", ""]
        else:
            block = [" ".join(g.sentence() for _ in range(g.r.randrange(2, 6))), ""]
        out.extend(block)
        total += sum(len(x) + 1 for x in block)
    return out


def log_lines(g: Gen, size: int) -> list[str]:
    out, total = [], 0
    while total < size:
        ts = f"2026-0{g.r.randrange(1, 10)}-{g.r.randrange(10, 29)}T{g.r.randrange(10, 24)}:{g.r.randrange(10, 60)}:{g.r.randrange(10, 60)}Z"
        r = g.r.random()
        if r < 0.06:
            line = f"{ts} INFO upload {g.w()}.tar.gz sha256={g.hex()} bytes={g.n() * 977}"
        elif r < 0.12:
            line = f"{ts} DEBUG auth bearer={g.fake_jwt()} user={g.w()}"
        elif r < 0.15:
            line = f"{ts} INFO tx txHash=0x{g.hex()} blockHash=0x{g.hex()}"
        else:
            line = f"{ts} INFO {g.w()} request_id={g.hex(32)} path=/{g.w()}/{g.n()} status=200 msg=\"{g.sentence()}\""
        out.append(line)
        total += len(line) + 1
    return out


KINDS: list[tuple[str, float, tuple[int, int], Callable[[Gen, int], list[str]]]] = [
    # (extension or file name, share of bytes, size range, generator)
    ("js", 0.14, (2_000, 30_000), lambda g, s: code_lines(g, "js", s)),
    ("ts", 0.10, (2_000, 30_000), lambda g, s: code_lines(g, "js", s)),
    ("py", 0.10, (2_000, 30_000), lambda g, s: code_lines(g, "py", s)),
    ("go", 0.07, (2_000, 40_000), lambda g, s: code_lines(g, "go", s)),
    ("java", 0.07, (2_000, 40_000), lambda g, s: code_lines(g, "java", s)),
    ("rb", 0.05, (1_000, 20_000), lambda g, s: code_lines(g, "rb", s)),
    ("json", 0.06, (1_000, 200_000), json_lines),
    ("yaml", 0.04, (1_000, 30_000), yaml_lines),
    ("md", 0.05, (1_000, 40_000), markdown),
    ("log", 0.09, (200_000, 3_000_000), log_lines),
    ("min.js", 0.10, (100_000, 2_000_000), bundle),
    ("package-lock.json", 0.04, (100_000, 1_500_000), lambda g, s: lockfile(g, "package-lock.json", s)),
    ("yarn.lock", 0.03, (100_000, 1_000_000), lambda g, s: lockfile(g, "yarn.lock", s)),
    ("Cargo.lock", 0.02, (50_000, 500_000), lambda g, s: lockfile(g, "Cargo.lock", s)),
    ("go.sum", 0.02, (20_000, 300_000), lambda g, s: lockfile(g, "go.sum", s)),
    ("poetry.lock", 0.02, (50_000, 500_000), lambda g, s: lockfile(g, "poetry.lock", s)),
]
LOCKNAMES = {"package-lock.json", "yarn.lock", "Cargo.lock", "go.sum", "poetry.lock"}
PLANT_IN = {"js", "ts", "py", "go", "java", "rb", "yaml", "md", "log", "json"}


def planted_lines(g: Gen, count: int) -> list[str]:
    """``count`` lines, each holding one secret that the scan must report."""
    makers: list[Callable[[int], str]] = [
        lambda i: f"GLOMO_SECRET_KEY={secrets.glomo_key('live', 'secret', seed=1000 + i)}",
        lambda i: f'const publishableKey = "{secrets.glomo_key("test", "public", seed=2000 + i)}";',
        lambda i: f'client = Glomo(api_key="{secrets.glomo_key("live", None, seed=3000 + i)}")',
        lambda i: f'id_token = "{secrets.generic_jwt(seed=4000 + i)}"',
        lambda i: f'headers = {{"Authorization": "Basic {secrets.basic_token(f"gk_live_{i:06x}", f"Zp8q-Lw3rT6y{i:04d}")}"}}',
        lambda i: f"X-REQUEST-SIGNATURE: {secrets.eth_signature_header(1767225600 + i, seed=5000 + i)}",
        lambda i: f"X-REQUEST-SIGNATURE: {secrets.btc_signature_header(1767225600 + i, seed=6000 + i)}",
        lambda i: f"PRIVATE_KEY=0x{secrets.hex_key(7000 + i)}",
        lambda i: f'const wallet = new ethers.Wallet("{secrets.hex_key(8000 + i)}");',
        lambda i: f"WIF={secrets.wif(9000 + i, compressed=bool(i % 2), testnet=i % 3 == 0)}",
        lambda i: f'GLUWA_API_SECRET="{g.b64(24).replace("/", "_")}"',
        lambda i: f"DATABASE_URL=postgres://app:{g.b64(16).replace('/', '_').replace('+', '-')}@db.internal:5432/app",
    ]
    return [makers[i % len(makers)](i) for i in range(count)]


def build(out: Path, size_mb: int, seed: int) -> tuple[int, int, int]:
    """Write the tree; returns (files, bytes, planted)."""
    g = Gen(seed)
    target = size_mb * 1_000_000
    files: list[tuple[str, list[str]]] = []
    for ext, share, (lo, hi), make in KINDS:
        budget = int(target * share)
        while budget > 0:
            size = min(budget, g.r.randrange(lo, hi))
            top = g.r.choice(("packages", "services", "apps", "libs", "tools"))
            folder = f"{top}/{g.w()}-{g.w()}/{g.r.choice(('src', 'lib', 'internal', 'test', 'docs', 'config'))}/{g.w()}"
            name = ext if ext in LOCKNAMES else f"{g.w()}_{g.n()}.{ext}"
            files.append((f"{folder}/{name}", make(g, size)))
            budget -= size
    planted = planted_lines(g, max(24, size_mb))
    hosts = [i for i, (p, _) in enumerate(files) if p.rsplit(".", 1)[-1] in PLANT_IN]
    for line in planted:
        lines = files[g.r.choice(hosts)][1]
        lines.insert(g.r.randrange(len(lines) + 1), line)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    # Ignore rules that match nothing present: both tools then read the same bytes,
    # while leakscan's walker still does its .gitignore work for every path.
    (out / ".gitignore").write_text("node_modules/\n*.pyc\n__pycache__/\n/coverage\n.env.local\ndist/\n!dist/keep\n")
    total = 0
    seen: set[str] = set()
    for rel, lines in files:
        while rel in seen:  # two files drew the same name: keep both
            rel = rel.replace("/", "/x", 1)
        seen.add(rel)
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = ("\n".join(lines) + "\n").encode()
        path.write_bytes(data)
        total += len(data)
    return len(files), total, len(planted)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", default=str(REPO / "benchmarks" / "corpus"))
    ap.add_argument("--size-mb", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--git", action="store_true", help="also make it a git work tree (git init; git add)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    nfiles, nbytes, planted = build(out, args.size_mb, args.seed)
    if args.git:
        subprocess.run(["git", "init", "-q", str(out)], check=True)
        subprocess.run(["git", "-C", str(out), "add", "-A"], check=True)
    print(f"{out}: {nfiles} files, {nbytes / 1e6:.1f} MB, planted {planted} secrets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
