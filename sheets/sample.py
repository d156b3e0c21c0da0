"""Write the starter workbook: every tab with its headers, dropdowns and story."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sheets import schema
from sheets.sample_data import Row, goal_tabs
from sheets.schema import TabSpec

# A note above a tab's header, to show that goalsheet finds the header below.
NOTES = {schema.OKRS.name: "Company OKRs are annual; group OKRs are quarterly."}


def write_sample(path: Path, *, empty: bool = False) -> None:
    """Write the starter workbook; `empty` keeps the tabs and headers only."""
    book = Workbook()
    book.remove(book.active)
    for spec, headers, rows in goal_tabs(empty):
        sheet = _tab(book, spec, headers, rows, empty, NOTES.get(spec.name, ""))
        if spec is schema.OKRS:
            _percent_current(sheet)
        if spec is schema.ACTUALS:
            _month_columns(sheet)
    book.save(path)


def _percent_current(sheet: Worksheet) -> None:
    """Show the fractions of the OKRs' Current column as percentages."""
    for row in sheet.iter_rows(min_row=4, min_col=14, max_col=14):
        for cell in row:
            if isinstance(cell.value, float) and cell.value < 1:
                cell.number_format = "0%"


def _month_columns(sheet: Worksheet) -> None:
    """Actuals in the wide shape: a KPI and a series a row, a month a column."""
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
