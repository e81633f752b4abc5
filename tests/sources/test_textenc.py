"""UTF-16/UTF-32 detection and transcoding (leakscan.sources.textenc)."""

from __future__ import annotations

import codecs
import io

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from leakscan.sources import textenc

TEXT = "GLOMO_SECRET_KEY=eyJhbGciOi.x.y\r\nnäme = 'välue' ✓ 𝄞\n"
WITH_BOM = {
    "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE,
}


@pytest.mark.parametrize("encoding", sorted(WITH_BOM))
def test_a_byte_order_mark_names_the_encoding(encoding):
    data = WITH_BOM[encoding] + TEXT.encode(encoding)
    wide = textenc.sniff(data)
    assert wide == textenc.Wide(encoding, len(WITH_BOM[encoding]))
    assert textenc.to_utf8(data, wide) == TEXT.encode()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_is_known_by_its_nul_pattern(encoding):
    data = TEXT.encode(encoding)
    assert textenc.sniff(data) == textenc.Wide(encoding, 0)
    assert textenc.utf8_of(data) == (TEXT.encode(), textenc.Wide(encoding, 0))


@pytest.mark.parametrize("data", [
    b"plain ascii text\n", "utf-8 text: välue ✓\n".encode(), b"",
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0" + bytes(200),  # binary: NUL runs
    bytes(range(256)) * 8,
    b"\x01\0\x02\0\x03\0\x04\0\x05\0\x06\0" * 50,  # little-endian small integers: control characters
    b"a\0",  # one unit is not enough to go on
], ids=["ascii", "utf8", "empty", "png", "all-bytes", "int16-table", "short"])
def test_other_data_is_not_wide_text(data):
    assert textenc.sniff(data) is None
    assert textenc.utf8_of(data) == (data, None)


@pytest.mark.parametrize("encoding", sorted(WITH_BOM))
@pytest.mark.parametrize("read_size", [1, 3, 1 << 16])
def test_a_stream_is_transcoded_however_reads_cut_it(encoding, read_size):
    data = WITH_BOM[encoding] + (TEXT * 3000).encode(encoding)

    class Trickle(io.RawIOBase):
        def __init__(self):
            self.pos = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            n = min(len(buffer), read_size, len(data) - self.pos)
            buffer[:n] = data[self.pos : self.pos + n]
            self.pos += n
            return n

    stream, wide = textenc.utf8_stream(Trickle(), data[:8000])
    assert wide is not None and wide.encoding == encoding
    assert b"".join(iter(lambda: stream.read(7777), b"")) == (TEXT * 3000).encode()


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1),
       st.sampled_from(sorted(WITH_BOM)))
def test_any_text_with_a_bom_comes_back_whole(text, encoding):
    assume(not (encoding == "utf-16-le" and text.startswith("\0")))  # FF FE 00 00 is UTF-32's mark
    data = WITH_BOM[encoding] + text.encode(encoding)
    assert textenc.utf8_of(data)[0] == text.encode()


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data):
    out, wide = textenc.utf8_of(data)
    assert (out == data) if wide is None else isinstance(out, bytes)
