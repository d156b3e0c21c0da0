"""Write the starter workbook: every tab with its headers, dropdowns and story."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sheets import schema
from sheets.sample_data import (
    ACTUAL_HEADERS,
    ACTUAL_ROWS,
    CHECK_IN_HEADERS,
    CHECK_IN_ROWS,
    GROUP_HEADERS,
    GROUP_ROWS,
    KPI_HEADERS,
    KPI_ROWS,
    OKR_HEADERS,
    OKR_ROWS,
    PEOPLE_HEADERS,
    PEOPLE_ROWS,
    SETTING_HEADERS,
    SETTING_ROWS,
    STRATEGY_HEADERS,
    STRATEGY_ROWS,
    Row,
)
from sheets.schema import TabSpec


def write_sample(path: Path, *, empty: bool = False) -> None:
    """Write the starter workbook; `empty` keeps the tabs and headers only."""
    book = Workbook()
    book.remove(book.active)
    _tab(book, schema.STRATEGY, STRATEGY_HEADERS, STRATEGY_ROWS, empty)
    _tab(book, schema.KPIS, KPI_HEADERS, KPI_ROWS, empty)
    okrs = _tab(
        book,
        schema.OKRS,
        OKR_HEADERS,
        OKR_ROWS,
        empty,
        note="Company OKRs are annual; group OKRs are quarterly.",
    )
    for row in okrs.iter_rows(min_row=4, min_col=14, max_col=14):
        for cell in row:
            if isinstance(cell.value, float) and cell.value < 1:
                cell.number_format = "0%"
    _tab(book, schema.CHECK_INS, CHECK_IN_HEADERS, CHECK_IN_ROWS, empty)
    _tab(book, schema.GROUPS, GROUP_HEADERS, GROUP_ROWS, empty)
    _tab(book, schema.PEOPLE, PEOPLE_HEADERS, PEOPLE_ROWS, empty)
    _actuals_tab(book, empty)
    _tab(book, schema.SETTINGS, SETTING_HEADERS, SETTING_ROWS, empty)
    book.save(path)


def _actuals_tab(book: Workbook, empty: bool) -> None:
    """Actuals in the wide shape: a KPI and a series a row, a month a column."""
    headers = ACTUAL_HEADERS[:2] if empty else ACTUAL_HEADERS
    sheet = _tab(book, schema.ACTUALS, headers, ACTUAL_ROWS, empty)
    for cell in sheet[1][2:]:
        cell.number_format = "mmm yyyy"
        sheet.column_dimensions[cell.column_letter].width = 16
    sheet.column_dimensions["A"].width = 28


def _tab(
    book: Workbook,
    spec: TabSpec,
    headers: Sequence[object],
    rows: list[Row],
    empty: bool,
    note: str = "",
) -> Worksheet:
    sheet = book.create_sheet(spec.name)
    if note:
        sheet.append([note])
        sheet.append([])
    sheet.append(list(headers))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF7")
    sheet.freeze_panes = f"A{header_row + 1}"
    for row in [] if empty else rows:
        sheet.append(list(row))
    _add_dropdowns(sheet, spec, headers, header_row)
    _size_columns(sheet, headers)
    return sheet


def _add_dropdowns(
    sheet: Worksheet, spec: TabSpec, headers: Sequence[object], header_row: int
) -> None:
    """A list validation on every column with a fixed vocabulary."""
    choices = {column.header: column.choices for column in spec.columns}
    for index, header in enumerate(headers, start=1):
        words = choices.get(str(header))
        if not words:
            continue
        letter = sheet.cell(row=1, column=index).column_letter
        rule = DataValidation(
            type="list", formula1=f'"{",".join(words)}"', allow_blank=True
        )
        rule.error = f"Pick one of: {', '.join(words)}"
        rule.errorTitle = f"{header} not in the list"
        rule.add(f"{letter}{header_row + 1}:{letter}1000")
        sheet.add_data_validation(rule)


def _size_columns(sheet: Worksheet, headers: Sequence[object]) -> None:
    for index, header in enumerate(headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        longest = max(
            (len(str(cell.value)) for cell in sheet[letter] if cell.value is not None),
            default=len(str(header)),
        )
        width = max(len(str(header)), longest) + 2
        sheet.column_dimensions[letter].width = min(width, 50)
