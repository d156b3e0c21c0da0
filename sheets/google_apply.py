"""The structure request of a sync: one atomic spreadsheets.batchUpdate.

New owned columns (inserted fresh and tagged), tags on owned columns found by
header, owned tabs and room for their rows, number formats of owned columns,
and goalsheet's highlights; sent only when one of them changes. Values go in
the values request (sheets.google_values), after this one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sheets.google_highlights import rule_requests
from sheets.google_read import COLUMN_KEY, GoogleBook, GoogleTab
from sheets.google_values import ColumnKey, TabWrite
from sheets.google_verify import HeaderCheck
from sheets.grid import Sheet
from sheets.owned import FORMATS
from sheets.plan import NumberFormat, OwnedColumn, WritePlan

# Owned tabs' grids grow in steps of this many rows, so that a growing Findings
# tab or Sync log needs a structure request rarely; 26 columns is Google's own
# default width.
GRID_ROWS = 1000
NEW_TAB_COLUMNS = 26
# Rows below the last value that an owned column's number format reaches.
FORMAT_HEADROOM = 200
PIXELS_PER_CHARACTER = 7

NUMBER_FORMATS: dict[NumberFormat, dict[str, str]] = {
    NumberFormat.PERCENT: {"type": "PERCENT", "pattern": "0%"},
    NumberFormat.DATE: {"type": "DATE", "pattern": "yyyy-mm-dd"},
    NumberFormat.DECIMAL: {"type": "NUMBER", "pattern": "0.##"},
}

Json = dict[str, Any]


@dataclass
class Structure:
    """The structure request of a sync, and the tags it creates, in reply order.

    `checks` are the tags put on existing columns by index, to be verified.
    """

    requests: list[Json]
    new_tags: list[ColumnKey]
    checks: list[HeaderCheck] = field(default_factory=list)


def plan_structure(
    plan: WritePlan,
    book: GoogleBook,
    canonical: dict[str, str],
    tags: dict[ColumnKey, int],
    tab_writes: list[TabWrite],
) -> Structure:
    """Everything the values request needs in place first, and the highlights.

    `canonical` maps a tab's title to its canonical name (the tag's value says
    which column it is whatever the tab is called); `tags` holds the owned
    columns already tagged.
    """
    requests: list[Json] = []
    new_tags: list[ColumnKey] = []
    checks: list[HeaderCheck] = []
    free_ids = _free_sheet_ids(book)
    for write in tab_writes:
        requests += _owned_tab(write, book.tab(write.title), free_ids)

    by_tab: dict[str, list[OwnedColumn]] = defaultdict(list)
    for column in plan.columns:
        by_tab[column.tab].append(column)
    for title, columns in by_tab.items():
        tab = _grid_tab(book, title)
        sheet = book.grids.get(title)
        requests += _new_columns(tab, [c for c in columns if c.added])
        for column in columns:
            if (title, column.field) in tags:
                continue
            requests += _tag_column(tab, canonical[title], column)
            new_tags.append((title, column.field))
            if not column.added and sheet is not None:
                header = sheet.cell(column.header_row, column.column)
                checks.append(
                    HeaderCheck(title, column.field, column.header_row, header)
                )
        requests += _number_formats(tab, columns, plan, sheet)

    for title, highlights in plan.highlights.items():
        tab = _grid_tab(book, title)
        requests += rule_requests(tab.sheet_id, tab.rules, highlights, tab.row_count)
    return Structure(requests, new_tags, checks)


def _grid_tab(book: GoogleBook, title: str) -> GoogleTab:
    tab = book.tab(title)
    if tab is None:
        raise ValueError(f"the plan names a tab {title!r} the read did not find")
    return tab


def _free_sheet_ids(book: GoogleBook) -> list[int]:
    """Small sheet ids no tab uses, for tabs goalsheet adds (Google's are random)."""
    taken = {tab.sheet_id for tab in book.tabs.values()}
    return [number for number in range(1, 64) if number not in taken]


def _owned_tab(
    write: TabWrite, tab: GoogleTab | None, free_ids: list[int]
) -> list[Json]:
    """Add an owned tab that is missing, or grow one the rows no longer fit."""
    if tab is None:
        sheet_id = free_ids.pop(0)
        return [
            {
                "addSheet": {
                    "properties": {
                        "sheetId": sheet_id,
                        "title": write.title,
                        "gridProperties": {
                            "rowCount": _grid_rows(write.bottom),
                            "columnCount": max(NEW_TAB_COLUMNS, write.width),
                            "frozenRowCount": 1,
                        },
                    }
                }
            },
            _bold_first_row(sheet_id),
            *_widths(sheet_id, write.widths),
        ]
    if not tab.grid:
        raise ValueError(f"tab {write.title!r} is not a grid")
    requests = []
    if write.bottom > tab.row_count:
        grown = _grid_rows(write.bottom) - tab.row_count
        requests.append(_append(tab.sheet_id, "ROWS", grown))
    if write.width > tab.column_count:
        requests.append(
            _append(tab.sheet_id, "COLUMNS", write.width - tab.column_count)
        )
    return requests


def _grid_rows(bottom: int) -> int:
    """Rows a grid needs to hold `bottom`, rounded up to a step."""
    return max(1, -(-bottom // GRID_ROWS)) * GRID_ROWS


def _bold_first_row(sheet_id: int) -> Json:
    return {
        "repeatCell": {
            "range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1},
            "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
            "fields": "userEnteredFormat.textFormat.bold",
        }
    }


def _widths(sheet_id: int, widths: list[int]) -> list[Json]:
    return [
        {
            "updateDimensionProperties": {
                "range": _columns(sheet_id, index, index + 1),
                "properties": {"pixelSize": width * PIXELS_PER_CHARACTER},
                "fields": "pixelSize",
            }
        }
        for index, width in enumerate(widths)
        if width > 0
    ]


def _append(sheet_id: int, dimension: str, length: int) -> Json:
    return {
        "appendDimension": {
            "sheetId": sheet_id,
            "dimension": dimension,
            "length": length,
        }
    }


def _columns(sheet_id: int, start: int, end: int) -> Json:
    return {
        "sheetId": sheet_id,
        "dimension": "COLUMNS",
        "startIndex": start,
        "endIndex": end,
    }


def _new_columns(tab: GoogleTab, added: list[OwnedColumn]) -> list[Json]:
    """Fresh, empty columns where the plan adds owned ones.

    Inserted rather than taken from the empty grid to their right, so that
    tagging by index in the same request lands on them even if a person
    inserted a column to their left after the read.
    """
    if not added:
        return []
    start = min(column.column for column in added)
    end = max(column.column for column in added) + 1
    requests = []
    if tab.column_count <= start:
        requests.append(_append(tab.sheet_id, "COLUMNS", start - tab.column_count + 1))
    requests.append(
        {
            "insertDimension": {
                "range": _columns(tab.sheet_id, start, end),
                "inheritFromBefore": False,
            }
        }
    )
    return requests


def _tag_column(tab: GoogleTab, canonical: str, column: OwnedColumn) -> list[Json]:
    """The tag that finds an owned column from now on."""
    return [
        {
            "createDeveloperMetadata": {
                "developerMetadata": {
                    "metadataKey": COLUMN_KEY,
                    "metadataValue": f"{canonical}/{column.field}",
                    "visibility": "DOCUMENT",
                    "location": {
                        "dimensionRange": _columns(
                            tab.sheet_id, column.column, column.column + 1
                        )
                    },
                }
            }
        }
    ]


def _number_formats(
    tab: GoogleTab, columns: list[OwnedColumn], plan: WritePlan, sheet: Sheet | None
) -> list[Json]:
    """A number format for owned columns holding a number shown without one.

    Values go RAW, so a date is a serial number and a progress a fraction
    until the column says how to show them. Like the Excel applier, only
    columns with a number lacking a format get one; it reaches a little below
    the last row, so that new rows rarely need another structure request.
    """
    requests = []
    for column in columns:
        wanted = FORMATS.get(column.field)
        rows = _number_rows(column, plan, sheet)
        if wanted is None or not rows:
            continue
        formats = [tab.formats.get((row, column.column)) for row in rows]
        if not column.added and all(formats):
            continue
        requests.append(
            {
                "repeatCell": {
                    "range": {
                        "sheetId": tab.sheet_id,
                        "startRowIndex": column.header_row,
                        "endRowIndex": min(tab.row_count, max(rows) + FORMAT_HEADROOM),
                        "startColumnIndex": column.column,
                        "endColumnIndex": column.column + 1,
                    },
                    "cell": {
                        "userEnteredFormat": {"numberFormat": NUMBER_FORMATS[wanted]}
                    },
                    "fields": "userEnteredFormat.numberFormat",
                }
            }
        )
    return requests


def _number_rows(column: OwnedColumn, plan: WritePlan, sheet: Sheet | None) -> set[int]:
    """Rows of an owned column that hold a number or a date after this sync."""
    rows = {
        write.row
        for write in plan.cells
        if (write.tab, write.column) == (column.tab, column.column)
        and _is_number(write.value)
    }
    if sheet is not None and not column.added:
        rows |= {
            number
            for number, values in enumerate(sheet.rows, start=1)
            if column.column < len(values) and _is_number(values[column.column])
        }
    return {row for row in rows if row > column.header_row}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | dt.date) and not isinstance(value, bool)


def created_tags(structure: Structure, reply: Json) -> dict[ColumnKey, int]:
    """The metadata id Google gave each tag the structure request created."""
    ids = [
        int(answer["createDeveloperMetadata"]["developerMetadata"]["metadataId"])
        for answer in reply.get("replies") or []
        if "createDeveloperMetadata" in answer
    ]
    if len(ids) != len(structure.new_tags):
        raise ValueError(
            f"{len(structure.new_tags)} tags created but {len(ids)} ids came back"
        )
    return dict(zip(structure.new_tags, ids, strict=True))
