"""Worksheet XML for tabs goalsheet writes whole: owned tabs and added tabs."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from sheets.grid import column_letter
from sheets.plan import Highlight, OwnedTab, PlanValue
from sheets.xlsx_cells import cell_xml, encode, new_cell_attributes, set_attribute
from sheets.xlsx_highlights import rewrite_tail
from sheets.xlsx_scan import ATTRS, PREFIX
from sheets.xlsx_styles import MAIN, StyleBook

RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAX_LIST_CHARS = 255
DROPDOWN_ROWS = 1000

_SHEET_DATA = re.compile(rb"<" + PREFIX + rb"sheetData(?=[\s/>])" + ATTRS + rb">", re.S)
FROZEN_HEADER = (
    b'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
)
_MARGINS = (
    b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
    b'footer="0.3"/>'
)


@dataclass
class TabContent:
    """What goes into a tab goalsheet writes whole."""

    rows: Sequence[Sequence[PlanValue]]
    widths: Sequence[int] = ()
    highlights: list[Highlight] | None = None
    dropdowns: Mapping[int, Sequence[str]] = field(default_factory=dict)


@dataclass
class Built:
    """A tab's new XML, and whether formulas were dropped on the way."""

    xml: bytes
    removed_formula: bool = False


def content_of(tab: OwnedTab, highlights: list[Highlight] | None) -> TabContent:
    return TabContent(tab.rows, tab.widths, highlights)


def new_sheet(content: TabContent, styles: StyleBook, date1904: bool) -> bytes:
    """A complete worksheet part for a tab that does not exist yet."""
    rows = _rows_xml(content.rows, styles, date1904, b"")
    pane = b""
    if content.rows:
        pane = FROZEN_HEADER
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="'
        + MAIN.encode()
        + b'" xmlns:r="'
        + RELATIONSHIPS.encode()
        + b'"><dimension ref="'
        + _extent(content.rows).encode()
        + b'"/>'
        b'<sheetViews><sheetView workbookViewId="0">' + pane + b"</sheetView>"
        b'</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        + _cols_xml(content.widths, b"")
    )
    tail = _validations_xml(content, b"") + _MARGINS + b"</worksheet>"
    if content.highlights:
        tail = rewrite_tail(tail, b"", content.highlights, styles) or tail
    return head + b"<sheetData>" + rows + b"</sheetData>" + tail


def rebuild_sheet(
    old: bytes, content: TabContent, styles: StyleBook, date1904: bool
) -> Built:
    """An owned tab's part with new cells and widths; all else kept as it was."""
    opening = _SHEET_DATA.search(old)
    if opening is None:
        return Built(new_sheet(content, styles, date1904), removed_formula=True)
    p = opening.group(1)
    if opening.group(2).rstrip().endswith(b"/"):
        end = opening.end()
        old_cells = b""
    else:
        closing = old.find(b"</" + p + b"sheetData>", opening.end())
        end = closing + len(b"</" + p + b"sheetData>") if closing >= 0 else len(old)
        old_cells = old[opening.end() : max(closing, opening.end())]
    head = _with_cols(old[: opening.start()], content.widths, p)
    head = _with_extent(head, _extent(content.rows), p)
    tail = old[end:]
    if content.highlights is not None:
        root = re.search(rb"<" + PREFIX + rb"worksheet(?=[\s/>])", old)
        root_prefix = root.group(1) if root else p
        tail = rewrite_tail(tail, root_prefix, content.highlights, styles) or tail
    rows = _rows_xml(content.rows, styles, date1904, p)
    sheet_data = b"<" + p + b"sheetData>" + rows + b"</" + p + b"sheetData>"
    formulas = re.search(rb"<" + re.escape(p) + rb"f(?=[\s/>])", old_cells)
    return Built(head + sheet_data + tail, removed_formula=formulas is not None)


def _rows_xml(
    rows: Sequence[Sequence[PlanValue]], styles: StyleBook, date1904: bool, p: bytes
) -> bytes:
    """Rows from row 1, the first in bold; blank values make no cell."""
    out = []
    for index, values in enumerate(rows):
        number = index + 1
        cells = []
        for column, value in enumerate(values):
            encoded = encode(value, date1904, p)
            if encoded is None:
                continue
            style = styles.bold_style() if number == 1 else None
            if encoded.date_format:
                style = styles.formatted(None, encoded.date_format)
            attrs = new_cell_attributes(number, column)
            cells.append(cell_xml(attrs, encoded, style, p))
        if cells:
            out.append(
                b"<"
                + p
                + b'row r="'
                + str(number).encode()
                + b'">'
                + b"".join(cells)
                + b"</"
                + p
                + b"row>"
            )
    return b"".join(out)


def _extent(rows: Sequence[Sequence[PlanValue]]) -> str:
    last_row = 0
    last_column = 0
    for index, values in enumerate(rows):
        filled = [column for column, value in enumerate(values) if value is not None]
        if filled:
            last_row = index + 1
            last_column = max(last_column, filled[-1])
    if not last_row:
        return "A1"
    return f"A1:{column_letter(last_column)}{last_row}"


def _cols_xml(widths: Sequence[int], p: bytes) -> bytes:
    if not widths:
        return b""
    cols = b"".join(
        b"<"
        + p
        + b'col min="'
        + str(index).encode()
        + b'" max="'
        + str(index).encode()
        + b'" width="'
        + _width(width)
        + b'" customWidth="1"/>'
        for index, width in enumerate(widths, start=1)
        if width > 0
    )
    return b"<" + p + b"cols>" + cols + b"</" + p + b"cols>" if cols else b""


def _width(characters: int) -> bytes:
    return repr(float(min(characters, 255))).encode()


def _with_cols(head: bytes, widths: Sequence[int], p: bytes) -> bytes:
    q = re.escape(p)
    found = re.search(
        rb"<" + q + rb"cols(?=[\s/>])[^>]*?(?:/>|>.*?</" + q + rb"cols\s*>)", head, re.S
    )
    cols = _cols_xml(widths, p)
    if found is None:
        return head + cols
    return head[: found.start()] + cols + head[found.end() :]


def _with_extent(head: bytes, extent: str, p: bytes) -> bytes:
    found = re.search(
        rb"<" + re.escape(p) + rb"dimension(?=[\s/>])" + ATTRS + rb">", head
    )
    if found is None:
        return head
    tag = set_attribute(found.group(1).rstrip(b"/ "), b"ref", extent.encode())
    element = b"<" + p + b"dimension" + tag + b"/>"
    return head[: found.start()] + element + head[found.end() :]


def _validations_xml(content: TabContent, p: bytes) -> bytes:
    """List dropdowns under the header for the given columns."""
    if not content.dropdowns:
        return b""
    last = max(DROPDOWN_ROWS, len(content.rows) * 2)
    rules = []
    for column, choices in sorted(content.dropdowns.items()):
        listed = ",".join(choice.replace('"', '""') for choice in choices)
        if any("," in choice for choice in choices) or len(listed) > MAX_LIST_CHARS:
            raise ValueError(
                f"dropdown of column {column_letter(column)} does not fit Excel's "
                f"list of at most {MAX_LIST_CHARS} characters without commas"
            )
        where = f"{column_letter(column)}2:{column_letter(column)}{last}"
        rules.append(
            b"<" + p + b'dataValidation type="list" allowBlank="1" '
            b'showInputMessage="1" showErrorMessage="1" sqref='
            + quoteattr(where).encode()
            + b"><"
            + p
            + b"formula1>"
            + escape(f'"{listed}"').encode("utf-8")
            + b"</"
            + p
            + b"formula1></"
            + p
            + b"dataValidation>"
        )
    count = str(len(rules)).encode()
    return (
        b"<"
        + p
        + b'dataValidations count="'
        + count
        + b'">'
        + b"".join(rules)
        + b"</"
        + p
        + b"dataValidations>"
    )
