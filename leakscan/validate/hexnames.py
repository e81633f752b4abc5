"""The names around a 64-hex value, judged: hash, public value, key, or silent.

``hash_evidence`` says why a value is a hash (a prefix, a name, a lockfile, a
file of hashes, code that holds public data); ``key_evidence`` says what names
it a key (its own name, the list or call it sits in, the line above).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

import regex

from leakscan.model import Fragment, RuleMatch
from leakscan.validate import hexevidence
from leakscan.validate.context import line_after, line_before, words
from leakscan.validate.hexcontext import bound_name, container_name, lines_before, starts_line
from leakscan.validate.hexfile import KDF_OUTPUTS, FileFacts
from leakscan.validate.hexwords import (
    FIELD_WORDS,
    HASH_FILE_WORDS,
    HASH_WORDS,
    KEY_NAMES,
    KEY_WORDS,
    LOCKFILES,
    NOT_KEY_PHRASES,
    PUBLIC_MODIFIERS,
    PUBLIC_WORDS,
    SECRET_WORDS,
)

# Code that holds public data, never a key: Solidity constants (they ship in the
# deployed bytecode), EVM assembly memory words, Bitcoin scripts.
_CONTRACT_SOURCES = (".sol", ".vy", ".yul")
_CONSTANT = regex.compile(rb"\b(?:constant|immutable)\b")
_EVM_ASM = regex.compile(rb"\bmstore8?\s*\(")
_SCRIPT = regex.compile(rb"\b(?:OP_[A-Z0-9_]+|CHECKSIG(?:VERIFY)?|CHECKMULTISIG(?:VERIFY)?|EQUALVERIFY|HASH160)\b")
# A declaration or comment on the lines above a value that starts its own line.
_ABOVE = regex.compile(rb"(?i)\bbytes32\b|keccak|\bsha-?(?:256|3)\b|\bhash(?:es)?\b|storage slot|\btopics?\b")
_HASH_PREFIX = regex.compile(
    rb"(?i)(sha(?:2|3)?-?(?:224|256|384|512)?|keccak(?:256)?|blake2b?|digest)\s*[:=-]\s*[\"']?$|t_stringliteral_$")
_HASH_LINE = regex.compile(rb"(?i)\bbytes32\b|\bsha-?(?:1|224|256|384|512|3)\b|keccak|\bsha256sum\b")
_GIT_LINE = regex.compile(rb"^\s*(commit|tree|parent|object|index|from|merge)\s+$")
# ``"0x<64 hex>": …``: the value keys a map (genesis storage, txid-keyed histories, block dumps).
_MAP_KEY_BEFORE = regex.compile(rb"[{,\s][\"'](?:0x)?$|^\s*[\"'](?:0x)?$")
_MAP_KEY_AFTER = regex.compile(rb"[\"']\s*:")


def hash_evidence(fragment: Fragment, match: RuleMatch, file: FileFacts | None = None) -> str | None:
    """Why this value is a hash, or None when nothing says so."""
    file = file or FileFacts(fragment)
    base = posixpath.basename(fragment.path).lower()
    if base in LOCKFILES or base.endswith((".sha256", ".sha256sum", ".lock")):
        return f"in {base}"
    if file.artifact:
        return f"in a compiler artifact ({file.base}: bytecode, storage layout and type ids)"
    before = line_before(fragment.data, match.match_start)
    if _HASH_PREFIX.search(before):
        return "hash prefix"
    if _GIT_LINE.match(before):
        return "git object line"
    after = line_after(fragment.data, match.end)
    if not before.strip() and regex.match(rb"^ [ *]\S", after):
        return "checksum listing"
    if _MAP_KEY_AFTER.match(after) and _MAP_KEY_BEFORE.search(before[-8:]):  # anchored test first: cheap
        return "a map key (a slot, txid or hash keys the entry)"
    for name in value_names(fragment.data, match.match_start, file.column(fragment.data, match.match_start)):
        if file.kdf and name.lower() in KDF_OUTPUTS:
            return f"named {name} in a KDF test vector ({file.base}): the output for a published password"
        verdict = judge_name(name)
        if verdict is None or isinstance(verdict, str):
            return verdict
    if starts_line(fragment.data, match.match_start):  # ``bytes32 private constant X =`` on the line above
        before = hexevidence.line_above(fragment.data, match.match_start) + b" " + before
    code = code_evidence(fragment.path, before, after[:160])
    if code:
        return code
    stem_words = set(words(posixpath.basename(fragment.path).split(".")[0]))
    if stem_words & HASH_FILE_WORDS:
        return f"in a file of hashes ({base})"
    if starts_line(fragment.data, match.match_start) and _ABOVE.search(lines_before(fragment.data, match.match_start)):
        return "declared as a hash on the line above"
    # the rest of the line counts too: assert_equal 'ab…', attachment.digest
    tail = after[:160]
    if _HASH_LINE.search(before) or _HASH_LINE.search(tail):
        return "line mentions a hash type"
    line_words = set(words(before.decode("ascii", "replace"))) | set(words(tail.decode("ascii", "replace")))
    hits = line_words & HASH_WORDS
    return f"line mentions {sorted(hits)[0]}" if hits else None


def code_evidence(path: str, before: bytes, tail: bytes) -> str | None:
    """Public data by the code around it: contract constants, assembly words, scripts."""
    if path.lower().endswith(_CONTRACT_SOURCES) and _CONSTANT.search(before):
        return "a contract constant (public in the deployed bytecode)"
    if _EVM_ASM.search(before):
        return "an EVM assembly memory word"
    if _SCRIPT.search(before) or _SCRIPT.search(tail):
        return "Bitcoin script data"
    return None


def value_names(data: bytes, start: int, column: str = "") -> Iterator[str]:
    """The name on the value's line, then (looked up only if asked) the name of the
    list, object or call it sits in, then the names on a line above that leads into it.
    In a CSV file the column's header is the value's name, and the only one."""
    if column:
        yield column
        return
    name = bound_name(line_before(data, start))
    if name:
        yield name
    container = container_name(data, start)
    if container:
        yield container
    if not name:
        yield from hexevidence.names_above(data, start)
        column = hexevidence.parametrize_column(data, start)
        if column:
            yield column


def key_evidence(data: bytes, start: int, column: str = "") -> str | None:
    """What says key among the names: the value's own name when it has one (``data: '0x…'``
    is data, whatever list it sits in), else the list, call or line above it."""
    own = column or bound_name(line_before(data, start))
    for name in value_names(data, start, column):
        call = hexevidence.key_call(name)
        if call:
            return f"passed to {call}()"
        # a call's name says what it does: only a secret word in it (signWithPrivateKey) names a key
        said = SECRET_WORDS if name.endswith("(") else KEY_WORDS
        if name in KEY_NAMES or (set(words(name)) & said and judge_name(name) is None):
            return f"bound to {name.rstrip('(')}"
        if own:
            return None
    return None


def judge_name(name: str) -> str | None | bool:
    """A reason when the name says hash or public value; None when it says key; False: silent.

    A call (``name(``) is public only when it says so of its argument (``fromPublicKey(``):
    ``signMessage(`` takes a key as readily as a message."""
    name_words = words(name)
    if name_words and (name_words[-1] in HASH_WORDS or name_words[-1] in FIELD_WORDS):
        return f"named {name}"
    joined = " ".join(name_words)
    for phrase, what in NOT_KEY_PHRASES.items():  # "key" in them names something else
        if phrase in joined:
            return f"named {name}: {what}"
    public = PUBLIC_MODIFIERS if name.endswith("(") else PUBLIC_WORDS
    if set(name_words) & public and not set(name_words) & SECRET_WORDS:
        return f"named {name}: a public value"
    if set(name_words) & KEY_WORDS:
        return None
    return False
