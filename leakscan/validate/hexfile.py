"""What a file as a whole says about the 64-hex values in it, read once per fragment.

Issue 11, item 2: some files hold nothing but public values whatever their
names say (a solc artifact's bytecode and ``t_stringliteral_<hash>`` ids; a
KDF test vector's derived ``key``), and a CSV file names each value by its
column header, not by the cell before it.  Made through the detector's scratch,
so the file is looked at once however many candidates it holds; each look is
bounded (the first 256 KiB for an artifact's markers, the first line for a header).
"""

from __future__ import annotations

import posixpath

from leakscan.model import Fragment
from leakscan.validate.context import words

_ARTIFACT_DIRS = {"artifacts", "out", "build-info", "build", "deployments", "cache"}
_ARTIFACT_MARKERS = (b'"bytecode"', b'"deployedBytecode"', b'"storageLayout"', b'"solcVersion"')
_ARTIFACT_REACH = 256 * 1024
# Key derivation functions: their vectors' ``key`` / ``dk`` is the output for a published password.
KDF_WORDS = {"pbkdf", "pbkdf2", "scrypt", "hkdf", "argon2", "argon", "bcrypt", "kdf", "evpkdf"}
KDF_OUTPUTS = {"key", "dk", "derived", "derivedkey", "derived_key", "output", "out", "result", "expected"}
_DELIMITERS = {".csv": b",", ".tsv": b"\t", ".psv": b"|"}
_HEADER_REACH = 4096


class FileFacts:
    """The file's name, whether it is a compiler artifact or a KDF vector file, and its CSV header."""

    def __init__(self, fragment: Fragment):
        path = fragment.path.rsplit("!", 1)[-1]  # inside an archive, the member's own name
        self.base = posixpath.basename(path).lower()
        self.stem_words = set(words(self.base.split(".")[0]))
        self.artifact = self.base.endswith(".json") and _in_artifact_dir(path) and any(
            m in fragment.data[:_ARTIFACT_REACH] for m in _ARTIFACT_MARKERS)
        self.kdf = bool(self.stem_words & KDF_WORDS)
        ext = posixpath.splitext(self.base)[1]
        self.delimiter = _DELIMITERS.get(ext, b"")
        self.columns = _header(fragment.data, self.delimiter) if self.delimiter else []

    def column(self, data: bytes, start: int) -> str:
        """The header of the CSV column the value sits in, or "" (not a CSV, the header line, too wide)."""
        if not self.columns:
            return ""
        lo = data.rfind(b"\n", max(0, start - _HEADER_REACH), start)
        if lo == -1:
            return ""  # the header line itself, or a line longer than the reach
        index = data.count(self.delimiter, lo, start)
        return self.columns[index] if index < len(self.columns) else ""


def _in_artifact_dir(path: str) -> bool:
    return bool(set(path.lower().split("/")[:-1]) & _ARTIFACT_DIRS)


def _header(data: bytes, delimiter: bytes) -> list[str]:
    """The first line's cells as names, when it is a header (no 16+ hex run in it: that is data)."""
    end = data.find(b"\n", 0, _HEADER_REACH)
    line = data[: end if end != -1 else min(len(data), _HEADER_REACH)].rstrip(b"\r")
    cells = [c.strip().strip(b"\"'").decode("ascii", "replace") for c in line.split(delimiter)]
    if len(cells) < 2 or any(len(c) >= 16 and all(ch in "0123456789abcdefABCDEFx" for ch in c) for c in cells):
        return []
    return cells
