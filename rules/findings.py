"""Findings: facts about one place in the workbook, with stable codes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Kind:
    """One kind of finding: its severity and the template of its message."""

    severity: Severity
    template: str


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# Codes are part of the product's interface: never rename one once released.
KINDS: dict[str, Kind] = {
    # Cells and columns
    "missing-column": Kind(
        ERROR, "The {tab} tab has no {column} column; add it to the header row."
    ),
    "duplicate-column": Kind(
        WARNING,
        "Two columns are headed {column}; goalsheet reads "
        "the first one. Rename or delete the other.",
    ),
    "bad-number": Kind(
        ERROR,
        "{column} should be a number, found {value!r}. Type a "
        "number such as 42, 3.5 or 80%.",
    ),
    "ambiguous-number": Kind(ERROR, "{column}: {detail}"),
    "unknown-locale": Kind(
        WARNING,
        "Number locale {value!r} is not one goalsheet knows, so numbers are read "
        "without one. Use one such as en, en-IN, de, de-CH, fr, nl, es, it or "
        "pt-BR, or leave it empty.",
    ),
    "bad-date": Kind(
        ERROR,
        "{column} should be a date, found {value!r}. Type a date such as 2026-05-15.",
    ),
    "bad-timeframe": Kind(
        ERROR,
        "Timeframe {value!r} is not one goalsheet knows. Use "
        "2026, 2026-Q1, Q1 2026, 2026-01 or 2026-01-01..2026-06-30.",
    ),
    "unknown-choice": Kind(
        ERROR, "{column} {value!r} is not one of: {choices}. Pick one from the list."
    ),
    "error-value": Kind(
        ERROR, "{column} holds the error {value}; fix the formula or type a value."
    ),
    "missing-id": Kind(
        WARNING,
        "This row has no ID, so nothing can refer to it. Type "
        "an ID such as {suggestion}.",
    ),
    "duplicate-id": Kind(
        ERROR,
        "ID {value!r} is also used on {other}; give each goal its own ID.",
    ),
    "unknown-goal": Kind(
        ERROR,
        "{column} {value!r} names no goal on the KPIs or OKRs "
        "tab. Use the ID of an existing goal.",
    ),
    "unknown-person": Kind(
        WARNING,
        "{column} {value!r} is not on the People tab. Add "
        "them there or fix the spelling.",
    ),
    "unknown-group": Kind(
        ERROR,
        "Group {value!r} is not on the Groups tab. Add it there or fix the spelling.",
    ),
    "unknown-pillar": Kind(
        ERROR,
        "Pillar {value!r} is not a pillar on the Strategy tab. Use one of: {choices}.",
    ),
    "unknown-setting": Kind(
        WARNING,
        "Setting {value!r} is not one goalsheet knows; it "
        "is ignored. Known settings: {choices}.",
    ),
    # Strategy
    "ultimate-goal-incomplete": Kind(
        ERROR,
        "The ultimate goal has no {missing}. Add a "
        "row of that Kind with its statement.",
    ),
    "pillar-count": Kind(
        WARNING,
        "The strategy has {count} pillar(s); keep 3 to 5 so people can recite them.",
    ),
    "statement-too-long": Kind(
        WARNING,
        "This statement has {count} words; keep it under "
        "{limit} so people can recite it.",
    ),
    # KPIs
    "kpi-question-unanswered": Kind(
        WARNING, "KPI {goal} does not say its {missing}. Fill in {columns}."
    ),
    "kpi-without-target": Kind(
        WARNING,
        "KPI {goal} has no target, so it always counts as healthy. Type a target.",
    ),
    "upper-below-target": Kind(
        ERROR,
        "KPI {goal} has Upper {upper} below Target "
        "{target}; the range must run low to high.",
    ),
    "unknown-calculation": Kind(
        WARNING,
        "Calculation {value!r} of KPI {goal} is not one goalsheet can compute, "
        "so its value comes from Current or the latest check-in. Use one of: "
        "{forms}.",
    ),
    "calculation-changed": Kind(
        WARNING,
        "KPI {goal} was calculated as {previous!r} at the last sync and now as "
        "{value!r}, so its history is no longer comparable. Change it back, or "
        "keep it knowing that older values were computed another way.",
    ),
    "too-many-kpis": Kind(
        WARNING,
        "{group} has {count} KPIs; keep at most {limit} so each one gets attention.",
    ),
    # Actuals
    "unknown-kpi": Kind(
        ERROR,
        "{column} {value!r} is not on the KPIs tab, so goalsheet ignores "
        "{ignored}. Use the ID or the name of a KPI.",
    ),
    "duplicate-month": Kind(
        ERROR,
        "This repeats {subject} for {months}, already in {other}; goalsheet "
        "keeps the first. Delete the repeat or fix its month.",
    ),
    "bad-month": Kind(
        WARNING,
        "{problem}, so goalsheet ignores {ignored}. Write a month "
        "as 2026-01, Jan 2026, January 2026, Jan-26, 01/2026 or a date.",
    ),
    "mixed-currencies": Kind(
        ERROR,
        "KPI {goal} has numbers in {currencies}; goalsheet does not convert "
        "currencies, so they are used as typed. Paste every month in {currency}.",
    ),
    # Leads
    "no-lead": Kind(ERROR, "{goal} has no lead. Name the one person who owns it."),
    "several-leads": Kind(
        ERROR, "{goal} names {count} leads ({value}); a goal has exactly one lead."
    ),
    # OKRs
    "key-result-without-objective": Kind(
        ERROR, "Key result {goal} names no objective. Type the ID of its objective."
    ),
    "objective-without-children": Kind(
        WARNING,
        "Objective {goal} has no key results and "
        "nothing aligned to it; add 3 to 5 key "
        "results.",
    ),
    "too-many-key-results": Kind(
        WARNING, "Objective {goal} has {count} key results; keep at most {limit}."
    ),
    "key-result-is-task": Kind(
        WARNING,
        "Key result {goal} has no measurable target, so "
        "it reads as a task. Give it a number to reach.",
    ),
    "start-equals-target": Kind(
        ERROR,
        "Key result {goal} starts at its target "
        "({value}); progress cannot be measured.",
    ),
    "company-okr-not-annual": Kind(
        WARNING,
        "Company objective {goal} has timeframe "
        "{value!r}; company OKRs are set for a year.",
    ),
    "group-okr-not-quarterly": Kind(
        WARNING,
        "Group objective {goal} has timeframe "
        "{value!r}; group OKRs are set per quarter.",
    ),
    "objective-not-aligned": Kind(
        WARNING,
        "Group objective {goal} is aligned to "
        "nothing; align it to a company objective or to "
        "the KPI it fixes.",
    ),
    "alignment-cycle": Kind(
        ERROR, "Objective {goal} is part of an alignment cycle ({cycle}); break it."
    ),
    "timeframe-outside-parent": Kind(
        WARNING, "{goal} runs {value}, outside {parent}'s timeframe {parent_timeframe}."
    ),
    "too-many-objectives": Kind(
        WARNING, "{group} has {count} objectives for {timeframe}; keep at most {limit}."
    ),
    "okrs-without-okr-time": Kind(
        WARNING,
        "{group} has OKRs but no OKR time on the "
        "Groups tab; give it time for OKRs or drop them.",
    ),
    "past-timeframe-open": Kind(
        WARNING,
        "{goal}'s timeframe ended on {end} but it is "
        "still open; set its Status to accomplished or "
        "move it to a new timeframe.",
    ),
    "status-disagrees": Kind(
        WARNING, "{goal} is marked {status} but its numbers say {suggested} ({detail})."
    ),
    "okr-not-approved": Kind(
        INFO,
        "Group objective {goal} is not approved yet; ask an executive to review it.",
    ),
    # Check-ins
    "check-in-overdue": Kind(
        WARNING,
        "{goal} has had no check-in since {since}; its lead checks in every "
        "{cadence} days.",
    ),
    "check-in-stale": Kind(
        ERROR,
        "{goal} has had no check-in since {since}, more than three cadences; "
        "its lead should update it or close it.",
    ),
    "update-missing-why": Kind(
        WARNING,
        "This update on {goal} ({reason}) does not say "
        "{missing}. Explain why, the plan and how others "
        "can help.",
    ),
    "unknown-mention": Kind(
        WARNING,
        "{value} is not on the People tab; @mention people by their name or e-mail.",
    ),
}


class Finding(BaseModel):
    """One fact about one place in the workbook, as a person would look it up."""

    model_config = ConfigDict(frozen=True)

    tab: str
    row: int | None
    column: str
    letter: str
    value: str
    code: str
    severity: Severity
    message: str

    @property
    def cell(self) -> str:
        """The cell reference a person would type, such as "C5" or "5" or "C"."""
        row = "" if self.row is None else str(self.row)
        return f"{self.letter}{row}"

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.tab, self.row or 0, self.letter.rjust(3), self.code)


def shown_number(value: float) -> str:
    """A number as a finding's message shows it: 30, not 30.0; 0.95 as is."""
    return str(int(value)) if value.is_integer() else f"{value:g}"


def finding(
    code: str,
    *,
    tab: str,
    row: int | None,
    column: str = "",
    letter: str = "",
    value: Any = "",
    **params: Any,
) -> Finding:
    """Build a finding of a known code, filling its message template."""
    kind = KINDS[code]
    text_value = "" if value is None else str(value)
    message = kind.template.format(
        tab=tab, column=column or "this column", value=text_value, **params
    )
    return Finding(
        tab=tab,
        row=row,
        column=column,
        letter=letter,
        value=text_value,
        code=code,
        severity=kind.severity,
        message=message,
    )
