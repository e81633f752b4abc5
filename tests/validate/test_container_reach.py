"""``container_name`` reads brackets back from near to far; it must name what one pass over the
whole 16 KiB reach names, wherever the unclosed bracket and the conversions sit."""

from __future__ import annotations

from itertools import islice

from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.validate import hexcontext
from leakscan.validate.context import line_before


def _one_pass(data: bytes, start: int) -> str:
    # the former implementation: one window of 16 KiB
    lo = max(0, start - 16384)
    depth = dict.fromkeys(hexcontext._CLOSE.values(), 0)
    for i, c in enumerate(reversed(data[lo:start].translate(None, hexcontext._NOT_BRACKET))):
        if c in hexcontext._CLOSE:
            depth[hexcontext._CLOSE[c]] += 1
        elif depth[c]:
            depth[c] -= 1
        else:
            at = next(islice(hexcontext._BRACKET_BACK.finditer(data, lo, start), i, None)).start()
            named = hexcontext._NAMED.search(line_before(data, at))
            if not named:
                return ""
            if named.group(1).lower() not in hexcontext._WRAPPERS:
                call = c == ord("(") and not named.group(2).strip(b"\"' \t")
                return str(named.group(1).decode("ascii", "replace")) + ("(" if call else "")
    return ""


PIECES = st.sampled_from([b"topics: [", b"keys = {", b"HexBytes(", b"sign(", b"() => {", b"]", b"}", b")",
                          b"\n", b", ", b'"0xab", ', b" " * 300, b"x" * 2000, b"list(", b"[", b"{"])


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(PIECES, max_size=40))
def test_near_then_far_names_what_one_pass_names(pieces: list[bytes]) -> None:
    data = b"".join(pieces) + b'"0x' + b"ab" * 32 + b'"'
    start = len(data) - 65
    assert hexcontext.container_name(data, start) == _one_pass(data, start)
