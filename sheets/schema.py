"""The workbook layout: tabs, their columns, header synonyms and owned columns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ColumnSpec:
    """A column goalsheet knows, by the field it fills."""

    field: str
    header: str
    synonyms: tuple[str, ...] = ()
    owned: bool = False
    required: bool = False
    choices: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.header, *self.synonyms)


@dataclass(frozen=True)
class TabSpec:
    name: str
    columns: tuple[ColumnSpec, ...]
    required: bool = False
    owned: bool = False
    synonyms: tuple[str, ...] = ()

    def people_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(column for column in self.columns if not column.owned)

    def owned_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(column for column in self.columns if column.owned)


KINDS = ("Purpose", "For whom", "Vision", "Pillar")
GOAL_TYPES = ("Objective", "Key result")
TARGET_TYPES = ("at least", "at most", "increase to", "decrease to", "between")
PROGRESS_FROM = ("key results", "aligned", "both")
STATUSES = ("on track", "needs attention", "off track", "accomplished")
YES_NO = ("yes", "no")

C = ColumnSpec
LEAD = C("lead", "Lead", ("Owner", "Responsible", "DRI"))
CHECK = C("check", "Check", owned=True)

STRATEGY = TabSpec(
    "Strategy",
    (
        C("kind", "Kind", ("Type", "Element"), required=True, choices=KINDS),
        C("statement", "Statement", ("Text", "Description"), required=True),
        LEAD,
        C("health", "Health", owned=True),
        C("progress", "Progress", owned=True),
        CHECK,
    ),
    required=True,
)

KPIS = TabSpec(
    "KPIs",
    (
        C("id", "ID", ("KPI ID", "Key")),
        C("name", "KPI", ("Name", "KPI name", "Title"), required=True),
        C("group", "Group", ("Team", "Department")),
        C("pillar", "Pillar", ("Strategic pillar",)),
        LEAD,
        C("priority", "Priority", ("Key priority",)),
        C("metric", "Metric", ("Measure",)),
        C("calculation", "Calculation", ("Calc", "How calculated")),
        C("target_type", "Target type", ("Target kind",), choices=TARGET_TYPES),
        C("target", "Target", ("Threshold", "Lower")),
        C("upper", "Upper", ("Upper target", "Max")),
        C("unit", "Unit", ("Units",)),
        C("current", "Current", ("Current value", "Actual")),
        C("value", "Value", owned=True),
        C("target_now", "Target now", owned=True),
        C("health", "Health", owned=True),
        C("trend", "Trend", owned=True),
        C("updated", "Updated", owned=True),
        CHECK,
    ),
    required=True,
)

OKRS = TabSpec(
    "OKRs",
    (
        C("id", "ID", ("OKR ID", "Key")),
        C("type", "Type", ("Kind", "Level"), required=True, choices=GOAL_TYPES),
        C(
            "title",
            "Title",
            ("Objective title", "Key result title", "Name"),
            required=True,
        ),
        C("objective", "Objective", ("Parent", "Objective ID", "For objective")),
        C("aligned_to", "Aligned to", ("Supports", "Alignment", "Parent objective")),
        C("group", "Group", ("Team", "Department")),
        C("pillar", "Pillar", ("Strategic pillar",)),
        LEAD,
        C("timeframe", "Timeframe", ("Period", "Quarter", "Time frame")),
        C("progress_from", "Progress from", choices=PROGRESS_FROM),
        C("weight", "Weight"),
        C("start", "Start", ("Baseline", "Start value")),
        C("target", "Target", ("Target value", "Goal")),
        C("current", "Current", ("Current value", "Actual")),
        C("status", "Status", ("Lead status",), choices=STATUSES),
        C("approved", "Approved", ("Approval",), choices=YES_NO),
        C("progress", "Progress", owned=True),
        C("expected", "Expected", owned=True),
        C("suggested_status", "Suggested status", owned=True),
        C("last_check_in", "Last check-in", owned=True),
        CHECK,
    ),
    required=True,
)

CHECK_INS = TabSpec(
    "Check-ins",
    (
        C("date", "Date", ("Week of", "Updated on"), required=True),
        C("goal", "Goal", ("Goal ID", "KPI or OKR", "OKR", "KR"), required=True),
        C("by", "By", ("Author", "Reporter", "Lead")),
        C("value", "Value", ("Current", "Current value")),
        C("status", "Status", choices=STATUSES),
        C("confidence", "Confidence"),
        C("why", "Why", ("Reason",)),
        C("plan", "Plan", ("Next steps",)),
        C("help", "Help", ("Help needed", "Asks")),
        C("note", "Note", ("Notes", "Comment", "Update")),
        C("goal_title", "Goal title", owned=True),
        C("group", "Group", owned=True),
        C("manager", "Manager", owned=True),
        C("week", "Week", owned=True),
        C("flag", "Flag", owned=True),
        CHECK,
    ),
    required=True,
    synonyms=("Checkins", "Check ins", "Updates"),
)

GROUPS = TabSpec(
    "Groups",
    (
        C("name", "Group", ("Team", "Name"), required=True),
        C("parent", "Parent", ("Parent group", "Reports to")),
        LEAD,
        C("okr_time", "OKR time", ("OKR share", "Time on OKRs")),
        C("kpis", "KPIs", owned=True),
        C("okrs", "OKRs", owned=True),
        C("health", "Health", owned=True),
        CHECK,
    ),
    synonyms=("Teams",),
)

PEOPLE = TabSpec(
    "People",
    (
        C("name", "Name", ("Person", "Full name"), required=True),
        C("email", "Email", ("E-mail", "Mail")),
        C("manager", "Manager", ("Reports to",)),
        C("group", "Group", ("Team",)),
        C("last_check_in", "Last check-in", owned=True),
        C("due", "Due", owned=True),
        CHECK,
    ),
)

ACTUALS = TabSpec(
    "Actuals",
    (C("kpi", "KPI", required=True), C("series", "Series"), CHECK),
)

SETTINGS = TabSpec(
    "Settings",
    (
        C("setting", "Setting", ("Name", "Option"), required=True),
        C("value", "Value", required=True),
    ),
)

DASHBOARD = TabSpec("Dashboard", (), owned=True)
FINDINGS = TabSpec("Findings", (), owned=True)
SYNC_LOG = TabSpec("Sync log", (), owned=True)

TABS: tuple[TabSpec, ...] = (
    STRATEGY,
    KPIS,
    OKRS,
    CHECK_INS,
    GROUPS,
    PEOPLE,
    ACTUALS,
    SETTINGS,
    DASHBOARD,
    FINDINGS,
    SYNC_LOG,
)

_PUNCTUATION = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Header and tab names compare ignoring case, spaces and punctuation."""
    return _PUNCTUATION.sub("", text.casefold())


@dataclass
class HeaderMatch:
    """Which column index holds each known field, and what was odd about it."""

    positions: dict[str, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int]] = field(default_factory=list)


def match_headers(tab: TabSpec, headers: list[str]) -> HeaderMatch:
    """Find each known column by header text or synonym; first one wins."""
    lookup = {
        normalise(name): column.field
        for column in tab.columns
        for name in column.names()
    }
    result = HeaderMatch()
    for index, header in enumerate(headers):
        key = normalise(header)
        if not key or key not in lookup:
            continue
        name = lookup[key]
        if name in result.positions:
            result.duplicates.append((name, index))
        else:
            result.positions[name] = index
    return result


def find_tab(tab: TabSpec, names: list[str]) -> str | None:
    """The workbook tab that holds `tab`, ignoring case: its own name first,
    then a synonym (so a people's "Teams" tab is not taken for "Groups" when
    the workbook has both)."""
    for wanted in (tab.name, *tab.synonyms):
        key = normalise(wanted)
        for name in names:
            if normalise(name) == key:
                return name
    return None
