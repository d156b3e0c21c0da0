"""The one read of a Google Sheet: all tabs' values and the metadata a sync needs.

spreadsheets.get answers with effective (unformatted) values, dates as serial
day numbers beside each cell's number format type; this module turns them
into the same Grids an .xlsx gives (a date-formatted number is a date), and
collects each tab's id, size, number formats, owned-column tags and
goalsheet's own rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sheets.cells import SERIAL_EPOCH
from sheets.errors import WorkbookError
from sheets.google_highlights import Rule, read_rules
from sheets.grid import CellValue, ErrorValue, Grids, Sheet

# Developer metadata tagging an owned column: value "<canonical tab>/<field>".
COLUMN_KEY = "goalsheet.column"

# What the read asks for; every other field of the spreadsheet stays at Google.
READ_FIELDS = (
    "spreadsheetId,properties.title,"
    "sheets(properties(sheetId,title,index,sheetType,"
    "gridProperties(rowCount,columnCount)),"
    "data(startRow,startColumn,"
    "rowData.values(effectiveValue,effectiveFormat.numberFormat.type),"
    "columnMetadata.developerMetadata),"
    "conditionalFormats)"
)

# Google's error types, spelled as Excel shows them.
ERROR_CODES = {
    "ERROR": "#ERROR!",
    "NULL_VALUE": "#NULL!",
    "DIVIDE_BY_ZERO": "#DIV/0!",
    "VALUE": "#VALUE!",
    "REF": "#REF!",
    "NAME": "#NAME?",
    "NUM": "#NUM!",
    "N_A": "#N/A",
    "LOADING": "#LOADING",
}


@dataclass(frozen=True)
class ColumnTag:
    """An owned column as its developer metadata names it."""

    metadata_id: int
    tab: str  # the canonical tab name, e.g. "KPIs", whatever the tab is called
    field: str
    column: int  # 0-based, where the column is now


@dataclass
class GoogleTab:
    """One tab of the spreadsheet as the read found it."""

    sheet_id: int
    title: str
    index: int
    grid: bool
    row_count: int
    column_count: int
    tags: list[ColumnTag] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # all rules, in order
    # Number format types by 1-based row and 0-based column, where one is set.
    formats: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass
class GoogleBook:
    """A spreadsheet as read: its grids and what a sync needs to write safely."""

    spreadsheet_id: str
    title: str
    grids: Grids
    tabs: dict[str, GoogleTab]

    def tab(self, title: str) -> GoogleTab | None:
        return self.tabs.get(title)


def read_book(payload: dict[str, Any], source: str) -> GoogleBook:
    """Grids and metadata from a spreadsheets.get answer asked with READ_FIELDS."""
    tabs: dict[str, GoogleTab] = {}
    sheets: list[Sheet] = []
    for sheet in payload.get("sheets") or []:
        tab = _tab(sheet)
        if tab.title in tabs:
            raise WorkbookError(source, f"has two tabs named {tab.title!r}.")
        tabs[tab.title] = tab
        if tab.grid:
            rows, tab.formats = _cells(sheet.get("data") or [])
            sheets.append(Sheet(tab.title, rows))
    properties = payload.get("properties") or {}
    return GoogleBook(
        spreadsheet_id=str(payload.get("spreadsheetId", "")),
        title=str(properties.get("title", "")),
        grids=Grids(source, sheets),
        tabs=tabs,
    )


def _tab(sheet: dict[str, Any]) -> GoogleTab:
    properties = sheet.get("properties") or {}
    grid = properties.get("gridProperties") or {}
    title = str(properties.get("title", ""))
    tab = GoogleTab(
        sheet_id=int(properties.get("sheetId", 0)),
        title=title,
        index=int(properties.get("index", 0)),
        grid=properties.get("sheetType", "GRID") == "GRID",
        row_count=int(grid.get("rowCount", 0)),
        column_count=int(grid.get("columnCount", 0)),
    )
    tab.tags = _tags(sheet.get("data") or [])
    tab.rules = read_rules(title, sheet.get("conditionalFormats") or [])
    return tab


def _tags(data: list[dict[str, Any]]) -> list[ColumnTag]:
    """goalsheet's column tags, left to right; the first tag of a field wins."""
    tags: list[ColumnTag] = []
    seen: set[tuple[str, str]] = set()
    for block in data:
        start = int(block.get("startColumn", 0))
        for offset, column in enumerate(block.get("columnMetadata") or []):
            for metadata in column.get("developerMetadata") or []:
                tag = _tag(metadata, start + offset)
                if tag is None or (tag.tab, tag.field) in seen:
                    continue
                seen.add((tag.tab, tag.field))
                tags.append(tag)
    return tags


def _tag(metadata: dict[str, Any], column: int) -> ColumnTag | None:
    if metadata.get("metadataKey") != COLUMN_KEY:
        return None
    tab, _, name = str(metadata.get("metadataValue", "")).partition("/")
    if not tab or not name or "metadataId" not in metadata:
        return None
    return ColumnTag(int(metadata["metadataId"]), tab, name, column)


def _cells(
    data: list[dict[str, Any]],
) -> tuple[list[list[CellValue]], dict[tuple[int, int], str]]:
    """Every block's values placed by its start, padded square, and the formats."""
    values: dict[tuple[int, int], CellValue] = {}
    formats: dict[tuple[int, int], str] = {}
    for block in data:
        top = int(block.get("startRow", 0))
        left = int(block.get("startColumn", 0))
        for r, row in enumerate(block.get("rowData") or []):
            for c, cell in enumerate(row.get("values") or []):
                kind = number_format(cell)
                if kind:
                    formats[(top + r + 1, left + c)] = kind
                value = cell_value(cell)
                if value is not None:
                    values[(top + r, left + c)] = value
    if not values:
        return [], formats
    height = max(r for r, _ in values) + 1
    width = max(c for _, c in values) + 1
    rows: list[list[CellValue]] = [[None] * width for _ in range(height)]
    for (r, c), value in values.items():
        rows[r][c] = value
    return rows, formats


def number_format(cell: dict[str, Any]) -> str:
    """A CellData's number format type, "" when it has none (automatic)."""
    shown = (cell.get("effectiveFormat") or {}).get("numberFormat") or {}
    return str(shown.get("type", ""))


def cell_value(cell: dict[str, Any]) -> CellValue:
    """A CellData's effective value as the grids hold it; dates by their format."""
    value = cell.get("effectiveValue") or {}
    if "stringValue" in value:
        return str(value["stringValue"])
    if "boolValue" in value:
        return bool(value["boolValue"])
    if "errorValue" in value:
        kind = str((value["errorValue"] or {}).get("type", "ERROR"))
        return ErrorValue(ERROR_CODES.get(kind, "#ERROR!"))
    if "numberValue" not in value:
        return None
    number = float(value["numberValue"])
    kind = number_format(cell)
    return _dated(number, kind) if kind in _DATE_TYPES else number


_DATE_TYPES = frozenset({"DATE", "DATE_TIME", "TIME"})


def _dated(serial: float, kind: str) -> CellValue:
    """A serial day number shown as a date or time, read as a spreadsheet would."""
    seconds = round(serial * 86400)
    try:
        moment = dt.datetime.combine(SERIAL_EPOCH, dt.time()) + dt.timedelta(
            seconds=seconds
        )
    except OverflowError:
        return serial
    if kind == "TIME" and 0 <= serial < 1:
        return moment.time()
    if kind == "DATE" and moment.time() == dt.time():
        return moment.date()
    return moment


def serial_number(value: dt.date) -> float | int:
    """A date or date-time as a serial day number, the way Sheets stores it."""
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - dt.datetime.combine(
            SERIAL_EPOCH, dt.time()
        )
        return delta.total_seconds() / 86400
    return (value - SERIAL_EPOCH).days
