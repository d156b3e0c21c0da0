"""The one values request of a sync: owned columns by their tags, owned tabs by A1.

Owned columns are addressed by their developer metadata, so a column a person
inserts after the read never receives their values; owned tabs and the Sync
log row by A1 range. Values go RAW: text is never read as a formula or a
number, and dates go as serial day numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sheets.google_read import GoogleBook, serial_number
from sheets.grid import Sheet, column_letter, is_blank
from sheets.plan import OwnedColumn, PlanValue, WritePlan
from sheets.schema import SYNC_LOG
from sheets.xlsx_patch import SYNC_LOG_HEADER

SYNC_LOG_WIDTHS = [20, 14, 30, 60]

Json = dict[str, Any]
ColumnKey = tuple[str, str]  # (tab title, field)


@dataclass
class TabWrite:
    """Rows goalsheet writes to a tab it owns, from `top` (1-based) down."""

    title: str
    top: int
    rows: list[list[PlanValue]]
    width: int
    widths: list[int] = field(default_factory=list)

    @property
    def bottom(self) -> int:
        return self.top + len(self.rows) - 1


def owned_tab_writes(plan: WritePlan, book: GoogleBook) -> list[TabWrite]:
    """Owned tabs rewritten whole, then the Sync log row after its last row.

    Cells an owned tab held beyond its new rows are cleared in the same write.
    """
    writes = []
    for tab in plan.tabs:
        title = _title(book, tab.name)
        old_rows, old_width = _extent(book.grids.get(title))
        width = max([old_width, 1, *(len(row) for row in tab.rows)])
        rows = [list(row) for row in tab.rows]
        rows += [[] for _ in range(old_rows - len(rows))]
        padded = [row + [""] * (width - len(row)) for row in rows]
        writes.append(TabWrite(title, 1, padded, width, list(tab.widths)))
    if plan.log is not None:
        title = _title(book, SYNC_LOG.name)
        last, _ = _extent(book.grids.get(title))
        rows = [list(plan.log)] if last else [list(SYNC_LOG_HEADER), list(plan.log)]
        width = max(len(row) for row in rows)
        writes.append(TabWrite(title, last + 1, rows, width, list(SYNC_LOG_WIDTHS)))
    return writes


def _title(book: GoogleBook, name: str) -> str:
    """An owned tab's title as the sheet spells it; Google ignores case in titles."""
    wanted = name.casefold()
    return next((title for title in book.tabs if title.casefold() == wanted), name)


def _extent(sheet: Sheet | None) -> tuple[int, int]:
    """The last row and the width holding anything, 0 for a blank or absent tab."""
    if sheet is None:
        return 0, 0
    last = width = 0
    for number, values in enumerate(sheet.rows, start=1):
        filled = [i for i, value in enumerate(values) if not is_blank(value)]
        if filled:
            last = number
            width = max(width, filled[-1] + 1)
    return last, width


def values_body(
    plan: WritePlan, tags: dict[ColumnKey, int], tab_writes: list[TabWrite]
) -> Json | None:
    """The one values request of a sync, or None when no value changes."""
    data = [*_column_ranges(plan, tags), *map(_tab_range, tab_writes)]
    if not data:
        return None
    return {"valueInputOption": "RAW", "data": data}


def _column_ranges(plan: WritePlan, tags: dict[ColumnKey, int]) -> list[Json]:
    """Each owned column with a changed cell, from row 1 to its last change.

    Unchanged cells are null, which Google skips, so rows above the header
    and values that did not change are never written.
    """
    located = {(column.tab, column.column): column for column in plan.columns}
    changes: dict[OwnedColumn, dict[int, PlanValue]] = defaultdict(dict)
    for write in plan.cells:
        column = located.get((write.tab, write.column))
        if column is None:
            raise ValueError(
                f"{write.tab}!{column_letter(write.column)}{write.row} is not in "
                "an owned column; Google Sheets gets owned columns only"
            )
        changes[column][write.row] = write.value
    ranges = []
    for column, rows in changes.items():
        values: list[Any] = [None] * max(rows)
        for row, value in rows.items():
            values[row - 1] = encode(value)
        ranges.append(
            {
                "dataFilter": {
                    "developerMetadataLookup": {
                        "metadataId": tags[(column.tab, column.field)]
                    }
                },
                "majorDimension": "COLUMNS",
                "values": [values],
            }
        )
    return ranges


def _tab_range(write: TabWrite) -> Json:
    quoted = write.title.replace("'", "''")
    corner = f"{column_letter(write.width - 1)}{write.bottom}"
    return {
        "dataFilter": {"a1Range": f"'{quoted}'!A{write.top}:{corner}"},
        "majorDimension": "ROWS",
        "values": [[encode(value) for value in row] for row in write.rows],
    }


def encode(value: PlanValue) -> str | float | int | bool:
    """A plan value as RAW input: None clears, dates go as serial day numbers."""
    if value is None:
        return ""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, dt.date):
        return serial_number(value)
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return value
