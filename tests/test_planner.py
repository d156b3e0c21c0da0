"""The write plan: owned columns found or added, values diffed, highlights."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from rules.evaluate import evaluate
from sheets.grid import CellValue, Grids, Sheet
from sheets.parse import read_workbook
from sheets.plan import CellWrite, HighlightStyle, WritePlan
from sheets.planner import plan_writes, same_value
from tests.workbooks import TODAY, Tables, baseline, grids


def plan_for(book: Grids) -> WritePlan:
    parsed = read_workbook(book)
    result = evaluate(parsed.workbook, TODAY, parsed.findings)
    return plan_writes(parsed, result, book)


def applied(book: Grids, plan: WritePlan) -> Grids:
    """The grids as a reader would see them after an applier ran the plan."""
    sheets = {sheet.name: [list(row) for row in sheet.rows] for sheet in book.sheets}
    for write in plan.cells:
        rows = sheets[write.tab]
        while len(rows) < write.row:
            rows.append([])
        row = rows[write.row - 1]
        row.extend([None] * (write.column + 1 - len(row)))
        row[write.column] = write.value
    for tab in plan.tabs:
        sheets[tab.name] = [list(row) for row in tab.rows]
    return Grids(book.source, [Sheet(name, rows) for name, rows in sheets.items()])


def cell(plan: WritePlan, tab: str, row: int, header: str) -> CellWrite:
    column = next(c for c in plan.columns if c.tab == tab and c.header == header)
    return next(
        write
        for write in plan.cells
        if write.tab == tab and write.row == row and write.column == column.column
    )


def test_first_plan_adds_owned_columns_after_the_last_used_column() -> None:
    plan = plan_for(grids(baseline()))

    okr_columns = [c for c in plan.columns if c.tab == "OKRs"]
    assert [c.header for c in okr_columns] == [
        "Progress",
        "Expected",
        "Suggested status",
        "Last check-in",
        "Check",
    ]
    assert [c.column for c in okr_columns] == [16, 17, 18, 19, 20]
    assert all(c.added and c.header_row == 1 for c in okr_columns)
    assert cell(plan, "OKRs", 1, "Progress").value == "Progress"


def test_owned_columns_never_land_on_a_person_s_unlabelled_data() -> None:
    tables = baseline()
    tables["KPIs"][2] = [*tables["KPIs"][2], None, None, "a note of Ana's"]

    plan = plan_for(grids(tables))

    value = next(c for c in plan.columns if c.tab == "KPIs" and c.field == "value")
    assert value.column == 16
    assert not any(w.tab == "KPIs" and w.column == 15 for w in plan.cells)


def test_owned_column_a_person_moved_is_written_where_it_is() -> None:
    tables = baseline()
    tables["OKRs"] = [["Progress", *row] for row in tables["OKRs"]]
    tables["OKRs"][0][0] = "Progress"
    for row in tables["OKRs"][1:]:
        row[0] = None

    plan = plan_for(grids(tables))

    progress = next(
        c for c in plan.columns if c.tab == "OKRs" and c.field == "progress"
    )
    assert (progress.column, progress.added) == (0, False)
    assert cell(plan, "OKRs", 3, "Progress").value == 0.4  # KR1.1: 40 of 100


def test_key_result_values_and_their_explanation() -> None:
    plan = plan_for(grids(baseline()))

    assert cell(plan, "OKRs", 3, "Expected").value == pytest.approx(134 / 365, abs=1e-6)
    assert cell(plan, "OKRs", 3, "Suggested status").value == "on track"
    check = cell(plan, "OKRs", 3, "Check").value
    assert check == (
        "Progress 40% = (40 - 0) / (100 - 0). Expected 37% by now (134 of 365 days)."
    )


def test_check_cell_starts_with_the_worst_finding() -> None:
    tables = baseline()
    tables["KPIs"][1][4] = "Ana Lima, Bo Chen"

    plan = plan_for(grids(tables))

    check = cell(plan, "KPIs", 2, "Check").value
    assert isinstance(check, str)
    assert check.startswith("✖ K1 names 2 leads (Ana Lima, Bo Chen)")
    assert check.endswith("healthy because it must be >= 100. | calculation: latest")


def test_second_plan_after_applying_the_first_changes_nothing() -> None:
    book = grids(baseline())
    first = plan_for(book)

    second = plan_for(applied(book, first))

    assert first.cells and first.tabs
    assert second.cells == []
    assert second.tabs == []
    assert not second.changes_values
    assert second.highlights == first.highlights
    assert all(not c.added for c in second.columns)


def test_only_the_cells_that_changed_are_planned() -> None:
    tables = baseline()
    book = applied(grids(tables), plan_for(grids(tables)))
    okrs = next(sheet for sheet in book.sheets if sheet.name == "OKRs")
    okrs.rows[2][13] = 55.0  # KR1.1 Current, typed by its lead

    plan = plan_for(book)

    kr_writes = {(w.row, w.column) for w in plan.cells if w.tab == "OKRs"}
    assert (3, 16) in kr_writes  # KR1.1 Progress
    assert (3, 20) in kr_writes  # KR1.1 Check explains the new number
    assert (2, 16) in kr_writes  # O1 Progress moves with it
    assert all(row in (2, 3) for row, _ in kr_writes)


def test_highlights_follow_owned_columns_and_the_lead_s_status() -> None:
    plan = plan_for(grids(baseline()))

    okrs = plan.highlights["OKRs"]
    assert [(h.style, h.formula) for h in okrs] == [
        (HighlightStyle.ERROR, 'LEFT($U2,1)="✖"'),
        (HighlightStyle.WARNING, 'LEFT($U2,1)="⚠"'),
        (HighlightStyle.OFF_TRACK, 'OR($O2="off track",$S2="off track")'),
    ]
    assert {h.range for h in okrs} == {"A2:U10001"}
    kpis = plan.highlights["KPIs"]
    assert kpis[-1].formula == '$P2="unhealthy"'


def test_findings_tab_lists_every_finding_with_its_cell() -> None:
    tables: Tables = baseline()
    tables["KPIs"][1][4] = None

    plan = plan_for(grids(tables))

    findings = next(tab for tab in plan.tabs if tab.name == "Findings")
    assert findings.rows[0] == ["Tab", "Cell", "Severity", "Code", "Message", "Value"]
    assert findings.rows[1][:4] == ["KPIs", "E2", "error", "no-lead"]


def test_dashboard_shows_strategy_kpis_objectives_and_attention() -> None:
    plan = plan_for(grids(baseline()))

    dashboard = next(tab for tab in plan.tabs if tab.name == "Dashboard")
    firsts = [row[0] for row in dashboard.rows if row]
    assert firsts[:2] == ["Dashboard", "Ultimate goal"]
    for heading in ("Pillars", "KPI board", "Objectives", "Needs attention"):
        assert heading in firsts
    assert ["Purpose", "Help small shops sell online"] in dashboard.rows


def test_plan_is_plain_json() -> None:
    plan = plan_for(grids(baseline()))

    data = json.loads(plan.model_dump_json())

    assert set(data) == {"cells", "columns", "highlights", "tabs", "log"}
    assert WritePlan.model_validate(data) == plan


@pytest.mark.parametrize(
    ("found", "wanted", "same"),
    [
        pytest.param(None, None, True, id="both-blank"),
        pytest.param("", None, True, id="empty-text-is-blank"),
        pytest.param(None, 0.0, False, id="zero-is-not-blank"),
        pytest.param(0.375, 0.375, True, id="same-number"),
        pytest.param(1.0, 1, True, id="int-and-float"),
        pytest.param(0.1 + 0.2, 0.3, True, id="float-noise"),
        pytest.param("0.3", 0.3, False, id="text-is-not-a-number"),
        pytest.param(dt.datetime(2026, 5, 8), dt.date(2026, 5, 8), True, id="date"),
        pytest.param(True, 1, False, id="bool-is-not-one"),
        pytest.param("on track", "on track", True, id="same-text"),
    ],
)
def test_same_value(found: CellValue, wanted: CellValue, same: bool) -> None:
    assert same_value(found, wanted) is same  # type: ignore[arg-type]
