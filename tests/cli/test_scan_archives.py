"""``leakscan scan`` opens archives: inner paths, the archive chain in JSON and SARIF, skips in the summary."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from testing import secrets

KEY = secrets.glomo_key(seed=122)


def _zip(path: Path, entries: dict[str, bytes]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    path.write_bytes(buf.getvalue())


def _tree(root: Path) -> Path:
    (root / "dist").mkdir()
    _zip(root / "dist" / "app.zip", {"static/js/main.js": f'\n\nconst key = "{KEY}";\n'.encode(),
                                     "logo.png": b"\x89PNG\0\0"})
    _zip(root / "mobile.apk", {"res/raw/settings.txt": f"api={KEY}\n".encode()})
    bomb_inner = io.BytesIO()
    with zipfile.ZipFile(bomb_inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros", b"\0" * (20 << 20))
    _zip(root / "bomb.zip", {"inner.zip": bomb_inner.getvalue()})
    (root / "broken.tgz").write_bytes(b"\x1f\x8b\x08\x00" + b"\0\xff" * 50)
    return root


def test_json_names_the_inner_path_and_the_chain(leakscan, tmp_path: Path) -> None:
    root = _tree(tmp_path)
    run = leakscan("scan", ".", "--format", "json", cwd=root)
    assert run.returncode == 1, run.stderr
    doc = json.loads(run.stdout)
    got = {(f["path"], f["line"], f["column"], tuple(f["archive"]), f["client_side"]) for f in doc["findings"]}
    assert got == {("dist/app.zip!static/js/main.js", 3, 14, ("dist/app.zip", "static/js/main.js"), True),
                   ("mobile.apk!res/raw/settings.txt", 1, 5, ("mobile.apk", "res/raw/settings.txt"), True)}
    assert len({f["fingerprint"] for f in doc["findings"]}) == 1  # one secret, wherever it is packed
    skipped = {s["path"]: s["reason"] for s in doc["skipped"]}
    assert skipped["dist/app.zip"].startswith("binary entries in archive (1 not scanned")
    assert skipped["bomb.zip!inner.zip!zeros"].startswith("compression ratio over the limit")
    assert skipped["broken.tgz"].startswith("corrupt or truncated archive (gzip")
    assert KEY not in run.stdout and "Traceback" not in run.stderr


def test_text_summary_lists_every_skip(leakscan, tmp_path: Path) -> None:
    run = leakscan("scan", ".", cwd=_tree(tmp_path))
    assert "dist/app.zip!static/js/main.js:3:14" in run.stdout
    assert "skipped: bomb.zip!inner.zip!zeros: compression ratio over the limit" in run.stdout
    assert "skipped: broken.tgz: corrupt or truncated archive" in run.stdout


def test_sarif_location_is_the_archive_with_the_entry_in_the_message(leakscan, tmp_path: Path) -> None:
    run = leakscan("scan", ".", "--format", "sarif", cwd=_tree(tmp_path))
    results = json.loads(run.stdout)["runs"][0]["results"]
    by_uri = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in results}
    assert set(by_uri) == {"dist/app.zip", "mobile.apk"}
    zipped = by_uri["dist/app.zip"]
    assert "inside the archive at dist/app.zip!static/js/main.js:3:14" in zipped["message"]["text"]
    assert "region" not in zipped["locations"][0]["physicalLocation"]  # lines of the entry, not of the zip
    assert zipped["properties"]["archive"] == ["dist/app.zip", "static/js/main.js"]


def test_max_archive_depth_zero_leaves_archives_closed(leakscan, tmp_path: Path) -> None:
    run = leakscan("scan", ".", "--format", "json", "--max-archive-depth", "0", cwd=_tree(tmp_path))
    doc = json.loads(run.stdout)
    assert run.returncode == 0 and not doc["findings"]
    assert {s["reason"] for s in doc["skipped"]} == {"archive not opened (zip; --max-archive-depth 0)",
                                                     "archive not opened (gzip; --max-archive-depth 0)"}


def test_a_bad_depth_is_a_usage_error(leakscan, tmp_path: Path) -> None:
    run = leakscan("scan", ".", "--max-archive-depth", "-1", cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
