"""The write plan: what the sheet should say in the places goalsheet owns.

It is the one contract between the evaluation and the appliers (the Excel
patcher, the Google Sheets applier and the add-on's JavaScript), so it is
plain data and serialises to JSON as is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

# A value written to a cell: text is always written as text, never as a
# formula; dates are written as dates; None clears the cell's value.
PlanValue = str | float | int | bool | dt.date | None

# Marks goalsheet's own conditional-format rules; N("...") is 0 in every
# spreadsheet program, so the mark does not change what the rule means.
HIGHLIGHT_MARK = 'N("goalsheet")=0'


class NumberFormat(StrEnum):
    """How a written number should look, where the cell has no format yet."""

    PERCENT = "0%"
    DATE = "yyyy-mm-dd"
    DECIMAL = "0.##"


@dataclass(frozen=True, slots=True)
class CellWrite:
    """One cell to set: an owned cell, a header of an added owned column, or
    an empty ID cell goalsheet fills (Excel only).

    A plain dataclass rather than a model: a large workbook plans hundreds of
    thousands of these, and pydantic still validates them inside a WritePlan.
    """

    tab: str
    row: int  # 1-based, as the sheet numbers it
    column: int  # 0-based: 0 is column A
    value: PlanValue
    format: NumberFormat | None = None

    def __post_init__(self) -> None:
        """Dates travel as ISO text in JSON; the date format says they are dates."""
        if self.format is NumberFormat.DATE and isinstance(self.value, str):
            object.__setattr__(self, "value", dt.date.fromisoformat(self.value))


class OwnedColumn(BaseModel):
    """An owned column of a people's tab, where it is and what it holds."""

    model_config = ConfigDict(frozen=True)

    tab: str
    field: str
    header: str
    column: int
    header_row: int
    added: bool = False  # True when this sync adds it after the last header


class HighlightStyle(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    OFF_TRACK = "off track"
    UNHEALTHY = "unhealthy"


# Fill and font colours of each highlight, as RGB hex.
HIGHLIGHT_COLOURS: dict[HighlightStyle, tuple[str, str]] = {
    HighlightStyle.ERROR: ("F8D7DA", "842029"),
    HighlightStyle.WARNING: ("FFF3CD", "664D03"),
    HighlightStyle.OFF_TRACK: ("FDE2CF", "7A2E0E"),
    HighlightStyle.UNHEALTHY: ("FDE2CF", "7A2E0E"),
}


class Highlight(BaseModel):
    """A conditional-format rule of goalsheet's: fill rows where `formula` holds.

    `formula` is the condition for the first row of `range`, e.g.
    `$T5="off track"`; appliers combine it with HIGHLIGHT_MARK when writing the
    rule, so that goalsheet recognises its own rules when it reads them back.
    """

    model_config = ConfigDict(frozen=True)

    tab: str
    range: str  # A1 notation without the tab, e.g. "A5:T1004"
    formula: str
    style: HighlightStyle


class OwnedTab(BaseModel):
    """A tab goalsheet rewrites whole: Dashboard, Findings."""

    model_config = ConfigDict(frozen=True)

    name: str
    rows: list[list[PlanValue]]
    widths: list[int] = Field(default_factory=list)  # in characters, per column


class WritePlan(BaseModel):
    """Everything a sync changes, already diffed against what was read."""

    cells: list[CellWrite] = Field(default_factory=list)
    columns: list[OwnedColumn] = Field(default_factory=list)
    highlights: dict[str, list[Highlight]] = Field(default_factory=dict)
    tabs: list[OwnedTab] = Field(default_factory=list)
    log: list[PlanValue] | None = None  # one row appended to the Sync log tab

    @property
    def changes_values(self) -> bool:
        return bool(self.cells or self.tabs or self.log)
