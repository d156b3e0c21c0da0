"""Grids of cell values as read from a workbook, before they become records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ErrorValue:
    """A formula error shown in a cell, such as #N/A or #REF!."""

    code: str

    def __str__(self) -> str:
        return self.code


CellValue = (
    str
    | int
    | float
    | bool
    | dt.datetime
    | dt.date
    | dt.time
    | dt.timedelta
    | ErrorValue
    | None
)


@dataclass
class Sheet:
    """One tab: rows[0] is the sheet's row 1 and rows[r][0] is column A."""

    name: str
    rows: list[list[CellValue]] = field(default_factory=list)

    def cell(self, row: int, column: int) -> CellValue:
        """The value at a 1-based row and 0-based column, None when blank."""
        if row < 1 or row > len(self.rows):
            return None
        values = self.rows[row - 1]
        return values[column] if column < len(values) else None


@dataclass
class Grids:
    """All tabs of a workbook in their order, with the file they came from."""

    source: str
    sheets: list[Sheet] = field(default_factory=list)

    def names(self) -> list[str]:
        return [sheet.name for sheet in self.sheets]

    def get(self, name: str) -> Sheet | None:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        return None


def is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(index: int) -> str:
    """Column letters for a 0-based index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
