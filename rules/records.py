"""Typed records for every tab, each knowing the sheet row it came from."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from rules.findings import Finding, finding
from rules.settings import Settings
from rules.timeframes import Timeframe


class Kind(StrEnum):
    PURPOSE = "purpose"
    FOR_WHOM = "for whom"
    VISION = "vision"
    PILLAR = "pillar"


class GoalType(StrEnum):
    OBJECTIVE = "objective"
    KEY_RESULT = "key result"


class TargetType(StrEnum):
    AT_LEAST = "at least"
    AT_MOST = "at most"
    INCREASE_TO = "increase to"
    DECREASE_TO = "decrease to"
    BETWEEN = "between"


class ProgressFrom(StrEnum):
    KEY_RESULTS = "key results"
    ALIGNED = "aligned"
    BOTH = "both"


class Status(StrEnum):
    ON_TRACK = "on track"
    NEEDS_ATTENTION = "needs attention"
    OFF_TRACK = "off track"
    ACCOMPLISHED = "accomplished"


class Series(StrEnum):
    """What a number on the Actuals tab is: what happened, or what was planned."""

    ACTUAL = "actual"
    TARGET = "target"


class Health(StrEnum):
    HEALTHY = "healthy"
    UNHEALTHY = "unhealthy"
    UNKNOWN = "unknown"


class ResultKind(StrEnum):
    """How a key result measures success."""

    METRIC = "metric"  # from start to target, either direction
    BINARY = "binary"  # done or not
    AT_LEAST = "at least"  # stay at or above a threshold
    AT_MOST = "at most"  # stay at or below a threshold


class Record(BaseModel):
    """A row of a tab; `row` is the row number the sheet shows."""

    model_config = ConfigDict(frozen=True)

    tab: str
    row: int


class StrategyItem(Record):
    kind: Kind | None = None
    statement: str = ""
    lead: str = ""


class Kpi(Record):
    id: str = ""
    name: str = ""
    group: str = ""
    pillar: str = ""
    lead: str = ""
    priority: str = ""
    metric: str = ""
    calculation: str = ""
    target_type: TargetType | None = None
    target: float | None = None
    upper: float | None = None
    unit: str = ""
    current: float | None = None
    # The calculation the last sync used, as its owned Check cell remembers it.
    previous_calculation: str = ""

    @property
    def label(self) -> str:
        return self.id or self.name or f"on row {self.row}"

    @property
    def title(self) -> str:
        """The KPI's name, under the word OKRs use, so any goal has a title."""
        return self.name


class Okr(Record):
    """An objective or a key result of the OKRs tab."""

    id: str = ""
    type: GoalType | None = None
    title: str = ""
    objective: str = ""
    aligned_to: str = ""
    group: str = ""
    pillar: str = ""
    lead: str = ""
    timeframe: Timeframe | None = None
    timeframe_text: str = ""
    progress_from: ProgressFrom | None = None
    weight: float | None = None
    result_kind: ResultKind | None = None
    start: float | None = None
    target: float | None = None
    current: float | None = None
    status: Status | None = None
    approved: bool | None = None

    @property
    def label(self) -> str:
        return self.id or self.title or f"on row {self.row}"

    @property
    def is_objective(self) -> bool:
        return self.type is not GoalType.KEY_RESULT


class CheckIn(Record):
    date: dt.date | None = None
    goal: str = ""
    by: str = ""
    value: float | None = None
    status: Status | None = None
    confidence: float | None = None
    why: str = ""
    plan: str = ""
    help: str = ""
    note: str = ""


class Group(Record):
    name: str = ""
    parent: str = ""
    lead: str = ""
    okr_time: float | None = None


class Person(Record):
    name: str = ""
    email: str = ""
    manager: str = ""
    group: str = ""


class ActualValue(Record):
    """One number of the Actuals tab: a KPI's actual or target for one month."""

    column: str
    letter: str
    kpi: str  # the KPI's ID or name, as typed
    month: dt.date  # the first day of the month
    series: Series
    value: float
    currency: str | None = None


class Column(BaseModel):
    """Where a field of a tab sits: its header text and column letter."""

    model_config = ConfigDict(frozen=True)

    header: str
    letter: str


class Workbook(BaseModel):
    """Everything read from a workbook, typed, ready for the framework rules."""

    strategy: list[StrategyItem] = Field(default_factory=list)
    kpis: list[Kpi] = Field(default_factory=list)
    okrs: list[Okr] = Field(default_factory=list)
    check_ins: list[CheckIn] = Field(default_factory=list)
    groups: list[Group] | None = None
    people: list[Person] | None = None
    actuals: list[ActualValue] = Field(default_factory=list)
    settings: Settings = Field(default_factory=Settings)
    columns: dict[str, dict[str, Column]] = Field(default_factory=dict)
    tab_names: dict[str, str] = Field(default_factory=dict)

    def goals(self) -> list[Kpi | Okr]:
        """Every KPI and OKR, the things check-ins and alignments refer to."""
        return [*self.kpis, *self.okrs]

    def tab(self, name: str) -> str:
        """The workbook's own name for a tab known by its canonical name."""
        return self.tab_names.get(name, name)

    def column(self, tab: str, field: str) -> Column:
        """The column of a field, or a header-only placeholder when it is absent."""
        found = self.columns.get(tab, {}).get(field)
        if found is not None:
            return found
        return Column(header=field.replace("_", " ").capitalize(), letter="")

    def finding_at(
        self, code: str, record: Record, field: str = "", **params: object
    ) -> Finding:
        """A finding about one field of one record (or the whole row)."""
        column = self.column(record.tab, field) if field else None
        return finding(
            code,
            tab=record.tab,
            row=record.row,
            column=column.header if column else "",
            letter=column.letter if column else "",
            **params,
        )

    def pillar_names(self) -> dict[str, str]:
        """Every way a pillar may be named, casefolded, to its statement.

        "Speed: the fastest analysis" may be named in full or as "Speed".
        """
        names: dict[str, str] = {}
        for item in self.strategy:
            if item.kind is not Kind.PILLAR or not item.statement:
                continue
            names[item.statement.casefold()] = item.statement
            for separator in (":", " - ", " – "):
                short = item.statement.split(separator, 1)[0].strip()
                if short and short != item.statement:
                    names.setdefault(short.casefold(), item.statement)
        return names

    def pillar(self, name: str) -> str:
        """The statement of the pillar a goal names, or the name as typed."""
        return self.pillar_names().get(name.strip().casefold(), name.strip())

    @property
    def root_group(self) -> str:
        """The group whose goals are company goals."""
        for group in self.groups or []:
            if group.name and not group.parent:
                return group.name
        return "Company"

    def is_company(self, group: str) -> bool:
        return not group or group.casefold() == self.root_group.casefold()
