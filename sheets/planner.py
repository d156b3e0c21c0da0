"""Build the write plan from an evaluation, diffed against what was read."""

from __future__ import annotations

import datetime as dt
import math

from rules.evaluate import Evaluation
from rules.findings import Severity
from sheets.dashboard import dashboard_tab, findings_tab
from sheets.grid import CellValue, Grids, Sheet, column_letter, is_blank
from sheets.owned import FORMATS, SYMBOLS, owned_values
from sheets.parse import Parsed, Table
from sheets.plan import (
    CellWrite,
    Highlight,
    HighlightStyle,
    OwnedColumn,
    PlanValue,
    WritePlan,
)
from sheets.schema import KPIS, OKRS

# Highlights reach this many rows below the header, in steps, so that adding
# rows to a tab does not change the rules (and so the structure) every sync.
_HIGHLIGHT_ROWS = 10_000


def plan_writes(parsed: Parsed, result: Evaluation, grids: Grids) -> WritePlan:
    """Everything the owned columns and tabs should say that they do not yet."""
    values = owned_values(parsed.workbook, result)
    plan = WritePlan()
    for table in parsed.tables.values():
        sheet = grids.get(table.name)
        if sheet is None or not table.headers:
            continue
        columns = locate_owned_columns(table, sheet)
        if not columns:
            continue
        plan.columns.extend(columns)
        plan.cells.extend(_header_writes(columns))
        rows = values.rows.get(table.name, {})
        plan.cells.extend(_cell_writes(table.name, columns, rows, sheet))
        plan.highlights[table.name] = _highlights(table, columns, sheet)

    for tab in (dashboard_tab(parsed.workbook, result), findings_tab(result)):
        if not _same_rows(tab.rows, grids.get(tab.name)):
            plan.tabs.append(tab)
    return plan


def locate_owned_columns(table: Table, sheet: Sheet) -> list[OwnedColumn]:
    """Where each owned column is, adding missing ones after every used column."""
    next_free = max((_width(values) for values in sheet.rows), default=0)
    columns = []
    for spec in table.spec.owned_columns():
        index = table.positions.get(spec.field)
        added = index is None
        if index is None:
            index, next_free = next_free, next_free + 1
        columns.append(
            OwnedColumn(
                tab=table.name,
                field=spec.field,
                header=spec.header,
                column=index,
                header_row=table.header_row,
                added=added,
            )
        )
    return columns


def _width(values: list[CellValue]) -> int:
    """One past the last column holding anything."""
    for index in range(len(values) - 1, -1, -1):
        if not is_blank(values[index]):
            return index + 1
    return 0


def _header_writes(columns: list[OwnedColumn]) -> list[CellWrite]:
    return [
        CellWrite(tab=c.tab, row=c.header_row, column=c.column, value=c.header)
        for c in columns
        if c.added
    ]


def _cell_writes(
    tab: str,
    columns: list[OwnedColumn],
    rows: dict[int, dict[str, PlanValue]],
    sheet: Sheet,
) -> list[CellWrite]:
    writes = []
    for row, values in rows.items():
        for column in columns:
            value = values.get(column.field)
            if same_value(sheet.cell(row, column.column), value):
                continue
            writes.append(
                CellWrite(
                    tab=tab,
                    row=row,
                    column=column.column,
                    value=_rounded(value),
                    format=FORMATS.get(column.field),
                )
            )
    return writes


def _rounded(value: PlanValue) -> PlanValue:
    """Computed fractions keep 6 decimals: enough to show, stable to compare."""
    if isinstance(value, float):
        return round(value, 6)
    return value


def same_value(found: CellValue, wanted: PlanValue) -> bool:
    """Whether a cell as read already shows the value a sync would write."""
    if is_blank(found) or wanted is None or wanted == "":
        return is_blank(found) and (wanted is None or wanted == "")
    if isinstance(wanted, bool) or isinstance(found, bool):
        return found is wanted
    if isinstance(wanted, int | float):
        if not isinstance(found, int | float):
            return False
        return math.isclose(float(found), round(float(wanted), 6), abs_tol=1e-9)
    if isinstance(wanted, dt.date):
        if isinstance(found, dt.datetime):
            found = found.date()
        return found == wanted
    return isinstance(found, str) and found == wanted


def _same_rows(rows: list[list[PlanValue]], sheet: Sheet | None) -> bool:
    """Whether an owned tab already holds exactly these rows."""
    if sheet is None:
        return False
    found = list(sheet.rows)
    while found and all(is_blank(value) for value in found[-1]):
        found.pop()
    if len(found) != len(rows):
        return False
    for wanted, have in zip(rows, found, strict=True):
        width = max(len(wanted), _width(have))
        for index in range(width):
            value = wanted[index] if index < len(wanted) else None
            cell = have[index] if index < len(have) else None
            if not same_value(cell, value):
                return False
    return True


def _highlights(
    table: Table, columns: list[OwnedColumn], sheet: Sheet
) -> list[Highlight]:
    """goalsheet's rules for a tab: findings, off-track goals, unhealthy KPIs."""
    by_field = {column.field: column for column in columns}
    first = table.header_row + 1
    last = table.header_row + _HIGHLIGHT_ROWS * (len(sheet.rows) // _HIGHLIGHT_ROWS + 1)
    width = max([c.column for c in columns] + list(table.positions.values())) + 1
    cells = f"A{first}:{column_letter(width - 1)}{last}"

    def ref(column: int) -> str:
        return f"${column_letter(column)}{first}"

    rules: list[tuple[str, HighlightStyle]] = []
    check = by_field.get("check")
    if check is not None:
        rules.append(
            (
                f'LEFT({ref(check.column)},1)="{SYMBOLS[Severity.ERROR]}"',
                HighlightStyle.ERROR,
            )
        )
        rules.append(
            (
                f'LEFT({ref(check.column)},1)="{SYMBOLS[Severity.WARNING]}"',
                HighlightStyle.WARNING,
            )
        )
    if table.spec is OKRS:
        watched = [by_field["suggested_status"].column]
        if "status" in table.positions:
            watched.insert(0, table.positions["status"])
        conditions = ",".join(f'{ref(c)}="off track"' for c in watched)
        rules.append((f"OR({conditions})", HighlightStyle.OFF_TRACK))
    if table.spec is KPIS:
        health = by_field["health"].column
        rules.append((f'{ref(health)}="unhealthy"', HighlightStyle.UNHEALTHY))
    return [
        Highlight(tab=table.name, range=cells, formula=formula, style=style)
        for formula, style in rules
    ]
