"""Archives read in memory: every format, every bound a counted Skipped with its reason, never a crash."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile

import pytest

from leakscan import scan_bytes
from leakscan.model import Fragment, Skipped
from leakscan.sources.archives import ArchiveLimits, expand, kind_of
from testing import secrets

KEY = secrets.glomo_key(seed=121)
TEXT = f"line one\n\nconst key = \"{KEY}\";\n".encode()


def zip_of(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buf.getvalue()


def tar_of(entries: dict[str, bytes], mode: str = "w") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as archive:  # type: ignore[call-overload]
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def split(items: list[Fragment | Skipped]) -> tuple[dict[str, Fragment], dict[str, str]]:
    frags = {i.path: i for i in items if isinstance(i, Fragment)}
    skips = {i.path: i.reason for i in items if isinstance(i, Skipped)}
    return frags, skips


def _zstd(data: bytes) -> bytes:
    zstandard = pytest.importorskip("zstandard")
    return bytes(zstandard.ZstdCompressor().compress(data))


FORMATS = {
    "zip": ("dist/app.zip", lambda: zip_of({"static/js/main.js": TEXT}), "dist/app.zip!static/js/main.js"),
    "jar": ("lib/app.jar", lambda: zip_of({"conf/app.properties": TEXT}), "lib/app.jar!conf/app.properties"),
    "whl": ("x.whl", lambda: zip_of({"pkg/settings.py": TEXT}), "x.whl!pkg/settings.py"),
    "apk": ("a.apk", lambda: zip_of({"assets/config.json": TEXT}), "a.apk!assets/config.json"),
    "stored-zip": ("s.zip", lambda: zip_of({"a.txt": TEXT}, zipfile.ZIP_STORED), "s.zip!a.txt"),
    "tar": ("r.tar", lambda: tar_of({"pkg/.env": TEXT}), "r.tar!pkg/.env"),
    "tar.gz": ("r.tar.gz", lambda: tar_of({"pkg/.env": TEXT}, "w:gz"), "r.tar.gz!pkg/.env"),
    "tgz": ("npm.tgz", lambda: tar_of({"package/index.js": TEXT}, "w:gz"), "npm.tgz!package/index.js"),
    "tar.bz2": ("r.tar.bz2", lambda: tar_of({"a.env": TEXT}, "w:bz2"), "r.tar.bz2!a.env"),
    "tar.xz": ("r.tar.xz", lambda: tar_of({"a.env": TEXT}, "w:xz"), "r.tar.xz!a.env"),
    "gz": ("logs/app.log.gz", lambda: gzip.compress(TEXT), "logs/app.log.gz!app.log"),
    "bz2": ("dump.sql.bz2", lambda: bz2.compress(TEXT), "dump.sql.bz2!dump.sql"),
    "xz": ("dump.sql.xz", lambda: lzma.compress(TEXT), "dump.sql.xz!dump.sql"),
    "zst": ("dump.sql.zst", lambda: _zstd(TEXT), "dump.sql.zst!dump.sql"),
    "tar.zst": ("r.tar.zst", lambda: _zstd(tar_of({"a.env": TEXT})), "r.tar.zst!a.env"),
}


@pytest.mark.parametrize("kind", sorted(FORMATS), ids=sorted(FORMATS))
def test_each_format_is_read_and_its_secret_found_at_the_inner_line(kind: str) -> None:
    name, build, inner = FORMATS[kind]
    frags, skips = split(list(expand(build(), name, ArchiveLimits())))
    assert list(frags) == [inner] and not skips
    fragment = frags[inner]
    assert fragment.data == TEXT and fragment.archive == tuple(inner.split("!"))
    found = scan_bytes(fragment.data, fragment.path).findings  # through the pipeline
    assert [(f.line, f.column, f.secret.reveal()) for f in found] == [(3, 14, KEY)]


def test_magic_wins_over_the_name_and_text_is_never_an_archive() -> None:
    assert kind_of("release.bin", zip_of({"a": b"x"})) == "zip"
    assert kind_of("notes.zip", b"just text, no archive here\n", binary=False) is None
    assert kind_of("image.png", b"\x89PNG\0\0") is None


def test_nested_archives_up_to_the_depth_then_a_skip() -> None:
    inner = zip_of({"deep/config.js": TEXT})
    middle = tar_of({"inner.zip": inner}, "w:gz")
    outer = zip_of({"bundle.tgz": middle})
    frags, skips = split(list(expand(outer, "out.zip", ArchiveLimits(max_depth=3))))
    assert list(frags) == ["out.zip!bundle.tgz!inner.zip!deep/config.js"]
    assert frags["out.zip!bundle.tgz!inner.zip!deep/config.js"].archive == (
        "out.zip", "bundle.tgz", "inner.zip", "deep/config.js")
    frags, skips = split(list(expand(outer, "out.zip", ArchiveLimits(max_depth=2))))
    assert not frags
    assert skips == {"out.zip!bundle.tgz!inner.zip":
                     "archive nested too deep (zip beyond --max-archive-depth 2; not opened)"}
    frags, skips = split(list(expand(outer, "out.zip", ArchiveLimits(max_depth=0))))
    assert skips == {"out.zip": "archive not opened (zip; --max-archive-depth 0)"}


def test_a_nested_zip_bomb_is_bounded_and_reported() -> None:
    """42.zip's shape: 16 zips of 16 zips of 10 MiB of zeros (2.7 GB unpacked) costs a few MiB."""
    zeros = zip_of({"zeros.bin": b"\0" * (10 << 20)})
    level2 = zip_of({f"l2-{i}.zip": zeros for i in range(16)})
    bomb = zip_of({f"l1-{i}.zip": level2 for i in range(16)})
    assert len(bomb) < 1 << 20
    items = list(expand(bomb, "bomb.zip", ArchiveLimits()))
    frags, skips = split(items)
    assert not frags
    assert len(skips) == 256
    assert all(r.startswith("compression ratio over the limit (100:1") for r in skips.values())
    assert "bomb.zip!l1-0.zip!l2-0.zip!zeros.bin" in skips


def test_a_ten_gigabyte_declared_size_is_refused_before_any_byte_is_read() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.log", TEXT)
        archive.writestr("small.txt", TEXT)
        archive.infolist()[0].file_size = 10 << 30  # the central directory now says 10 GB (zip64)
    frags, skips = split(list(expand(buf.getvalue(), "big.zip", ArchiveLimits())))
    assert list(frags) == ["big.zip!small.txt"]
    assert skips["big.zip!huge.log"].startswith("declared size over the archive budget (10737418240 bytes")


def test_a_tar_member_declaring_ten_gigabytes_is_refused() -> None:
    info = tarfile.TarInfo("huge.log")
    info.size = 10 << 30
    data = info.tobuf(format=tarfile.PAX_FORMAT) + b"x" * 4096
    frags, skips = split(list(expand(data, "big.tar", ArchiveLimits())))
    assert not frags
    assert skips["big.tar!huge.log"].startswith("declared size over the archive budget (10737418240 bytes")


def test_the_byte_budget_is_shared_by_every_entry_and_level() -> None:
    entries = {f"f{i}.txt": TEXT + b"x" * 4000 for i in range(10)}
    frags, skips = split(list(expand(zip_of(entries), "a.zip", ArchiveLimits(max_bytes=20_000))))
    assert len(frags) == 4
    assert all(r.startswith("declared size over the archive budget") for r in skips.values())
    assert len(skips) == 6


def test_a_stream_that_decompresses_past_the_budget_stops_there() -> None:
    frags, skips = split(list(expand(gzip.compress(TEXT * 2000), "big.log.gz", ArchiveLimits(max_bytes=50_000))))
    assert not frags
    assert skips["big.log.gz"].startswith("archive budget reached")


def test_entry_count_limit() -> None:
    archive = zip_of({f"f{i}.txt": b"hello\n" for i in range(30)})
    frags, skips = split(list(expand(archive, "many.zip", ArchiveLimits(max_entries=10))))
    assert len(frags) == 10
    assert skips == {"many.zip": "too many archive entries (more than 10; the rest not read)"}


def test_encrypted_entries_are_reported() -> None:
    data = bytearray(zip_of({"secret.txt": TEXT, "plain.txt": TEXT}, zipfile.ZIP_STORED))
    # set the "encrypted" flag bit of the first entry, in its local header and central directory record
    data[6] |= 1
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 1
    frags, skips = split(list(expand(bytes(data), "locked.zip", ArchiveLimits())))
    assert list(frags) == ["locked.zip!plain.txt"]
    assert skips == {"locked.zip!secret.txt": "encrypted archive entry (not read)"}


@pytest.mark.parametrize("name", ["../../etc/cron.d/evil", "/etc/passwd", "C:/Windows/x.ini", "a/../../b"])
def test_traversal_and_absolute_names_are_reported_as_text_never_used(name: str) -> None:
    for archive, outer in ((zip_of({name: TEXT, "ok.txt": TEXT}), "t.zip"), (tar_of({name: TEXT, "ok.txt": TEXT}), "t.tar")):
        frags, skips = split(list(expand(archive, outer, ArchiveLimits())))
        assert list(frags) == [f"{outer}!ok.txt"]
        [(where, reason)] = skips.items()
        assert reason.startswith("unsafe entry name") and where.startswith(f"{outer}!")


def test_control_characters_in_names_are_shown_escaped() -> None:
    frags, _ = split(list(expand(zip_of({"a\x1b[31mb\nc.txt": TEXT}), "t.zip", ArchiveLimits())))
    assert list(frags) == ["t.zip!a\\x1b[31mb\\x0ac.txt"]


def test_tar_links_and_devices_are_skipped_not_followed() -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as archive:
        for name, kind in (("link", tarfile.SYMTYPE), ("hard", tarfile.LNKTYPE), ("tty", tarfile.CHRTYPE),
                           ("disk", tarfile.BLKTYPE), ("pipe", tarfile.FIFOTYPE)):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = "/etc/shadow" if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE) else ""
            archive.addfile(info)
    _, skips = split(list(expand(buf.getvalue(), "t.tar", ArchiveLimits())))
    assert skips == {
        "t.tar!link": "link or device inside tar (symlink; not followed)",
        "t.tar!hard": "link or device inside tar (hard link; not followed)",
        "t.tar!tty": "link or device inside tar (character device; not followed)",
        "t.tar!disk": "link or device inside tar (block device; not followed)",
        "t.tar!pipe": "link or device inside tar (fifo; not followed)",
    }


@pytest.mark.parametrize("name,data", [
    ("cut.zip", zip_of({"a.txt": TEXT * 50})[:120]),
    ("cut.tar.gz", tar_of({"a.txt": TEXT * 50}, "w:gz")[:60]),
    ("cut.gz", gzip.compress(TEXT * 50)[:40]),
    ("cut.bz2", bz2.compress(TEXT * 50)[:40]),
    ("cut.xz", lzma.compress(TEXT * 50)[:40]),
    ("junk.zip", b"PK\x03\x04" + b"\xff" * 200),
    ("junk.gz", b"\x1f\x8b\x08\x00" + b"\xff\0" * 100),
    ("junk.tar", b"\0" * 257 + b"ustar" + b"\xff" * 700),
], ids=["zip", "tar.gz", "gz", "bz2", "xz", "junk-zip", "junk-gz", "junk-tar"])
def test_corrupt_or_truncated_archives_are_a_reported_skip(name: str, data: bytes) -> None:
    items = list(expand(data, name, ArchiveLimits()))
    skips = [i for i in items if isinstance(i, Skipped)]
    assert skips and all(s.path.startswith(name) for s in skips)
    assert any(s.reason.startswith(("corrupt or truncated archive", "unreadable archive entry")) for s in skips)


def test_binary_entries_are_counted_in_one_skip() -> None:
    archive = zip_of({"a.class": b"\xca\xfe\xba\xbe\0\0", "b.png": b"\x89PNG\0", "c.txt": TEXT})
    frags, skips = split(list(expand(archive, "app.jar", ArchiveLimits())))
    assert list(frags) == ["app.jar!c.txt"]
    assert skips == {"app.jar": "binary entries in archive (2 not scanned, e.g. a.class, b.png)"}
