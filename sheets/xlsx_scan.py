"""Finding rows and cells in worksheet XML: tag patterns and small parsers.

A row that holds no CDATA section or comment is read with one pattern per
cell; anything unusual goes through a tokenizer that steps over CDATA,
comments and quoted attribute values.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from sheets.plan import CellWrite
from sheets.xlsx_cells import (
    Encoded,
    attribute,
    cell_ref,
    column_index,
    parse_ref,
    set_attribute,
)

ATTRS = rb"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)"
SKIP = rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<\?.*?\?>"
PREFIX = rb"((?:[A-Za-z_][\w.-]*:)?)"

RowWrites = dict[int, dict[int, CellWrite]]


@dataclass(frozen=True)
class Patterns:
    """The tag patterns of one sheet, for the prefix of its main namespace."""

    row: re.Pattern[bytes]
    cell: re.Pattern[bytes]
    cell_end: re.Pattern[bytes]
    cell_whole: re.Pattern[bytes]
    cell_letters: re.Pattern[bytes]
    missing_ref: re.Pattern[bytes]
    formula: re.Pattern[bytes]
    shared: re.Pattern[bytes]
    value: re.Pattern[bytes]
    extension: re.Pattern[bytes]
    dimension: re.Pattern[bytes]
    column: re.Pattern[bytes]


@lru_cache(maxsize=8)
def patterns(prefix: bytes) -> Patterns:
    """The tag patterns of a sheet whose main namespace has this prefix."""
    p = re.escape(prefix)
    return Patterns(
        row=re.compile(
            SKIP + rb"|<(/?)" + p + rb"(row|sheetData)(?=[\s/>])" + ATTRS + rb">", re.S
        ),
        cell=re.compile(SKIP + rb"|<" + p + rb"c(?=[\s/>])" + ATTRS + rb">", re.S),
        cell_end=re.compile(SKIP + rb"|(</" + p + rb"c\s*>)", re.S),
        cell_whole=re.compile(
            rb"<" + p + rb"c(?=[\s/>])([^>]*?)(?:/>|>(.*?)</" + p + rb"c\s*>)", re.S
        ),
        cell_letters=re.compile(
            rb"<" + p + rb"c\s[^>]*?(?<![\w:.-])r\s*=\s*[\"']\s*([A-Za-z]{1,3})[0-9]"
        ),
        missing_ref=re.compile(
            rb"<" + p + rb"(?:c|row)(?=[\s/>])(?:(?![\s:\"']r\s*=)[^<>])*[<>]"
        ),
        formula=re.compile(rb"<" + p + rb"f(?=[\s/>])"),
        shared=re.compile(rb"<" + p + rb"f(?=\s)[^>]*?\bref\s*=[^>]*>", re.S),
        value=re.compile(rb"<" + p + rb"v(?:\s[^>]*)?>(.*?)</" + p + rb"v\s*>", re.S),
        extension=re.compile(
            rb"<" + p + rb"extLst(?=[\s/>]).*</" + p + rb"extLst\s*>", re.S
        ),
        dimension=re.compile(rb"<" + p + rb"dimension(?=[\s/>])" + ATTRS + rb">"),
        column=re.compile(rb"<" + p + rb"col(?=[\s/>])" + ATTRS + rb">"),
    )


@dataclass(slots=True)
class Cell:
    """A cell of a row being edited: its column, byte range and parts."""

    column: int
    start: int
    end: int
    attributes: bytes
    inner: bytes | None


class Damaged(Exception):
    """A row whose cells cannot be told apart."""


class Unplaced(Exception):
    """A cell without its r= position."""


@lru_cache(maxsize=1 << 14)
def _column(letters: bytes) -> int:
    return column_index(letters)


def find_cells(xml: bytes, start: int, end: int, p: Patterns) -> list[Cell]:
    """The cells between start and end, in order; raises Unplaced or Damaged."""
    if xml.find(b"<!", start, end) < 0:
        letters = p.cell_letters.findall(xml, start, end)
        matches = list(p.cell_whole.finditer(xml, start, end))
        if len(letters) == len(matches):
            return [
                Cell(_column(name), m.start(), m.end(), m.group(1), m.group(2))
                for name, m in zip(letters, matches, strict=True)
            ]
    return _careful_cells(xml, start, end, p)


def _careful_cells(xml: bytes, start: int, end: int, p: Patterns) -> list[Cell]:
    cells: list[Cell] = []
    position = start
    while (match := p.cell.search(xml, position, end)) is not None:
        position = match.end()
        attrs = match.group(1)
        if attrs is None:
            continue
        ref = attribute(b"r", attrs)
        place = parse_ref(ref) if ref else None
        if place is None:
            raise Unplaced
        if attrs.rstrip().endswith(b"/"):
            attrs = attrs.rstrip()[:-1].rstrip()
            cells.append(Cell(place[1], match.start(), match.end(), attrs, None))
            continue
        closing = p.cell_end.search(xml, position, end)
        while closing is not None and closing.group(1) is None:
            closing = p.cell_end.search(xml, closing.end(), end)
        if closing is None:
            raise Damaged
        inner = xml[match.end() : closing.start()]
        cells.append(Cell(place[1], match.start(), closing.end(), attrs, inner))
        position = closing.end()
    return cells


def column_styles(head: bytes, p: Patterns) -> list[tuple[int, int, int]]:
    """(first, last, style) of each <col> that gives its columns a style."""
    found = []
    for column in p.column.finditer(head):
        values = [
            attribute(name, column.group(1)) for name in (b"min", b"max", b"style")
        ]
        if all(value and value.isdigit() for value in values):
            low, high, style = (int(value or b"0") for value in values)
            found.append((low - 1, high - 1, style))
    return found


def place(
    cells: list[Cell], columns: list[int], column: int
) -> tuple[Cell | None, int]:
    """The cell at a column, or None and the index a new cell goes before."""
    index = bisect_left(columns, column)
    if index < len(cells) and columns[index] == column:
        return cells[index], index
    return None, index


def holds(cell: Cell, encoded: Encoded | None, p: Patterns) -> bool:
    """True when a formula-free cell already holds exactly this value."""
    inner = cell.inner or b""
    kind = attribute(b"t", cell.attributes)
    value = p.value.search(inner)
    if encoded is None:
        return value is None and b"is>" not in inner
    if encoded.kind == b"inlineStr":
        extension = p.extension.search(inner)
        core = inner[: extension.start()] if extension else inner
        return kind == b"inlineStr" and core.strip() == encoded.inner
    if value is None:
        return False
    if encoded.kind == b"b":
        return kind == b"b" and value.group(0) == encoded.inner
    if kind not in (None, b"n"):
        return False
    wanted = p.value.search(encoded.inner)
    try:
        return wanted is not None and float(value.group(1)) == float(wanted.group(1))
    except ValueError:
        return False


def row_number(tag: bytes) -> int | None:
    number = attribute(b"r", tag)
    return int(number) if number and number.isdigit() else None


def widen_spans(tag: bytes, writes: dict[int, CellWrite]) -> bytes:
    spans = attribute(b"spans", tag)
    if spans is None:
        return tag
    try:
        bounds = [int(part) for piece in spans.split() for part in piece.split(b":")]
    except ValueError:
        return set_attribute(tag, b"spans", None)
    low = min([*bounds, *(column + 1 for column in writes)])
    high = max([*bounds, *(column + 1 for column in writes)])
    if low >= min(bounds) and high <= max(bounds) and len(bounds) == 2:
        return tag
    return set_attribute(tag, b"spans", f"{low}:{high}".encode())


def grown(ref: bytes | None, writes: RowWrites) -> str | None:
    """The used range grown to cover written values, None when it covers them."""
    placed = [
        (row, column)
        for row, columns in writes.items()
        for column, write in columns.items()
        if write.value is not None
    ]
    if not placed or ref is None:
        return None
    corners = [parse_ref(part) for part in ref.split(b":")]
    known = [corner for corner in corners if corner is not None]
    if not known:
        return None
    rows = [row for row, _ in known + placed]
    columns = [column for _, column in known + placed]
    first, last = (min(rows), min(columns)), (max(rows), max(columns))
    if all(
        known[0][0] <= row <= known[-1][0] and known[0][1] <= column <= known[-1][1]
        for row, column in placed
    ):
        return None
    return f"{cell_ref(*first)}:{cell_ref(*last)}"


def then_end(stream: Iterator[bytes]) -> Iterator[bytes]:
    yield from stream
    yield b""


def scan_end(buffer: bytes) -> int:
    """Where scanning must stop: before a CDATA section or comment left open."""
    end = len(buffer)
    for opener, closer in ((b"<![CDATA[", b"]]>"), (b"<!--", b"-->")):
        start = buffer.rfind(opener)
        if start >= 0 and buffer.find(closer, start) < 0:
            end = min(end, start)
    return end


def safe_cut(buffer: bytes, after: int, limit: int) -> int:
    """Where a buffer can be cut without splitting a tag the next scan needs."""
    special = [
        at
        for at in (buffer.find(b"<!", after, limit), buffer.find(b"<?", after, limit))
        if at >= 0
    ]
    if special:
        return min(special)
    last = buffer.rfind(b"<", after, limit)
    return last if last >= 0 else limit
