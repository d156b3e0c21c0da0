"""The owned tabs: a board-ready Dashboard and the list of every finding."""

from __future__ import annotations

from rules.cadence import latest_check_ins
from rules.evaluate import Evaluation
from rules.explain import number, percent
from rules.progress import match_key
from rules.records import CheckIn, Health, Kind, Status, Workbook
from sheets.plan import OwnedTab, PlanValue

FINDINGS_HEADER: list[PlanValue] = [
    "Tab",
    "Cell",
    "Severity",
    "Code",
    "Message",
    "Value",
]


def findings_tab(result: Evaluation) -> OwnedTab:
    rows: list[list[PlanValue]] = [FINDINGS_HEADER]
    for f in result.findings:
        rows.append([f.tab, f.cell, f.severity.value, f.code, f.message, f.value])
    return OwnedTab(name="Findings", rows=rows, widths=[12, 8, 9, 26, 90, 24])


def dashboard_tab(book: Workbook, result: Evaluation) -> OwnedTab:
    """What the CEO shows the board: strategy, KPIs, OKRs, what needs attention."""
    rows: list[list[PlanValue]] = [
        ["Dashboard", f"as of {result.today.isoformat()}"],
        [],
    ]
    rows += _strategy(book)
    rows += _pillars(result)
    rows += _kpi_board(book, result)
    rows += _objectives(book, result)
    rows += _attention(book, result)
    return OwnedTab(name="Dashboard", rows=rows, widths=[28, 44, 16, 16, 16, 14, 40])


def _strategy(book: Workbook) -> list[list[PlanValue]]:
    rows: list[list[PlanValue]] = [["Ultimate goal"]]
    for kind in (Kind.PURPOSE, Kind.FOR_WHOM, Kind.VISION):
        statement = next(
            (item.statement for item in book.strategy if item.kind is kind), ""
        )
        rows.append([kind.value.capitalize(), statement or "(not set)"])
    rows.append([])
    return rows


def _pillars(result: Evaluation) -> list[list[PlanValue]]:
    rows: list[list[PlanValue]] = [
        ["Pillars", None, "KPIs", "KPIs healthy", "Company OKRs", "OKR progress"]
    ]
    for pillar in result.pillars:
        rows.append(
            [
                pillar.pillar,
                None,
                str(pillar.kpis),
                None if pillar.health is None else percent(pillar.health),
                str(pillar.objectives),
                None if pillar.progress is None else percent(pillar.progress),
            ]
        )
    rows.append([])
    return rows


def _kpi_board(book: Workbook, result: Evaluation) -> list[list[PlanValue]]:
    rows: list[list[PlanValue]] = [
        ["KPI board", "KPI", "Group", "Value", "Target now", "Health", "Lead"]
    ]
    for kpi in book.kpis:
        kpi_result = result.kpis[kpi.row]
        value = kpi_result.value
        target = kpi_result.target_now
        rows.append(
            [
                kpi.id,
                kpi.name,
                kpi.group or book.root_group,
                None if value is None else number(value),
                None if target is None else number(target),
                kpi_result.health.value,
                kpi.lead,
            ]
        )
    rows.append([])
    return rows


def _objectives(book: Workbook, result: Evaluation) -> list[list[PlanValue]]:
    rows: list[list[PlanValue]] = [
        ["Objectives", "Objective", "Group", "Progress", "Expected", "Status", "Lead"]
    ]
    company = [o for o in book.okrs if o.is_objective and book.is_company(o.group)]
    groups = [o for o in book.okrs if o.is_objective and not book.is_company(o.group)]
    for okr in [*company, *groups]:
        okr_result = result.okrs.by_row[okr.row]
        progress = okr_result.progress
        rows.append(
            [
                okr.id,
                okr.title,
                okr.group or book.root_group,
                None if progress is None else percent(progress.value),
                None if okr_result.expected is None else percent(okr_result.expected),
                okr_result.status.value if okr_result.status else None,
                okr.lead,
            ]
        )
    rows.append([])
    return rows


def _explanation(update: CheckIn | None) -> str | None:
    """The lead's why, plan and help from an update, in one readable cell."""
    if update is None:
        return None
    parts = [("Why", update.why), ("Plan", update.plan), ("Help", update.help)]
    text = "; ".join(f"{name}: {words}" for name, words in parts if words)
    return text or None


def _attention(book: Workbook, result: Evaluation) -> list[list[PlanValue]]:
    """Unhealthy KPIs with their lead's words, off-track objectives, late updates.

    The lead's words go in one cell at the end of the row, so that they run
    on over the empty cells beside it when printed.
    """
    rows: list[list[PlanValue]] = [
        ["Needs attention", "Goal", "Lead", "What the lead says"]
    ]
    latest = latest_check_ins(book.check_ins)
    for kpi in book.kpis:
        if result.kpis[kpi.row].health is not Health.UNHEALTHY:
            continue
        update = latest.get(match_key(kpi.id)) if kpi.id else None
        rows.append(["Unhealthy KPI", kpi.name, kpi.lead, _explanation(update)])
    for okr in book.okrs:
        status = result.okrs.by_row[okr.row].status
        if okr.is_objective and status is Status.OFF_TRACK:
            update = latest.get(match_key(okr.id)) if okr.id else None
            rows.append(
                ["Off-track objective", okr.title, okr.lead, _explanation(update)]
            )
    goals = {(goal.tab, goal.row): goal for goal in book.goals()}
    for finding in result.findings:
        goal = goals.get((finding.tab, finding.row or 0))
        if goal is None or finding.code not in ("check-in-overdue", "check-in-stale"):
            continue
        last = result.cadences.get(match_key(goal.id))
        since = "never" if last is None or last.last is None else last.last.date
        rows.append(
            [
                "Late check-in",
                f"{goal.label}: {goal.title}",
                goal.lead,
                f"Last check-in: {since}",
            ]
        )
    if len(rows) == 1:
        rows.append(["Nothing: every KPI is healthy and every objective on track."])
    return rows
