"""One evaluation of a workbook: every number, status and finding, as of a day."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rules.actuals import (
    Actuals,
    KpiSeries,
    canonical_calculation,
    check_calculations,
    collect_actuals,
    month_end,
    parse_calculation,
    read_series,
)
from rules.cadence import Cadence, check_in_states, latest_check_ins
from rules.checks.check_ins import check_cadence, check_explanations, check_mentions
from rules.checks.kpis import check_kpis
from rules.checks.okrs import check_okr_structure, check_okr_time
from rules.checks.references import (
    check_goal_references,
    check_group_references,
    check_ids,
    check_leads,
    check_people_references,
    check_pillar_references,
)
from rules.checks.status import check_statuses
from rules.checks.strategy import check_strategy
from rules.findings import Finding, Severity
from rules.health import Trend, kpi_health, kpi_trend, kpi_value, target_now
from rules.progress import OkrResults, compute_progress, match_key
from rules.records import CheckIn, Health, Kpi, Status, Workbook
from rules.rollups import GroupRollup, PillarRollup, roll_up_groups, roll_up_pillars


@dataclass(frozen=True, slots=True)
class KpiResult:
    """A KPI's value, where it came from, the target in force and its health."""

    value: float | None
    target_now: float | None
    health: Health
    # "Actuals (sum this quarter)", "Current" or "check-in", as a person says it
    source: str = ""
    # The month of the latest actual, or the day of the check-in, behind the value
    updated: dt.date | None = None
    # The calculation as goalsheet writes it; the sync remembers it in Check
    calculation: str = ""
    trend: Trend | None = None  # the change since the previous period's actuals


@dataclass(frozen=True, slots=True)
class Summary:
    kpis: int
    kpis_healthy: int
    kpis_unknown: int
    objectives: dict[str, int]
    overdue: int
    stale: int
    severities: dict[str, int]


@dataclass(frozen=True, slots=True)
class Evaluation:
    today: dt.date
    findings: list[Finding]
    kpis: dict[int, KpiResult]
    okrs: OkrResults
    cadences: dict[str, Cadence]
    pillars: list[PillarRollup]
    groups: list[GroupRollup]
    summary: Summary

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def evaluate(
    book: Workbook, today: dt.date, cell_findings: Iterable[Finding] = ()
) -> Evaluation:
    """Compute everything section 4 of the design defines, then run the checks."""
    settings = book.settings
    okrs = compute_progress(book.okrs, today, settings)
    actuals = collect_actuals(book)
    kpis = evaluate_kpis(book, today, actuals)
    cadences = check_in_states(book.kpis, book.okrs, book.check_ins, today, settings)
    health = {row: result.health for row, result in kpis.items()}

    findings = [
        *cell_findings,
        *actuals.findings,
        *run_checks(book, okrs, kpis, cadences, today),
    ]
    tabs = list(book.tab_names.values())
    findings.sort(key=lambda f: (_tab_order(tabs, f.tab), *f.sort_key()))
    return Evaluation(
        today=today,
        findings=findings,
        kpis=kpis,
        okrs=okrs,
        cadences=cadences,
        pillars=roll_up_pillars(book, health, okrs),
        groups=roll_up_groups(book, health, okrs, cadences),
        summary=summarise(book, kpis, okrs, findings),
    )


def _tab_order(tabs: list[str], tab: str) -> int:
    return tabs.index(tab) if tab in tabs else len(tabs)


def evaluate_kpis(
    book: Workbook, today: dt.date, actuals: Actuals | None = None
) -> dict[int, KpiResult]:
    """Each KPI's value, target now, health and trend, by its sheet row."""
    if actuals is None:
        actuals = collect_actuals(book)
    with_value = [check_in for check_in in book.check_ins if check_in.value is not None]
    latest = latest_check_ins(with_value)
    return {
        kpi.row: _evaluate_kpi(
            kpi,
            actuals.of(kpi),
            latest.get(match_key(kpi.id)) if kpi.id else None,
            today,
        )
        for kpi in book.kpis
    }


def _evaluate_kpi(
    kpi: Kpi, series: KpiSeries, check_in: CheckIn | None, today: dt.date
) -> KpiResult:
    """From actuals by the KPI's Calculation, else Current, else the check-in."""
    calculation = parse_calculation(kpi.calculation)
    reading = read_series(series, calculation, today)
    value = kpi_value(kpi, check_in.value if check_in else None, reading.value)
    updated: dt.date | None
    if reading.value is not None and reading.month is not None:
        source, updated = f"Actuals ({calculation})", reading.month
        day = min(month_end(reading.month), today)
    else:
        source = "Current" if kpi.current is not None else "check-in"
        updated = check_in.date if check_in and source == "check-in" else None
        day = today

    # A "sum this quarter" starts again every quarter, and so does its target.
    reset = calculation.period if calculation else None
    target = target_now(kpi, series.targets, day, reset)
    return KpiResult(
        value=value,
        target_now=target,
        health=kpi_health(kpi, value, target),
        source=source if value is not None else "",
        updated=updated,
        calculation=canonical_calculation(kpi.calculation),
        trend=kpi_trend(kpi, reading.value, reading.previous, target),
    )


def run_checks(
    book: Workbook,
    okrs: OkrResults,
    kpis: dict[int, KpiResult],
    cadences: dict[str, Cadence],
    today: dt.date,
) -> Iterable[Finding]:
    yield from check_strategy(book)
    yield from check_kpis(book)
    yield from check_calculations(book)
    yield from check_ids(book)
    yield from check_leads(book)
    yield from check_goal_references(book)
    yield from check_people_references(book)
    yield from check_group_references(book)
    yield from check_pillar_references(book)
    yield from check_okr_structure(book)
    yield from check_okr_time(book)
    yield from _cycle_findings(book, okrs)
    yield from check_statuses(book, okrs, today)

    closed = {
        match_key(okr.id) for okr in book.okrs if _is_closed(okrs, okr.row, today)
    }
    yield from check_cadence(book, cadences, closed)
    unhealthy = {
        match_key(kpi.id)
        for kpi in book.kpis
        if kpi.id and kpis[kpi.row].health is Health.UNHEALTHY
    }
    yield from check_explanations(book, unhealthy)
    yield from check_mentions(book)


def _is_closed(okrs: OkrResults, row: int, today: dt.date) -> bool:
    """A key result that needs no more check-ins: done, or its time is over."""
    result = okrs.by_row[row]
    if result.status is Status.ACCOMPLISHED:
        return True
    return result.timeframe is not None and result.timeframe.end < today


def _cycle_findings(book: Workbook, okrs: OkrResults) -> Iterable[Finding]:
    for cycle in okrs.cycles:
        first = okrs.get(cycle[0])
        record = next(
            (okr for okr in book.okrs if first and okr.row == first.row), None
        )
        if record is not None:
            yield book.finding_at(
                "alignment-cycle",
                record,
                "aligned_to",
                value=record.aligned_to,
                goal=record.label,
                cycle=" -> ".join([*cycle, cycle[0]]),
            )


def summarise(
    book: Workbook,
    kpis: dict[int, KpiResult],
    okrs: OkrResults,
    findings: list[Finding],
) -> Summary:
    healths = Counter(result.health for result in kpis.values())
    statuses = Counter(
        okrs.by_row[okr.row].status for okr in book.okrs if okr.is_objective
    )
    objectives = {status.value: statuses[status] for status in Status}
    objectives["no status"] = statuses[None]
    codes = Counter(finding.code for finding in findings)
    return Summary(
        kpis=len(kpis),
        kpis_healthy=healths[Health.HEALTHY],
        kpis_unknown=healths[Health.UNKNOWN],
        objectives=objectives,
        overdue=codes["check-in-overdue"] + codes["check-in-stale"],
        stale=codes["check-in-stale"],
        severities={s.value: sum(f.severity is s for f in findings) for s in Severity},
    )
