"""Check shared strings against the most text one Excel cell can hold."""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.parsers import expat

from sheets.container import RESAVE, Container, Refusal, clean, damaged

MAX_STRING_CHARS = 32_767

_SI_TAG = re.compile(rb"(</?(?:[A-Za-z_][\w.-]*:)?si(?=[\s/>])[^>]*>)")


def refuse_long_strings(container: Container, part: str) -> None:
    """Refuse a shared strings part holding a text longer than a cell can."""
    if not _strings_may_be_long(container.chunks(part)):
        return

    longest = _longest_string(container.chunks(part))
    if longest > MAX_STRING_CHARS:
        raise Refusal(
            f"has a text of {longest:,} characters in {clean(part)}, over "
            f"Excel's limit of {MAX_STRING_CHARS:,} per cell; refusing it as "
            f"unsafe. {RESAVE}"
        )


def _strings_may_be_long(chunks: Iterator[bytes]) -> bool:
    """A fast filter: could any shared string be longer than a cell holds?

    Text never takes fewer bytes than characters, so a string can only be too
    long when its <si> element spans that many bytes. Anything unusual (CDATA,
    nesting, an empty <si/>) goes to the exact count instead.
    """
    inside = False
    open_bytes = 0
    for chunk in chunks:
        if b"<![CDATA[" in chunk:
            return True
        pieces = _SI_TAG.split(chunk)
        lengths = list(map(len, pieces[0::2]))
        lengths[0] += open_bytes
        if max(lengths) > MAX_STRING_CHARS:
            return True

        tags = pieces[1::2]
        closes = tags[0::2] if inside else tags[1::2]
        opens = b"".join(tags[1::2] if inside else tags[0::2])
        if b"</" in opens or b"/>" in opens:
            return True
        if b"".join(closes).count(b"</") != len(closes):
            return True

        inside ^= len(tags) % 2 == 1
        open_bytes = lengths[-1]
    return False


class _StringCounter:
    """Expat handlers that measure the text of each <si>, phonetic runs aside."""

    def __init__(self) -> None:
        self.depth = {"si": 0, "t": 0, "rPh": 0}
        self.length = 0
        self.longest = 0

    def start(self, name: str, _attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local in self.depth:
            self.depth[local] += 1
        if local == "si" and self.depth["si"] == 1:
            self.length = 0

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local in self.depth:
            self.depth[local] -= 1
        if local == "si" and self.depth["si"] == 0:
            self.longest = max(self.longest, self.length)

    def text(self, data: str) -> None:
        if self.depth["si"] and self.depth["t"] and not self.depth["rPh"]:
            self.length += len(data)


def _longest_string(chunks: Iterator[bytes]) -> int:
    """Count the characters of every shared string exactly."""
    counter = _StringCounter()
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    parser.CharacterDataHandler = counter.text
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            if counter.length > MAX_STRING_CHARS:
                return counter.length
        parser.Parse(b"", True)
    except (expat.ExpatError, LookupError, ValueError):
        raise Refusal(damaged("its shared strings are not valid XML")) from None
    return counter.longest
