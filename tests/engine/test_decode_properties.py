"""Properties of the decoding view: any bytes decode without error, and every offset maps back in bounds, in order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from leakscan.engine import decoders
from leakscan.engine.decode import Decoder, build_view

PIECES = st.sampled_from([b"%2B", b"%2F", b"%3D", b"%2520", b"\\u002b", b"\\x2f", b"\\/", b"&#43;", b"&quot;",
                          b"\x1b[32m", b"\x1b[0m", b"\\u001b[1m", b"Basic ", b"ZXlKaGJHY2k", b"kind: Secret\n",
                          b"Z2tf", b"abc", b"=", b"\n", b" ", b"\0", b"\xff"])
DATA = st.one_of(st.binary(max_size=300), st.lists(PIECES, max_size=40).map(b"".join))


@settings(max_examples=300, deadline=None)
@given(DATA)
def test_any_bytes_give_a_view_or_none_and_spans_map_back_in_bounds_and_in_order(data: bytes) -> None:
    view = Decoder().view(data, {0, 1, 2})
    if view is None:
        return
    starts = []
    for a in range(len(view.data)):
        s, e = view.source(a, a + 1)
        assert 0 <= s < e <= len(data)  # every byte of the view comes from at least one byte read
        starts.append(s)
    assert starts == sorted(starts)
    if view.data:
        assert view.source(0, len(view.data))[1] <= len(data)


@settings(max_examples=200, deadline=None)
@given(DATA)
def test_escapes_replace_only_what_they_match(data: bytes) -> None:
    view = build_view(data, decoders.escapes(data))
    if view is None:
        return
    for (s0, s1), (d0, d1) in zip(view.src, view.dst, strict=True):
        assert 0 <= s0 < s1 <= len(data) and 0 <= d0 <= d1 <= len(view.data)
    kept = bytearray()
    pos = 0
    for s0, s1 in view.src:
        kept += data[pos:s0]
        pos = s1
    kept += data[pos:]
    assert len(view.data) == len(kept) + sum(d1 - d0 for d0, d1 in view.dst)
