"""One tab of the fake Google spreadsheet: its cells, formats, tags and rules.

Cells hold ExtendedValue JSON and number format types by 0-based row and
column, as the API counts them; inserting columns moves cells, formats,
developer metadata and rule ranges the way Google does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sheets.google_read import ERROR_CODES, serial_number
from sheets.grid import CellValue, ErrorValue

ERROR_TYPES = {code: kind for kind, code in ERROR_CODES.items()}

Json = dict[str, Any]
Cell = tuple[int, int]  # 0-based row and column, as the API counts them


class Refused(Exception):
    """A request Google would refuse with 400 and this message."""


@dataclass
class FakeSheet:
    sheet_id: int
    title: str
    row_count: int = 1000
    column_count: int = 26
    values: dict[Cell, Json] = field(default_factory=dict)
    formats: dict[Cell, str] = field(default_factory=dict)
    tags: dict[int, list[Json]] = field(default_factory=dict)
    rules: list[Json] = field(default_factory=list)

    def insert_columns(self, start: int, count: int) -> None:
        def moved(cell: Cell) -> Cell:
            return (cell[0], cell[1] + count if cell[1] >= start else cell[1])

        self.values = {moved(cell): v for cell, v in self.values.items()}
        self.formats = {moved(cell): v for cell, v in self.formats.items()}
        self.tags = {c + count if c >= start else c: m for c, m in self.tags.items()}
        for column, tags in self.tags.items():
            for tag in tags:
                where = tag["location"]["dimensionRange"]
                where["startIndex"], where["endIndex"] = column, column + 1
        for rule in self.rules:
            for grid in rule.get("ranges", []):
                if grid.get("startColumnIndex", 0) >= start:
                    grid["startColumnIndex"] = grid.get("startColumnIndex", 0) + count
                    grid["endColumnIndex"] += count
                elif grid.get("endColumnIndex", 0) > start:
                    grid["endColumnIndex"] += count
        self.column_count += count

    def json(self, index: int) -> Json:
        widths: dict[int, int] = {}
        for r, c in [*self.values, *self.formats]:
            widths[r] = max(widths.get(r, 0), c + 1)
        rows: list[Json] = []
        for r in range(max(widths, default=-1) + 1):
            row = [self._cell(r, c) for c in range(widths.get(r, 0))]
            rows.append({"values": row} if row else {})
        columns = [
            {
                "pixelSize": 100,
                **({"developerMetadata": self.tags[c]} if c in self.tags else {}),
            }
            for c in range(self.column_count)
        ]
        sheet: Json = {
            "properties": {
                "sheetId": self.sheet_id,
                "title": self.title,
                "index": index,
                "sheetType": "GRID",
                "gridProperties": {
                    "rowCount": self.row_count,
                    "columnCount": self.column_count,
                },
            },
            "data": [{"rowData": rows, "columnMetadata": columns}],
        }
        if self.rules:
            sheet["conditionalFormats"] = self.rules
        return sheet

    def _cell(self, r: int, c: int) -> Json:
        cell: Json = {}
        if (r, c) in self.values:
            cell["effectiveValue"] = self.values[(r, c)]
        if (r, c) in self.formats:
            cell["effectiveFormat"] = {"numberFormat": {"type": self.formats[(r, c)]}}
        return cell

    def set(self, cell: Cell, value: CellValue) -> None:
        """A value typed by a person: dates keep a date format."""
        self.values.pop(cell, None)
        if isinstance(value, dt.datetime | dt.date):
            self.formats[cell] = (
                "DATE_TIME" if isinstance(value, dt.datetime) else "DATE"
            )
            self.values[cell] = {"numberValue": serial_number(value)}
            return
        stored = extended(value)
        if stored is not None:
            self.values[cell] = stored


def extended(value: Any) -> Json | None:
    """An ExtendedValue for a Python value or a RAW input value; None for blank."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": value}
    if isinstance(value, ErrorValue):
        return {"errorValue": {"type": ERROR_TYPES[value.code], "message": "error"}}
    if isinstance(value, dt.time):
        return {
            "numberValue": (value.hour * 3600 + value.minute * 60 + value.second)
            / 86400
        }
    return {"stringValue": str(value)}
