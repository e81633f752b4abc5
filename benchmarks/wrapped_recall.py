#!/usr/bin/env python3
"""Recall on wrapped secrets: a tree with one secret per wrapping, scanned by a leakscan build.

Each file holds one generated secret (``testing/secrets.py``) in one wrapping
(archives, base64 in a Kubernetes Secret, percent-encoded logs, JSON inside
JSON, ANSI colour, raw ``curl -u`` …); the script prints which wrappings the
build found, so two builds compare side by side.

    python benchmarks/wrapped_recall.py [--leakscan "python -m leakscan"]
"""

from __future__ import annotations

import argparse
import base64
import gzip
import io
import json
import shlex
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from testing import secrets  # noqa: E402


def _zip(entries: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buf.getvalue()


def _tgz(name: str, text: str) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as archive:
        info = tarfile.TarInfo(name)
        info.size = len(text.encode())
        archive.addfile(info, io.BytesIO(text.encode()))
    return buf.getvalue()


def _basic() -> str:
    for i in range(10_000):
        token = secrets.basic_token(f"gk_live_{i:05d}", "Zq8" * (i % 3) + f"w3rT~~~???{i}")
        if "+" in token and "/" in token:
            return token
    raise SystemExit("no token with + and /")


def tree(root: Path) -> dict[str, str]:
    """Writes the files; returns file -> wrapping."""
    key, basic, hexkey = secrets.glomo_key(seed=901), _basic(), secrets.hex_key(902)
    b64 = lambda s: base64.b64encode(s.encode()).decode()  # noqa: E731
    user, password = "gk_live_" + "aa11bb22", "Vq3-" + "zT8wLp1xN7cR"  # built here: this file stays clean
    docker = json.dumps({"auths": {"r.example.com": {"auth": b64(f"{user}:{password}")}}})
    inner = json.dumps({"auth": f"Basic {basic}"}).replace("/", "\\/")
    escaped = basic.replace("+", "\\u002b").replace("/", "\\x2f")
    files: dict[str, tuple[str, str | bytes]] = {
        "dist/app.zip": ("zip (web bundle)", _zip({"static/js/main.js": f'const k = "{key}";\n'})),
        "app.apk": ("apk", _zip({"assets/config.json": json.dumps({"key": key})})),
        "pkg.tgz": ("npm tarball", _tgz("package/.env", f"GLOMO_SECRET_KEY={key}\n")),
        "app.log.gz": ("single-file gz", gzip.compress(f"Authorization: Bearer {key}\n".encode())),
        "k8s-secret.yaml": ("k8s Secret base64 (JWT)", f"kind: Secret\ndata:\n  KEY: {b64(key)}\n"),
        "k8s-hex.yaml": ("k8s Secret base64 (hex key)", f"kind: Secret\ndata:\n  PRIVATE_KEY: {b64('0x' + hexkey)}\n"),
        "pull-secret.yaml": ("dockerconfigjson", f"kind: Secret\ndata:\n  .dockerconfigjson: {b64(docker)}\n"),
        "access.log": ("percent-encoded query", f"GET /v1?a={urllib.parse.quote('Basic ' + basic, safe='')} HTTP/1.1\n"),
        "double.log": ("double percent-encoded",
                       f"GET /v1?a={urllib.parse.quote(urllib.parse.quote('Basic ' + basic, safe=''), safe='')}\n"),
        "container.log": ("Docker json-file (JSON in JSON)", json.dumps({"log": inner + "\n"}) + "\n"),
        "ci.log": ("ANSI colour", f"Authorization: Basic \x1b[1;33m{basic}\x1b[0m\n"),
        "escaped.js": ("\\u / \\x escapes", f'h = "Basic {escaped}"\n'),
        "page.html": ("HTML entities", f'<meta content="Basic {basic.replace("/", "&#x2F;").replace("+", "&#43;")}">\n'),
        "hex.txt": ("hex", f"v = {key.encode().hex()}\n"),
        "curl.sh": ("curl -u key:secret", f"# gluwa\ncurl -u {user}:{password} https://api.gluwa.com\n"),
        "client.py": ("HTTPBasicAuth", f'auth = HTTPBasicAuth("{user}", "{password}")  # gluwa\n'),
        "client.go": ("SetBasicAuth", f'req.SetBasicAuth("{user}", "{password}") // gluwa\n'),
        "client.js": ("axios auth", f"axios.get(u, {{ auth: {{ username: '{user}', password: '{password}' }} }})\n"),
    }
    inner_zip = _zip({"config.js": f'k = "{key}"\n'})
    tgz = io.BytesIO()
    with tarfile.open(fileobj=tgz, mode="w:gz") as archive:
        info = tarfile.TarInfo("inner.zip")
        info.size = len(inner_zip)
        archive.addfile(info, io.BytesIO(inner_zip))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("release/bundle.tgz", tgz.getvalue())
    files["nested.zip"] = ("zip in tgz in zip", buf.getvalue())
    for name, (_, content) in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return {name: what for name, (what, _) in files.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--leakscan", default="leakscan", help="command prefix (e.g. 'env PYTHONPATH=old python -m leakscan')")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        wrappings = tree(root)
        out = subprocess.run([*shlex.split(args.leakscan), "scan", ".", "--format", "json", "--fail-on", "never"],
                             cwd=root, capture_output=True, text=True)
        found = {f["path"].split("!", 1)[0] for f in json.loads(out.stdout)["findings"]}
    for name, what in wrappings.items():
        print(f"{'found' if name in found else 'MISSED':<7} {what:<34} {name}")
    print(f"{sum(n in found for n in wrappings)} of {len(wrappings)} wrappings found")


if __name__ == "__main__":
    main()
