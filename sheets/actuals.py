"""The Actuals tab: pasted monthly numbers, in a wide or a long shape, cell by cell.

Wide, one row per KPI and series, one column per month::

    KPI | Series | Jan 2026  | Feb 2026  | ...
    K1  | Actual | 1,020,000 | 1,050,000 | ...
    K1  | Target | 1,000,000 |           | ...

Long, one row per KPI and month, with a Month column::

    KPI | Month   | Actual    | Target
    K1  | 2026-01 | 1,020,000 | 1,000,000

A KPI is named by its ID or its name. A blank Series means Actual. Months are
real dates or text such as 2026-01, Jan 2026, January 2026, Jan-26 or 01/2026.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rules.actuals import month_text
from rules.findings import Finding, finding
from rules.numbers import NumberProblem, read_amount
from rules.records import ActualValue, Column, Series
from sheets import cells
from sheets.cells import SERIAL_EPOCH
from sheets.grid import CellValue, ErrorValue, Sheet, column_letter, is_blank
from sheets.schema import ACTUALS, CHECK, ColumnSpec, TabSpec, match_headers

C = ColumnSpec

# The columns of both shapes: the schema's, with the long shape's own.
SPEC = TabSpec(
    ACTUALS.name,
    (
        C("kpi", "KPI", ("KPI ID", "KPI name"), required=True),
        C("series", "Series", ("Scenario",)),
        C("month", "Month", ("Period",)),
        C("actual", "Actual", ("Actuals",)),
        C("target", "Target", ("Plan", "Budget")),
        CHECK,
    ),
    synonyms=ACTUALS.synonyms,
)

_SERIES = {
    **dict.fromkeys(("actual", "actuals", "act"), Series.ACTUAL),
    **dict.fromkeys(("target", "targets", "plan", "budget"), Series.TARGET),
}
_HEADER_SEARCH_ROWS = 20

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {
    name: number
    for number, full in enumerate(_MONTH_NAMES, start=1)
    for name in (full, full[:3], "sept" if number == 9 else full)
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ t].*)?")
_YEAR_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{4})")
_NAME_YEAR = re.compile(r"([a-z]+)\.?[\s\-/]*'?(\d{4}|\d{2})")
_YEAR_NAME = re.compile(r"(\d{4})[\s\-/]*([a-z]+)\.?")
_SERIAL_YEARS = (1970, 2200)


class Shape(StrEnum):
    WIDE = "wide"
    LONG = "long"


@dataclass
class ActualsTab:
    """What the Actuals tab holds, where its columns are, and what was wrong."""

    name: str
    shape: Shape
    header_row: int
    positions: dict[str, int]
    headers: list[str]
    values: list[ActualValue] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def columns(self) -> dict[str, Column]:
        return {
            name: Column(header=self.headers[index], letter=column_letter(index))
            for name, index in self.positions.items()
        }


def read_month(value: CellValue) -> dt.date | None:
    """The first day of the month a header or Month cell names, or None."""
    if isinstance(value, dt.datetime):
        return value.date().replace(day=1)
    if isinstance(value, dt.date):
        return value.replace(day=1)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial_month(value)
    if not isinstance(value, str):
        return None
    try:
        return _text_month(" ".join(value.strip().casefold().split()))
    except ValueError:  # a month or year out of range
        return None


def _serial_month(value: float) -> dt.date | None:
    """A spreadsheet day number, when it falls in a plausible year."""
    if not math.isfinite(value):
        return None
    try:
        day = SERIAL_EPOCH + dt.timedelta(days=int(value))
    except OverflowError:
        return None
    low, high = _SERIAL_YEARS
    return day.replace(day=1) if low <= day.year <= high else None


def _text_month(text: str) -> dt.date | None:
    if _ISO_DATE.fullmatch(text):
        return dt.date.fromisoformat(text[:10]).replace(day=1)
    if match := _YEAR_MONTH.fullmatch(text):
        return dt.date(int(match[1]), int(match[2]), 1)
    if match := _MONTH_YEAR.fullmatch(text):
        return dt.date(int(match[2]), int(match[1]), 1)

    if match := _NAME_YEAR.fullmatch(text):
        name, year = match[1], match[2]
    elif match := _YEAR_NAME.fullmatch(text):
        year, name = match[1], match[2]
    else:
        return None
    if name not in _MONTHS:
        return None
    full_year = int(year) + 2000 if len(year) == 2 else int(year)
    return dt.date(full_year, _MONTHS[name], 1)


def looks_like_month(value: CellValue) -> bool:
    """A header someone meant as a month: a date, a number, digits or a month name."""
    if is_blank(value) or isinstance(value, ErrorValue | bool):
        return False
    if not isinstance(value, str):
        return True
    words = re.findall(r"[a-z]+", value.casefold())
    return any(char.isdigit() for char in value) or bool(words and words[0] in _MONTHS)


def read_actuals(sheet: Sheet, locale: str = "") -> ActualsTab:
    """Every number of the Actuals tab, with a finding for each cell it skips.

    `locale` must be one `rules.numbers` knows, or empty.
    """
    header_row = _find_header_row(sheet)
    if header_row is None:
        return ActualsTab(sheet.name, Shape.WIDE, 1, {}, [])

    raw = sheet.rows[header_row - 1]
    headers = [_header_text(value) for value in raw]
    positions = match_headers(SPEC, headers).positions
    shape = Shape.LONG if "month" in positions else Shape.WIDE
    tab = ActualsTab(sheet.name, shape, header_row, positions, headers)
    if "kpi" not in positions:
        tab.findings.append(
            finding("missing-column", tab=sheet.name, row=header_row, column="KPI")
        )
        return tab

    reader = _Reader(sheet, tab, locale)
    if shape is Shape.LONG:
        reader.read_long()
    else:
        reader.read_wide(raw)
    return tab


def _header_text(value: CellValue) -> str:
    if isinstance(value, ErrorValue):
        return ""
    if isinstance(value, dt.date):
        return month_text(value)
    return cells.read_text(value)


def _find_header_row(sheet: Sheet) -> int | None:
    """The first row with a KPI column and a Month column or a month header.

    Without one, the first row that is not blank.
    """
    first: int | None = None
    for number, values in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS], start=1):
        if all(is_blank(value) for value in values):
            continue
        first = first or number
        texts = [_header_text(value) for value in values]
        positions = match_headers(SPEC, texts).positions
        has_months = "month" in positions or any(read_month(value) for value in values)
        if "kpi" in positions and has_months:
            return number
    return first


class _Reader:
    """Turns the rows of the Actuals tab into monthly numbers and findings."""

    def __init__(self, sheet: Sheet, tab: ActualsTab, locale: str) -> None:
        self.sheet = sheet
        self.tab = tab
        self.locale = locale

    def read_wide(self, header: list[CellValue]) -> None:
        months = self._month_columns(header)
        for number in range(self.tab.header_row + 1, len(self.sheet.rows) + 1):
            kpi, series = self._kpi_and_series(number)
            if not kpi or series is None:
                continue
            for index, month in months:
                self._add(number, index, kpi, month, series)

    def read_long(self) -> None:
        positions = self.tab.positions
        series_columns = [
            (positions[name], kind)
            for name, kind in (("actual", Series.ACTUAL), ("target", Series.TARGET))
            if name in positions
        ]
        if not series_columns:
            self._report("missing-column", self.tab.header_row, None, column="Actual")
            return

        for number in range(self.tab.header_row + 1, len(self.sheet.rows) + 1):
            kpi = self._text(number, positions["kpi"])
            used = [(i, kind) for i, kind in series_columns if self._filled(number, i)]
            if not kpi or not used:
                continue
            month = self._row_month(number, positions["month"])
            if month is None:
                continue
            for index, kind in used:
                self._add(number, index, kpi, month, kind)

    def _month_columns(self, header: list[CellValue]) -> list[tuple[int, dt.date]]:
        """The columns headed by a month; the first of two same months wins."""
        known = set(self.tab.positions.values())
        months: dict[dt.date, int] = {}
        for index, value in enumerate(header):
            if index in known or is_blank(value):
                continue
            month = read_month(value)
            row = self.tab.header_row
            if month is None:
                if looks_like_month(value):
                    text = _header_text(value)
                    self._report(
                        "bad-month",
                        row,
                        index,
                        value=text,
                        problem=f"{text!r} is not a month",
                        ignored="this column",
                    )
            elif month in months:
                self._report(
                    "duplicate-month",
                    row,
                    index,
                    value=_header_text(value),
                    subject="the column",
                    months=month_text(month),
                    other=f"column {column_letter(months[month])}",
                )
            else:
                months[month] = index
        return [(index, month) for month, index in months.items()]

    def _kpi_and_series(self, number: int) -> tuple[str, Series | None]:
        kpi = self._text(number, self.tab.positions["kpi"])
        index = self.tab.positions.get("series")
        if not kpi or index is None:
            return kpi, Series.ACTUAL

        typed = self._text(number, index)
        if not typed:
            return kpi, Series.ACTUAL
        series = _SERIES.get(typed.casefold())
        if series is None:
            self._report(
                "unknown-choice", number, index, value=typed, choices="Actual, Target"
            )
        return kpi, series

    def _row_month(self, number: int, index: int) -> dt.date | None:
        value = self.sheet.cell(number, index)
        if isinstance(value, ErrorValue):
            self._report("error-value", number, index, value=str(value))
            return None
        month = read_month(value)
        if month is None:
            text = _header_text(value)
            problem = f"{text!r} is not a month" if text else "The Month cell is empty"
            self._report(
                "bad-month",
                number,
                index,
                value=text,
                problem=problem,
                ignored="this row",
            )
        return month

    def _add(
        self, number: int, index: int, kpi: str, month: dt.date, series: Series
    ) -> None:
        value = self.sheet.cell(number, index)
        if is_blank(value):
            return
        if isinstance(value, ErrorValue):
            self._report("error-value", number, index, value=str(value))
            return
        try:
            amount = read_amount(value, self.locale)
        except NumberProblem as problem:
            self._report(
                problem.code.value,
                number,
                index,
                value=cells.read_text(value),
                detail=problem.message,
            )
            return
        if amount.number is None:
            return

        self.tab.values.append(
            ActualValue(
                tab=self.tab.name,
                row=number,
                column=self.tab.headers[index],
                letter=column_letter(index),
                kpi=kpi,
                month=month,
                series=series,
                value=amount.number,
                currency=amount.currency,
            )
        )

    def _text(self, number: int, index: int) -> str:
        """A KPI or Series cell as text; an error value is reported and empty."""
        value = self.sheet.cell(number, index)
        if isinstance(value, ErrorValue):
            self._report("error-value", number, index, value=str(value))
            return ""
        return cells.read_text(value)

    def _filled(self, number: int, index: int) -> bool:
        return not is_blank(self.sheet.cell(number, index))

    def _report(self, code: str, row: int, index: int | None, **params: Any) -> None:
        if index is not None:
            params["column"] = self.tab.headers[index]
            params["letter"] = column_letter(index)
        self.tab.findings.append(finding(code, tab=self.tab.name, row=row, **params))
