"""The goal tabs `goalsheet new --into` adds to a workbook people already have."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sheets import schema
from sheets.plan import OwnedTab, PlanValue
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
from sheets.xlsx_patch import ApplyResult, add_tabs

GOAL_TABS: list[tuple[TabSpec, Sequence[PlanValue], list[Row]]] = [
    (schema.STRATEGY, STRATEGY_HEADERS, STRATEGY_ROWS),
    (schema.KPIS, KPI_HEADERS, KPI_ROWS),
    (schema.OKRS, OKR_HEADERS, OKR_ROWS),
    (schema.CHECK_INS, CHECK_IN_HEADERS, CHECK_IN_ROWS),
    (schema.GROUPS, GROUP_HEADERS, GROUP_ROWS),
    (schema.PEOPLE, PEOPLE_HEADERS, PEOPLE_ROWS),
    (schema.SETTINGS, SETTING_HEADERS, SETTING_ROWS),
    (schema.ACTUALS, ACTUAL_HEADERS, ACTUAL_ROWS),
]


def add_goal_tabs(
    path: Path, *, empty: bool = False, out: Path | None = None
) -> ApplyResult:
    """Add every goal tab, with dropdowns, leaving everything else as it was."""
    tabs: list[OwnedTab] = []
    dropdowns: dict[str, dict[int, Sequence[str]]] = {}
    for spec, all_headers, rows in GOAL_TABS:
        # An empty Actuals tab keeps KPI and Series; finance adds the months.
        headers = all_headers[:2] if empty and spec is schema.ACTUALS else all_headers
        body: list[list[PlanValue]] = [] if empty else [list(row) for row in rows]
        widths = [max(len(str(header)) + 2, 12) for header in headers]
        tabs.append(
            OwnedTab(name=spec.name, rows=[list(headers), *body], widths=widths)
        )
        choices = {column.header: column.choices for column in spec.columns}
        dropdowns[spec.name] = {
            index: choices[str(header)]
            for index, header in enumerate(headers)
            if choices.get(str(header))
        }
    return add_tabs(path, tabs, dropdowns=dropdowns, out=out)
