"""A clean workbook to build tests on, and small edits that each break one rule.

The baseline tells a short story that breaks no rule at all: a web shop
company with a complete ultimate goal, three pillars, three KPIs, a company
objective for 2026 and a sales objective for 2026-Q2 aligned to it, recent
check-ins for every goal, and Groups and People tabs that name everyone.
Each tab is its header row followed by its data rows, so a tab's list index
plus one is the row number the sheet shows.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rules.evaluate import evaluate
from rules.findings import Finding
from sheets.grid import CellValue, Grids, Sheet
from sheets.parse import read_workbook

TODAY = dt.date(2026, 5, 15)

Row = list[CellValue]
Tables = dict[str, list[Row]]
Place = tuple[str, str, str]

D = dt.date

STRATEGY: list[Row] = [
    ["Kind", "Statement", "Lead"],
    ["Purpose", "Help small shops sell online", "Ana Lima"],
    ["For whom", "Independent shops with fewer than 50 staff", "Ana Lima"],
    ["Vision", "By 2030 every small shop sells online within a day", "Ana Lima"],
    ["Pillar", "Speed: the fastest checkout on the market", "Bo Chen"],
    ["Pillar", "Reach: every sales channel from one place", "Cy Diaz"],
    ["Pillar", "Trust: payments that never fail", "Di Evans"],
]

KPIS: list[Row] = [
    [
        "ID",
        "KPI",
        "Group",
        "Pillar",
        "Lead",
        "Priority",
        "Metric",
        "Calculation",
        "Target type",
        "Target",
        "Upper",
        "Unit",
        "Current",
    ],
    [
        "K1",
        "Revenue",
        "Company",
        "Reach",
        "Ana Lima",
        "Grow sales",
        "Revenue booked in the month",
        "latest",
        "at least",
        100.0,
        None,
        "kUSD",
        120.0,
    ],
    [
        "K2",
        "Demo calls",
        "Sales",
        "Speed",
        "Bo Chen",
        "Fill the pipeline",
        "Demo calls held",
        "sum this month",
        "at least",
        40.0,
        None,
        "calls",
        45.0,
    ],
    [
        "K3",
        "Failed payments",
        None,
        "Speed",
        "Cy Diaz",
        "Reliable payments",
        "Share of payments that fail",
        "average of last 3 months",
        "at most",
        0.02,
        None,
        "%",
        0.01,
    ],
]

OKR_HEADERS: Row = [
    "ID",
    "Type",
    "Title",
    "Objective",
    "Aligned to",
    "Group",
    "Pillar",
    "Lead",
    "Timeframe",
    "Progress from",
    "Weight",
    "Start",
    "Target",
    "Current",
    "Status",
    "Approved",
]

CHECK_IN_HEADERS: Row = [
    "Date",
    "Goal",
    "By",
    "Value",
    "Status",
    "Confidence",
    "Why",
    "Plan",
    "Help",
    "Note",
]

GROUPS: list[Row] = [
    ["Group", "Parent", "Lead", "OKR time"],
    ["Company", None, "Ana Lima", 0.5],
    ["Sales", "Company", "Bo Chen", 0.3],
]

PEOPLE: list[Row] = [
    ["Name", "Email", "Manager", "Group"],
    ["Ana Lima", "ana@example.com", None, "Company"],
    ["Bo Chen", "bo@example.com", "Ana Lima", "Sales"],
    ["Cy Diaz", "cy@example.com", "Ana Lima", "Company"],
    ["Di Evans", "di@example.com", "Ana Lima", "Company"],
]


def _rows(headers: Row, records: Iterable[Mapping[str, CellValue]]) -> list[Row]:
    return [list(headers), *(row_for(headers, record) for record in records)]


def row_for(headers: Row, values: Mapping[str, CellValue]) -> Row:
    """A row in the order of `headers`; a header it does not know is a test bug."""
    unknown = set(values) - {str(header) for header in headers}
    if unknown:
        raise KeyError(f"no such column: {sorted(unknown)}")
    return [values.get(str(header)) for header in headers]


OKRS = _rows(
    OKR_HEADERS,
    [
        {
            "ID": "O1",
            "Type": "Objective",
            "Title": "Win the small-shop market",
            "Group": "Company",
            "Pillar": "Reach",
            "Lead": "Ana Lima",
            "Timeframe": "2026",
            "Approved": "yes",
        },
        {
            "ID": "KR1.1",
            "Type": "Key result",
            "Title": "Reach 100 paying shops",
            "Objective": "O1",
            "Lead": "Ana Lima",
            "Start": 0.0,
            "Target": 100.0,
            "Current": 40.0,
            "Status": "on track",
        },
        {
            "ID": "KR1.2",
            "Type": "Key result",
            "Title": "Raise trial conversion from 10% to 50%",
            "Objective": "O1",
            "Lead": "Cy Diaz",
            "Start": "10%",
            "Target": "50%",
            "Current": "30%",
            "Status": "on track",
        },
        {
            "ID": "KR1.3",
            "Type": "Key result",
            "Title": "Keep checkout uptime at or above 99.5%",
            "Objective": "O1",
            "Lead": "Di Evans",
            "Target": ">= 99.5%",
            "Current": 0.997,
        },
        {
            "ID": "O2",
            "Type": "Objective",
            "Title": "Make every demo count",
            "Aligned to": "O1",
            "Group": "Sales",
            "Pillar": "Speed",
            "Lead": "Bo Chen",
            "Timeframe": "2026-Q2",
            "Approved": "yes",
        },
        {
            "ID": "KR2.1",
            "Type": "Key result",
            "Title": "Book 60 demos",
            "Objective": "O2",
            "Lead": "Bo Chen",
            "Start": 0.0,
            "Target": 60.0,
            "Current": 30.0,
        },
        {
            "ID": "KR2.2",
            "Type": "Key result",
            "Title": "Cut demo no-shows from 30% to 10%",
            "Objective": "O2",
            "Lead": "Bo Chen",
            "Start": 0.3,
            "Target": 0.1,
            "Current": 0.2,
        },
        {
            "ID": "KR2.3",
            "Type": "Key result",
            "Title": "Publish the demo playbook",
            "Objective": "O2",
            "Lead": "Bo Chen",
            "Target": "done",
            "Current": "not done",
        },
    ],
)

CHECK_INS = _rows(
    CHECK_IN_HEADERS,
    [
        {"Date": D(2026, 5, 1), "Goal": "K1", "By": "Ana Lima", "Value": 120.0},
        {"Date": D(2026, 5, 1), "Goal": "K2", "By": "Bo Chen", "Value": 45.0},
        {"Date": D(2026, 5, 1), "Goal": "K3", "By": "Cy Diaz", "Value": 0.01},
        {
            "Date": D(2026, 5, 11),
            "Goal": "KR1.1",
            "By": "Ana Lima",
            "Value": 40.0,
            "Status": "on track",
            "Confidence": 0.8,
        },
        {
            "Date": D(2026, 5, 11),
            "Goal": "KR1.2",
            "By": "Cy Diaz",
            "Value": "30%",
            "Status": "on track",
        },
        {
            "Date": D(2026, 5, 11),
            "Goal": "KR1.3",
            "By": "Di Evans",
            "Value": 0.997,
            "Status": "on track",
        },
        {
            "Date": D(2026, 5, 12),
            "Goal": "KR2.1",
            "By": "Bo Chen",
            "Value": 30.0,
            "Status": "on track",
            "Note": "Thanks @Ana Lima for the intros",
        },
        {
            "Date": D(2026, 5, 12),
            "Goal": "KR2.2",
            "By": "Bo Chen",
            "Value": 0.2,
            "Status": "on track",
        },
        {
            "Date": D(2026, 5, 12),
            "Goal": "KR2.3",
            "By": "Bo Chen",
            "Value": "not done",
            "Status": "needs attention",
            "Why": "Waiting on legal review",
            "Plan": "Ship a first draft on Friday",
            "Help": "@Cy Diaz to review the pricing page",
        },
    ],
)

# An Actuals tab that agrees with the baseline: every KPI stays healthy. K2 is
# named by its name; K1 has one monthly target.
ACTUALS: list[Row] = [
    ["KPI", "Series", "Feb 2026", "Mar 2026", "Apr 2026"],
    ["K1", "Actual", 110.0, 115.0, 120.0],
    ["K1", "Target", 100.0, None, None],
    ["Demo calls", "Actual", 42.0, 44.0, 45.0],
    ["K3", "Actual", 0.012, 0.011, 0.01],
]

BASELINE: Tables = {
    "Strategy": STRATEGY,
    "KPIs": KPIS,
    "OKRs": OKRS,
    "Check-ins": CHECK_INS,
    "Groups": GROUPS,
    "People": PEOPLE,
}


def baseline() -> Tables:
    """A fresh copy of the clean workbook, safe to edit."""
    return copy.deepcopy(BASELINE)


def grids(tables: Tables, source: str = "test.xlsx") -> Grids:
    """Grids with one sheet per table, in the order given."""
    sheets = [Sheet(name, [list(row) for row in rows]) for name, rows in tables.items()]
    return Grids(source, sheets)


def run(tables: Tables, today: dt.date = TODAY) -> list[Finding]:
    """Every finding of the real pipeline: parse the grids, then evaluate."""
    parsed = read_workbook(grids(tables))
    return evaluate(parsed.workbook, today, parsed.findings).findings


def places(findings: Iterable[Finding]) -> set[Place]:
    """Findings as (tab, cell, code), the way a person looks them up."""
    return {(f.tab, f.cell, f.code) for f in findings}


def header_index(rows: list[Row], header: str) -> int:
    return [str(value) for value in rows[0]].index(header)


@dataclass(frozen=True)
class Edit:
    """Type values into one row (numbered as the sheet shows it), by header."""

    tab: str
    row: int
    values: Mapping[str, CellValue]

    def apply(self, tables: Tables) -> None:
        rows = tables[self.tab]
        cells = rows[self.row - 1]
        for header, value in self.values.items():
            index = header_index(rows, header)
            cells.extend([None] * (index + 1 - len(cells)))
            cells[index] = value


@dataclass(frozen=True)
class Add:
    """Append rows below the last row of a tab, by header."""

    tab: str
    records: tuple[Mapping[str, CellValue], ...]

    def apply(self, tables: Tables) -> None:
        rows = tables[self.tab]
        rows.extend(row_for(rows[0], record) for record in self.records)


def add(tab: str, *records: Mapping[str, CellValue]) -> Add:
    return Add(tab, records)


@dataclass(frozen=True)
class Drop:
    """Delete a row (rows below move up), a whole tab, or a tab's column."""

    tab: str
    row: int | None = None
    column: str | None = None

    def apply(self, tables: Tables) -> None:
        if self.row is not None:
            del tables[self.tab][self.row - 1]
        elif self.column is not None:
            index = header_index(tables[self.tab], self.column)
            for cells in tables[self.tab]:
                if index < len(cells):
                    del cells[index]
        else:
            del tables[self.tab]


@dataclass(frozen=True)
class Rename:
    """Retype a header cell, such as Lead to Owner."""

    tab: str
    header: str
    to: str

    def apply(self, tables: Tables) -> None:
        rows = tables[self.tab]
        rows[0][header_index(rows, self.header)] = self.to


@dataclass(frozen=True)
class Tab:
    """Add or replace a whole tab."""

    name: str
    rows: list[Row] = field(default_factory=list)

    def apply(self, tables: Tables) -> None:
        tables[self.name] = copy.deepcopy(self.rows)


@dataclass(frozen=True)
class NewColumn:
    """Add a column at the right of a tab: its header, then one value a row."""

    tab: str
    header: str
    values: tuple[CellValue, ...] = ()

    def apply(self, tables: Tables) -> None:
        rows = tables[self.tab]
        width = max(len(cells) for cells in rows)
        for number, cells in enumerate(rows):
            cells.extend([None] * (width - len(cells)))
            if number == 0:
                cells.append(self.header)
            elif number - 1 < len(self.values):
                cells.append(self.values[number - 1])


Change = Edit | Add | Drop | Rename | Tab | NewColumn


def changed(*changes: Change) -> Tables:
    """The baseline with each change applied in turn."""
    tables = baseline()
    for change in changes:
        change.apply(tables)
    return tables


def kpi(
    goal_id: str, group: str = "Sales", **values: CellValue
) -> dict[str, CellValue]:
    """A KPI row that answers every question, for tests that need more KPIs."""
    return {
        "ID": goal_id,
        "KPI": f"Metric {goal_id}",
        "Group": group,
        "Lead": "Bo Chen",
        "Priority": "Fill the pipeline",
        "Metric": f"Count of {goal_id}",
        "Calculation": "latest",
        "Target type": "at least",
        "Target": 10.0,
        "Current": 12.0,
        **values,
    }


def done_objective(
    goal_id: str,
    *,
    group: str = "Company",
    timeframe: str = "2026",
    **values: CellValue,
) -> tuple[dict[str, CellValue], dict[str, CellValue]]:
    """An objective with one key result already done, so it needs no check-ins."""
    objective: dict[str, CellValue] = {
        "ID": goal_id,
        "Type": "Objective",
        "Title": f"Objective {goal_id}",
        "Group": group,
        "Lead": "Ana Lima" if group == "Company" else "Bo Chen",
        "Timeframe": timeframe,
        "Approved": "yes",
        **values,
    }
    if group != "Company" and "Aligned to" not in values:
        objective["Aligned to"] = "O1"
    result: dict[str, CellValue] = {
        "ID": f"KR{goal_id[1:]}.1",
        "Type": "Key result",
        "Title": f"Launch {goal_id}",
        "Objective": goal_id,
        "Lead": objective["Lead"],
        "Target": "done",
        "Current": "done",
    }
    return objective, result


def done_key_result(goal_id: str, objective: str = "O1") -> dict[str, CellValue]:
    """A key result already done, so it needs no check-ins."""
    return {
        "ID": goal_id,
        "Type": "Key result",
        "Title": f"Launch {goal_id}",
        "Objective": objective,
        "Lead": "Ana Lima",
        "Target": "done",
        "Current": "done",
    }
