"""What each owned column should say, row by row, from one evaluation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from rules.actuals import calculation_note
from rules.evaluate import Evaluation
from rules.explain import (
    explain_key_result,
    explain_kpi,
    explain_objective,
    iso_week,
    percent,
)
from rules.findings import Finding, Severity
from rules.progress import match_key
from rules.records import (
    CheckIn,
    Group,
    Health,
    Kind,
    Kpi,
    Okr,
    Person,
    Record,
    Status,
    StrategyItem,
    Workbook,
)
from sheets.plan import NumberFormat, PlanValue

# The first character of a Check cell says its worst finding; highlights and
# people filtering the column both rely on it.
SYMBOLS = {Severity.ERROR: "✖", Severity.WARNING: "⚠", Severity.INFO: "ℹ"}
OK = "✔"

# Formats of owned columns holding numbers, by field.
FORMATS: dict[str, NumberFormat] = {
    "progress": NumberFormat.PERCENT,
    "expected": NumberFormat.PERCENT,
    "last_check_in": NumberFormat.DATE,
    "updated": NumberFormat.DATE,
    "due": NumberFormat.DATE,
    "value": NumberFormat.DECIMAL,
    "target_now": NumberFormat.DECIMAL,
}

Values = dict[str, PlanValue]


@dataclass
class OwnedValues:
    """Owned values of every record row of every people's tab, by tab and row."""

    rows: dict[str, dict[int, Values]]


def owned_values(book: Workbook, result: Evaluation) -> OwnedValues:
    context = _Context(book, result, _findings_by_row(result.findings))
    rows: dict[str, dict[int, Values]] = defaultdict(dict)

    def add(record: Record, values: Values) -> None:
        check = context.check(record, str(values.pop("explanation", "")))
        note = str(values.pop("note", ""))
        values["check"] = f"{check} | {note}" if note else check
        rows[record.tab][record.row] = values

    for item in book.strategy:
        add(item, context.strategy(item))
    for kpi in book.kpis:
        add(kpi, context.kpi(kpi))
    for okr in book.okrs:
        add(okr, context.okr(okr))
    for check_in in book.check_ins:
        add(check_in, context.check_in(check_in))
    for group in book.groups or []:
        add(group, context.group(group))
    for person in book.people or []:
        add(person, context.person(person))
    return OwnedValues(rows=dict(rows))


def _findings_by_row(findings: list[Finding]) -> dict[tuple[str, int], list[Finding]]:
    grouped: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.row is not None:
            grouped[(finding.tab, finding.row)].append(finding)
    return grouped


class _Context:
    """Lookups shared by the owned values of every tab."""

    def __init__(
        self,
        book: Workbook,
        result: Evaluation,
        findings: dict[tuple[str, int], list[Finding]],
    ) -> None:
        self.book = book
        self.result = result
        self.findings = findings
        self.goals = {match_key(goal.id): goal for goal in book.goals() if goal.id}
        self.people = {
            match_key(text): person
            for person in book.people or []
            for text in (person.name, person.email)
            if text
        }
        self.kpi_health = {
            match_key(kpi.id): result.kpis[kpi.row].health
            for kpi in book.kpis
            if kpi.id
        }
        pillars = {rollup.pillar.casefold(): rollup for rollup in result.pillars}
        self.pillars = pillars
        self.groups = {rollup.group.casefold(): rollup for rollup in result.groups}
        self.weights = {okr.row: okr.weight for okr in book.okrs}
        self.last_by = _last_check_in_by(book.check_ins)
        self.due_by = _due_by(book, result)

    def check(self, record: Record, explanation: str) -> str:
        """The row's findings, worst first, then how its numbers were computed."""
        findings = sorted(
            self.findings.get((record.tab, record.row), []),
            key=lambda f: list(Severity).index(f.severity),
        )
        parts = [f"{SYMBOLS[f.severity]} {f.message}" for f in findings]
        if not parts:
            return explanation or OK
        return " | ".join([*parts, explanation] if explanation else parts)

    def strategy(self, item: StrategyItem) -> Values:
        rollup = self.pillars.get(item.statement.casefold())
        if item.kind is not Kind.PILLAR or rollup is None:
            return {"health": None, "progress": None}
        health = None
        if rollup.health is not None:
            health = f"{percent(rollup.health)} of {rollup.kpis} KPIs healthy"
        return {"health": health, "progress": rollup.progress}

    def kpi(self, kpi: Kpi) -> Values:
        result = self.result.kpis[kpi.row]
        return {
            "value": result.value,
            "target_now": result.target_now,
            "health": result.health.value,
            "trend": result.trend.text if result.trend else None,
            "updated": result.updated,
            "explanation": explain_kpi(kpi, result, result.source),
            "note": calculation_note(result.calculation),
        }

    def okr(self, okr: Okr) -> Values:
        result = self.result.okrs.by_row[okr.row]
        cadence = self.result.cadences.get(match_key(okr.id)) if okr.id else None
        last = cadence.last.date if cadence and cadence.last else None
        if okr.is_objective:
            explanation = explain_objective(result, self.result.okrs, self.weights)
        else:
            explanation = explain_key_result(okr, result)
        return {
            "progress": None if result.progress is None else result.progress.value,
            "expected": result.expected,
            "suggested_status": result.suggested.value if result.suggested else None,
            "last_check_in": last,
            "explanation": explanation,
        }

    def check_in(self, check_in: CheckIn) -> Values:
        goal = self.goals.get(match_key(check_in.goal))
        author = self.people.get(match_key(check_in.by))
        group = ""
        if goal is not None:
            group = (
                self.book.root_group
                if self.book.is_company(goal.group)
                else (goal.group)
            )
        return {
            "goal_title": (goal.title or None) if goal is not None else None,
            "group": group or None,
            "manager": (author.manager or None) if author else None,
            "week": iso_week(check_in.date) if check_in.date else None,
            "flag": self._flag(check_in),
        }

    def _flag(self, check_in: CheckIn) -> str | None:
        """ "needs discussion" when a manager should raise it in the next 1:1."""
        unexplained = not (check_in.why and check_in.plan)
        unhealthy = self.kpi_health.get(match_key(check_in.goal)) is Health.UNHEALTHY
        if check_in.status is Status.OFF_TRACK or (unhealthy and unexplained):
            return "needs discussion"
        if check_in.help:
            return "help asked"
        return None

    def group(self, group: Group) -> Values:
        rollup = self.groups.get(group.name.casefold())
        if rollup is None:
            return {"kpis": None, "okrs": None, "health": None}
        kpis = None
        if rollup.health is not None:
            kpis = f"{percent(rollup.health)} of {rollup.kpis} healthy"
        okrs = None
        if rollup.progress is not None:
            okrs = f"{percent(rollup.progress)} across {rollup.objectives} objectives"
        on_time = None if rollup.on_time is None else percent(rollup.on_time)
        return {"kpis": kpis, "okrs": okrs, "health": on_time and f"{on_time} on time"}

    def person(self, person: Person) -> Values:
        key = match_key(person.name)
        return {"last_check_in": self.last_by.get(key), "due": self.due_by.get(key)}


def _last_check_in_by(check_ins: list[CheckIn]) -> dict[str, dt.date]:
    """The day each person last checked in anything, by `match_key` of By."""
    last: dict[str, dt.date] = {}
    for check_in in check_ins:
        key = match_key(check_in.by)
        if key and check_in.date and (key not in last or check_in.date > last[key]):
            last[key] = check_in.date
    return last


def _due_by(book: Workbook, result: Evaluation) -> dict[str, dt.date]:
    """The earliest day a check-in falls due on a goal each person leads."""
    due: dict[str, dt.date] = {}
    for goal in book.goals():
        cadence = result.cadences.get(match_key(goal.id)) if goal.id else None
        if cadence is None or cadence.days is None or cadence.last is None:
            continue
        if cadence.last.date is None:
            continue
        day = cadence.last.date + dt.timedelta(days=cadence.days)
        key = match_key(goal.lead)
        if key not in due or day < due[key]:
            due[key] = day
    return due
