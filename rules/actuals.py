"""KPI values from the Actuals tab: calculations, monthly series and their findings.

A KPI's Calculation says how its monthly actuals become one value:

- latest: the actual of the latest month;
- sum this month, sum this quarter, sum this year: the actuals of the period
  so far, added up;
- average of last N months, sum of last N months: the N months up to the
  latest one, averaged or added up (months without an actual are left out).

Finance pastes a month once it is closed, so a KPI's value stands as of its
reporting month: the latest month, up to today's, that has an actual. In mid
May with April pasted, "sum this quarter" is April's actual alone, and the
target it is held against is the one in force in April.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from rules.findings import Finding, finding, shown_number
from rules.numbers import CURRENCY_CODES, CURRENCY_SYMBOLS
from rules.progress import match_key
from rules.records import ActualValue, Kpi, Series, Workbook

# The sync ends a KPI's owned Check cell with this mark and the calculation it
# used, so that the next sync can tell when the calculation changed.
CALCULATION_MARK = "calculation:"

CALCULATION_FORMS = (
    "latest, sum this month, sum this quarter, sum this year, "
    "average of last N months or sum of last N months (such as average of "
    "last 3 months)"
)


class Aggregate(StrEnum):
    LATEST = "latest"
    SUM = "sum"
    AVERAGE = "average"


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


PERIOD_MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}


@dataclass(frozen=True, slots=True)
class Calculation:
    """How a KPI's monthly actuals become its value."""

    aggregate: Aggregate
    period: Period | None = None  # the period a "sum this ..." adds up
    months: int = 1  # how many months an "... of last N months" takes

    def __str__(self) -> str:
        if self.aggregate is Aggregate.LATEST:
            return "latest"
        if self.period is not None:
            return f"sum this {self.period}"
        unit = "month" if self.months == 1 else "months"
        return f"{self.aggregate} of last {self.months} {unit}"

    @property
    def step(self) -> int:
        """How many months back the previous period's value stands."""
        return PERIOD_MONTHS[self.period] if self.period else 1


_LATEST = frozenset({"latest", "latest value", "latest month", "last value"})
_PERIODS = {"month": Period.MONTH, "quarter": Period.QUARTER, "year": Period.YEAR}
_TO_DATE = {"mtd": Period.MONTH, "qtd": Period.QUARTER, "ytd": Period.YEAR}
_AGGREGATES = {
    "sum": Aggregate.SUM,
    "total": Aggregate.SUM,
    "average": Aggregate.AVERAGE,
    "avg": Aggregate.AVERAGE,
    "mean": Aggregate.AVERAGE,
}
_WORD = "(sum|total|average|avg|mean)"
_THIS_PERIOD = re.compile(
    r"(?:(?:sum|total)(?: of)? )?(?:this|the current) (month|quarter|year)"
    r"(?: so far)?|(?:(?:sum|total) )?(month|quarter|year) to date"
)
_SHORT_TO_DATE = re.compile(r"(?:(?:sum|total) )?(mtd|qtd|ytd)")
_LAST_MONTHS = re.compile(
    rf"{_WORD}(?: of)?(?: the)? (?:last|past|trailing|rolling) (\d+) months?"
)
_MONTHS_THEN_WORD = re.compile(
    rf"(?:(?:last|past|trailing|rolling) )?(\d+) months? {_WORD}"
)
_MAX_MONTHS = 120


def parse_calculation(text: str) -> Calculation | None:
    """The calculation a KPI's Calculation cell names, or None if it names none."""
    words = _normalise(text)
    if words in _LATEST:
        return Calculation(Aggregate.LATEST)
    if words in ("ttm", "ltm"):
        return Calculation(Aggregate.SUM, months=12)

    if match := _THIS_PERIOD.fullmatch(words):
        return Calculation(Aggregate.SUM, _PERIODS[match[1] or match[2]])
    if match := _SHORT_TO_DATE.fullmatch(words):
        return Calculation(Aggregate.SUM, _TO_DATE[match[1]])

    if match := _LAST_MONTHS.fullmatch(words):
        word, count = match[1], match[2]
    elif match := _MONTHS_THEN_WORD.fullmatch(words):
        count, word = match[1], match[2]
    else:
        return None
    months = int(count)
    if not 1 <= months <= _MAX_MONTHS:
        return None
    return Calculation(_AGGREGATES[word], months=months)


def _normalise(text: str) -> str:
    """Lowercase words, with hyphens as spaces and stray full stops dropped."""
    spaced = re.sub(r"[-_]", " ", text.casefold())
    return " ".join(re.sub(r"[.,]", "", spaced).split())


def canonical_calculation(text: str) -> str:
    """A calculation as goalsheet writes it; text it cannot read, tidied."""
    calculation = parse_calculation(text)
    if calculation is not None:
        return str(calculation)
    return " ".join(re.sub(r"[|\]]", " ", text).split())


def calculation_note(calculation: str) -> str:
    """What the sync appends to a KPI's Check cell: "calculation: sum this quarter".

    `calculation` is the KPI's result's calculation; no calculation, no note.
    """
    tidy = canonical_calculation(calculation)
    return f"{CALCULATION_MARK} {tidy}" if tidy else ""


def noted_calculation(check: str) -> str:
    """The calculation a KPI's Check cell remembers from the last sync, or ""."""
    marks = list(re.finditer(re.escape(CALCULATION_MARK), check, re.IGNORECASE))
    if not marks:
        return ""
    rest = check[marks[-1].end() :]
    return re.split(r"[|\]]", rest, maxsplit=1)[0].strip()


# Months


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(month: dt.date) -> dt.date:
    return add_months(month_of(month), 1) - dt.timedelta(days=1)


def period_start(month: dt.date, period: Period) -> dt.date:
    """The first month of the month's, quarter's or year's period."""
    size = PERIOD_MONTHS[period]
    return month.replace(month=(month.month - 1) // size * size + 1, day=1)


def period_share(day: dt.date, period: Period) -> float:
    """The share of its month, quarter or year gone by the end of `day`."""
    start = period_start(month_of(day), period)
    end = add_months(start, PERIOD_MONTHS[period])
    return ((day - start).days + 1) / (end - start).days


def month_text(month: dt.date) -> str:
    return f"{month:%b %Y}"


# Series


@dataclass(frozen=True, slots=True)
class KpiSeries:
    """One KPI's numbers from the Actuals tab, by month."""

    actuals: dict[dt.date, float] = field(default_factory=dict)
    targets: dict[dt.date, float] = field(default_factory=dict)


_NO_SERIES = KpiSeries()


@dataclass(frozen=True, slots=True)
class Actuals:
    """Every KPI's monthly series, by the KPI's sheet row, and what was wrong."""

    series: dict[int, KpiSeries]
    findings: list[Finding]

    def of(self, kpi: Kpi) -> KpiSeries:
        return self.series.get(kpi.row, _NO_SERIES)


def collect_actuals(book: Workbook) -> Actuals:
    """Each KPI's monthly actuals and targets; a month's first number wins."""
    lookup = _kpi_lookup(book.kpis)
    kept: dict[tuple[int, Series, dt.date], ActualValue] = {}
    owners: dict[int, Kpi] = {}
    unknown: dict[str, list[ActualValue]] = {}
    repeats: dict[tuple[int, Series], list[tuple[ActualValue, ActualValue]]] = {}
    for value in book.actuals:
        kpi = lookup.get(match_key(value.kpi))
        if kpi is None:
            unknown.setdefault(match_key(value.kpi), []).append(value)
            continue
        owners[kpi.row] = kpi
        first = kept.setdefault((kpi.row, value.series, value.month), value)
        if first is not value:
            repeats.setdefault((value.row, value.series), []).append((value, first))

    series: dict[int, KpiSeries] = {}
    for (row, kind, month), value in kept.items():
        months = series.setdefault(row, KpiSeries())
        by_month = months.actuals if kind is Series.ACTUAL else months.targets
        by_month[month] = value.value

    findings = [
        *(_unknown_kpi(book, values) for values in unknown.values()),
        *(_repeated(lookup, pairs) for pairs in repeats.values()),
        *_mixed_currencies(owners, kept),
    ]
    return Actuals(series=series, findings=findings)


def _kpi_lookup(kpis: list[Kpi]) -> dict[str, Kpi]:
    """KPIs by ID and by name, matched as IDs are; an ID wins over a name."""
    lookup: dict[str, Kpi] = {}
    for kpi in kpis:
        if kpi.id:
            lookup.setdefault(match_key(kpi.id), kpi)
    for kpi in kpis:
        if kpi.name:
            lookup.setdefault(match_key(kpi.name), kpi)
    return lookup


def _unknown_kpi(book: Workbook, values: list[ActualValue]) -> Finding:
    rows = len({value.row for value in values})
    ignored = "this row" if rows == 1 else f"the {rows} rows that name it"
    first = values[0]
    return book.finding_at(
        "unknown-kpi", first, "kpi", value=first.kpi.strip(), ignored=ignored
    )


def _repeated(
    lookup: dict[str, Kpi], pairs: list[tuple[ActualValue, ActualValue]]
) -> Finding:
    repeat, first = pairs[0]
    kpi = lookup[match_key(repeat.kpi)]
    return finding(
        "duplicate-month",
        tab=repeat.tab,
        row=repeat.row,
        column=repeat.column,
        letter=repeat.letter,
        value=shown_number(repeat.value),
        subject=f"{kpi.label}'s {repeat.series}",
        months=months_list([value.month for value, _ in pairs]),
        other=f"row {first.row}",
    )


def months_list(months: list[dt.date], shown: int = 3) -> str:
    """Months as a person reads them: "Jan 2026, Feb 2026 and 13 more"."""
    names = [month_text(month) for month in months]
    if len(names) <= shown:
        return joined(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def joined(names: list[str]) -> str:
    """Names in a sentence: "a", "a and b", "a, b and c"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _mixed_currencies(
    owners: dict[int, Kpi], kept: dict[tuple[int, Series, dt.date], ActualValue]
) -> Iterator[Finding]:
    """One finding per KPI whose numbers are in more than one currency.

    A KPI whose Unit is a currency expects that one; otherwise the first
    currency pasted for it sets what the others should be.
    """
    by_kpi: dict[int, list[tuple[ActualValue, str]]] = {}
    for (row, _, _), value in kept.items():
        if value.currency:
            by_kpi.setdefault(row, []).append((value, value.currency))

    for row, values in by_kpi.items():
        kpi = owners[row]
        expected = unit_currency(kpi.unit) or values[0][1]
        strays = [value for value, currency in values if currency != expected]
        if not strays:
            continue
        currencies = sorted({currency for _, currency in values} | {expected})
        stray = strays[0]
        yield finding(
            "mixed-currencies",
            tab=stray.tab,
            row=stray.row,
            column=stray.column,
            letter=stray.letter,
            value=f"{shown_number(stray.value)} {stray.currency}",
            goal=kpi.label,
            currencies=joined(currencies),
            currency=expected,
        )


def unit_currency(unit: str) -> str | None:
    """The currency a KPI's Unit names ("USD", "$"), or None."""
    text = unit.strip()
    code = CURRENCY_SYMBOLS.get(text, text.upper())
    return code if code in CURRENCY_CODES else None


# Values


@dataclass(frozen=True, slots=True)
class Reading:
    """A KPI's value from its actuals, the month it stands for, one period before."""

    value: float | None = None
    month: dt.date | None = None
    previous: float | None = None


def reporting_month(actuals: Mapping[dt.date, float], today: dt.date) -> dt.date | None:
    """The latest month, up to today's, that has an actual."""
    months = [month for month in actuals if month <= month_of(today)]
    return max(months, default=None)


def calculate(
    calculation: Calculation, actuals: Mapping[dt.date, float], month: dt.date
) -> float | None:
    """The calculation's value as of a month, from the actuals up to that month."""
    if calculation.aggregate is Aggregate.LATEST:
        latest = reporting_month(actuals, month)
        return None if latest is None else actuals[latest]

    if calculation.period is not None:
        first = period_start(month, calculation.period)
    else:
        first = add_months(month, 1 - calculation.months)
    numbers = [value for when, value in actuals.items() if first <= when <= month]
    if not numbers:
        return None
    total = math.fsum(numbers)
    return total / len(numbers) if calculation.aggregate is Aggregate.AVERAGE else total


def read_series(
    series: KpiSeries, calculation: Calculation | None, today: dt.date
) -> Reading:
    """The KPI's value as of its reporting month, and a period before for its trend."""
    month = reporting_month(series.actuals, today)
    if calculation is None or month is None:
        return Reading()
    before = add_months(month, -calculation.step)
    return Reading(
        value=calculate(calculation, series.actuals, month),
        month=month,
        previous=calculate(calculation, series.actuals, before),
    )


# Checks


def check_calculations(book: Workbook) -> Iterator[Finding]:
    """Calculations goalsheet cannot compute, and ones changed since the last sync."""
    for kpi in book.kpis:
        text = " ".join(kpi.calculation.split())
        if not text:
            continue
        if parse_calculation(text) is None:
            yield book.finding_at(
                "unknown-calculation",
                kpi,
                "calculation",
                value=text,
                goal=kpi.label,
                forms=CALCULATION_FORMS,
            )
        previous = kpi.previous_calculation
        if previous and _key(previous) != _key(text):
            yield book.finding_at(
                "calculation-changed",
                kpi,
                "calculation",
                value=text,
                goal=kpi.label,
                previous=previous,
            )


def _key(text: str) -> str:
    return canonical_calculation(text).casefold()
