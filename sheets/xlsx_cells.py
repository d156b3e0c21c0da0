"""One cell as worksheet XML: values, cell references, dates as serial numbers."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from sheets.grid import column_letter
from sheets.plan import NumberFormat, PlanValue

MAX_TEXT = 32_767
NOT_A_NUMBER = "n/a"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
EPOCH_1900 = dt.date(1899, 12, 30)
EPOCH_1904 = dt.date(1904, 1, 1)
LOTUS_LEAP_DAY = dt.date(1900, 3, 1)

# Characters XML 1.0 does not allow, even escaped.
_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Excel reads _xHHHH_ in text as an escaped character; its own underscore
# escape keeps such text literal.
_EXCEL_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_REF = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})")
_ATTRIBUTE = rb"(?<![\w:.-])%s\s*=\s*(?:\"([^\"]*)\"|'([^']*)')"
_DROPPED = re.compile(rb"\s+(?:t|cm|vm)\s*=\s*(?:\"[^\"]*\"|'[^']*')")
_STYLE = re.compile(_ATTRIBUTE % rb"s")


def attribute(name: bytes, tag: bytes) -> bytes | None:
    """The value of one attribute in a start tag, None when absent."""
    match = _attribute_pattern(name).search(tag)
    if match is None:
        return None
    value = match.group(1) if match.group(1) is not None else match.group(2)
    return value.strip()


_PATTERNS: dict[bytes, re.Pattern[bytes]] = {}


def _attribute_pattern(name: bytes) -> re.Pattern[bytes]:
    if name not in _PATTERNS:
        _PATTERNS[name] = re.compile(_ATTRIBUTE % re.escape(name))
    return _PATTERNS[name]


def set_attribute(tag: bytes, name: bytes, value: bytes | None) -> bytes:
    """A start tag's attributes with one set, replaced or (None) removed."""
    pattern = _attribute_pattern(name)
    match = pattern.search(tag)
    if match is not None:
        start = match.start()
        while start > 0 and tag[start - 1 : start].isspace():
            start -= 1
        tag = tag[:start] + tag[match.end() :]
    if value is None:
        return tag
    closing = len(tag) - len(tag.rstrip(b"/ \t\r\n"))
    head, tail = tag[: len(tag) - closing], tag[len(tag) - closing :]
    return head + b" " + name + b'="' + value + b'"' + tail


def column_index(letters: bytes) -> int:
    """0-based column of letters such as b"AB"."""
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number - 1


def parse_ref(ref: bytes) -> tuple[int, int] | None:
    """(1-based row, 0-based column) of a reference such as b"C7"."""
    match = _REF.fullmatch(ref.strip().replace(b"$", b""))
    if match is None:
        return None
    return int(match.group(2)), column_index(match.group(1))


def cell_ref(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


def serial(value: dt.date, date1904: bool) -> float | int:
    """A date or date-time as the spreadsheet's serial day number."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if date1904:
        days = (day - EPOCH_1904).days
    else:
        days = (day - EPOCH_1900).days - (1 if day < LOTUS_LEAP_DAY else 0)
    if not isinstance(value, dt.datetime):
        return days
    seconds = value.hour * 3600 + value.minute * 60 + value.second
    return days + (seconds + value.microsecond / 1e6) / 86400


def clean_text(text: str) -> str:
    """Text as a cell can hold it: no XML-forbidden characters, Excel's length."""
    text = _FORBIDDEN.sub("", text)
    text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    return text[:MAX_TEXT]


@dataclass(frozen=True)
class Encoded:
    """A value as a cell stores it: its t= type and the XML inside the cell."""

    kind: bytes | None
    inner: bytes
    date_format: str | None = None


def encode(value: PlanValue, date1904: bool, prefix: bytes = b"") -> Encoded | None:
    """The cell content for a value; None for a value that clears the cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return Encoded(b"b", _element(prefix, b"v", b"1" if value else b"0"))
    if isinstance(value, dt.date):
        number = serial(value, date1904)
        if number < (0 if date1904 else 1):
            return encode(value.isoformat(), date1904, prefix)
        format_code = DATETIME_FORMAT
        if not isinstance(value, dt.datetime):
            format_code = NumberFormat.DATE.value
        return Encoded(None, _element(prefix, b"v", repr(number).encode()), format_code)
    if isinstance(value, int | float):
        number_text = _number_text(value)
        if number_text is not None:
            return Encoded(None, _element(prefix, b"v", number_text))
        value = NOT_A_NUMBER
    text = escape(clean_text(str(value))).replace("\r", "&#13;").encode("utf-8")
    t = _element(prefix, b't xml:space="preserve"', text, close=b"t")
    return Encoded(b"inlineStr", _element(prefix, b"is", t))


def _number_text(value: int | float) -> bytes | None:
    if isinstance(value, int):
        return str(value).encode() if abs(value) < 1e300 else None
    if not math.isfinite(value):
        return None
    return repr(value).encode()


def _element(prefix: bytes, tag: bytes, inner: bytes, close: bytes = b"") -> bytes:
    closing = close or tag
    return b"<" + prefix + tag + b">" + inner + b"</" + prefix + closing + b">"


def cell_xml(
    attributes: bytes,
    encoded: Encoded,
    style: int | None,
    prefix: bytes,
    extension: bytes = b"",
) -> bytes:
    """A whole cell: the kept start-tag attributes plus the new type and value."""
    attributes = _DROPPED.sub(b"", attributes)
    if style is not None:
        attributes = set_attribute(attributes, b"s", str(style).encode())
    if encoded.kind is not None:
        attributes += b' t="' + encoded.kind + b'"'
    return (
        b"<"
        + prefix
        + b"c"
        + attributes
        + b">"
        + encoded.inner
        + extension
        + b"</"
        + prefix
        + b"c>"
    )


def cleared_xml(attributes: bytes, prefix: bytes, extension: bytes = b"") -> bytes:
    """A cell without value or formula that keeps its style; b"" when unstyled."""
    attributes = _DROPPED.sub(b"", attributes)
    if _STYLE.search(attributes) is None and not extension:
        return b""
    if extension:
        return (
            b"<"
            + prefix
            + b"c"
            + attributes
            + b">"
            + extension
            + b"</"
            + prefix
            + b"c>"
        )
    return b"<" + prefix + b"c" + attributes + b"/>"


def new_cell_attributes(row: int, column: int) -> bytes:
    return b' r="' + cell_ref(row, column).encode() + b'"'


@lru_cache(maxsize=1 << 14)
def letters_of(column: int) -> bytes:
    return column_letter(column).encode()


def new_cell(
    prefix: bytes, column: int, row: bytes, encoded: Encoded, style: int | None
) -> bytes:
    """A cell that did not exist: position, style and type, then the value."""
    head = b"<" + prefix + b'c r="' + letters_of(column) + row + b'"'
    if style is not None:
        head += b' s="' + str(style).encode() + b'"'
    if encoded.kind is not None:
        head += b' t="' + encoded.kind + b'"'
    return head + b">" + encoded.inner + b"</" + prefix + b"c>"
