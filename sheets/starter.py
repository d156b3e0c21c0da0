"""The goal tabs `goalsheet new --into` adds to a workbook people already have."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sheets.plan import OwnedTab, PlanValue
from sheets.sample_data import goal_tabs
from sheets.xlsx_patch import ApplyResult, add_tabs


def add_goal_tabs(
    path: Path, *, empty: bool = False, out: Path | None = None
) -> ApplyResult:
    """Add every goal tab, with dropdowns, leaving everything else as it was."""
    tabs: list[OwnedTab] = []
    dropdowns: dict[str, dict[int, Sequence[str]]] = {}
    for spec, headers, rows in goal_tabs(empty):
        body: list[list[PlanValue]] = [list(row) for row in rows]
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
