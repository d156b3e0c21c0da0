"""KPI values from actuals: calculations, targets over time, trend, and the series."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from rules.actuals import (
    Aggregate,
    Calculation,
    KpiSeries,
    Period,
    calculate,
    calculation_note,
    canonical_calculation,
    collect_actuals,
    noted_calculation,
    parse_calculation,
    read_series,
    reporting_month,
)
from rules.evaluate import evaluate, evaluate_kpis
from rules.health import Direction, kpi_trend, signed_change, target_now
from rules.records import ActualValue, Health, Kpi, Series, TargetType, Workbook
from sheets.parse import read_workbook
from sheets.sample import write_sample
from sheets.xlsx import read_xlsx
from tests.workbooks import ACTUALS, TODAY, Edit, Tab, changed, grids

D = dt.date
LATEST = Calculation(Aggregate.LATEST)
SUM_MONTH = Calculation(Aggregate.SUM, Period.MONTH)
SUM_QUARTER = Calculation(Aggregate.SUM, Period.QUARTER)
SUM_YEAR = Calculation(Aggregate.SUM, Period.YEAR)


def average(months: int) -> Calculation:
    return Calculation(Aggregate.AVERAGE, months=months)


def total(months: int) -> Calculation:
    return Calculation(Aggregate.SUM, months=months)


def kpi(**fields: Any) -> Kpi:
    return Kpi(tab="KPIs", row=2, id="K1", name="Revenue", **fields)


def monthly(first: dt.date, *numbers: float) -> dict[dt.date, float]:
    """Numbers for consecutive months from `first`."""
    index = first.year * 12 + first.month - 1
    return {
        D((index + n) // 12, (index + n) % 12 + 1, 1): number
        for n, number in enumerate(numbers)
    }


# Calculation forms


@pytest.mark.parametrize(
    ("text", "calculation"),
    [
        pytest.param("latest", LATEST, id="latest"),
        pytest.param(" Latest  value ", LATEST, id="latest-value"),
        pytest.param("sum this month", SUM_MONTH, id="sum-this-month"),
        pytest.param("Month to date", SUM_MONTH, id="month-to-date"),
        pytest.param("MTD", SUM_MONTH, id="mtd"),
        pytest.param("sum this quarter", SUM_QUARTER, id="sum-this-quarter"),
        pytest.param("total of the current quarter", SUM_QUARTER, id="total-current"),
        pytest.param("sum QTD", SUM_QUARTER, id="sum-qtd"),
        pytest.param("sum this year", SUM_YEAR, id="sum-this-year"),
        pytest.param("year-to-date", SUM_YEAR, id="year-to-date"),
        pytest.param("YTD", SUM_YEAR, id="ytd"),
        pytest.param("average of last 3 months", average(3), id="average-of-last"),
        pytest.param("avg last 3 months", average(3), id="avg-last"),
        pytest.param("Avg. of the past 6 months", average(6), id="avg-of-the-past"),
        pytest.param("mean of trailing 2 months", average(2), id="mean-trailing"),
        pytest.param("3-month average", average(3), id="n-month-average"),
        pytest.param("rolling 3 months avg", average(3), id="rolling-avg"),
        pytest.param("average of last 1 month", average(1), id="one-month"),
        pytest.param("sum of last 12 months", total(12), id="sum-of-last"),
        pytest.param("total last 3 months", total(3), id="total-last"),
        pytest.param("TTM", total(12), id="ttm"),
    ],
)
def test_calculation_forms_accepted(text: str, calculation: Calculation) -> None:
    assert parse_calculation(text) == calculation


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="blank"),
        pytest.param("median of last 3 months", id="median"),
        pytest.param("average of last 0 months", id="zero-months"),
        pytest.param("average of last 121 months", id="too-many-months"),
        pytest.param("average of last three months", id="number-in-words"),
        pytest.param("sum this week", id="week"),
        pytest.param("MRR at month end from Stripe", id="prose"),
        pytest.param("last month", id="last-month"),
    ],
)
def test_calculation_forms_rejected(text: str) -> None:
    assert parse_calculation(text) is None


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        pytest.param("avg last 3 months", "average of last 3 months", id="average"),
        pytest.param("YTD", "sum this year", id="ytd"),
        pytest.param("average of last 1 month", "average of last 1 month", id="one"),
        pytest.param("  Median | of ]  Q ", "Median of Q", id="unknown-tidied"),
        pytest.param("", "", id="blank"),
    ],
)
def test_calculation_canonical_text(text: str, canonical: str) -> None:
    assert canonical_calculation(text) == canonical


def test_calculation_note_round_trips_through_a_check_cell() -> None:
    note = calculation_note("avg last 3 months")
    check = f"⚠ Some finding | Value 0.9 from Actuals | {note}"

    assert note == "calculation: average of last 3 months"
    assert noted_calculation(check) == "average of last 3 months"
    assert calculation_note("") == ""


def test_noted_calculation_takes_the_last_mark() -> None:
    check = "calculation: latest | Calculation: sum this year ] trailing"

    assert noted_calculation(check) == "sum this year"
    assert noted_calculation("✔ Value 3") == ""


# Calculations over month, quarter and year boundaries

# Actuals from Nov 2025 to Jun 2026: 1, 2, 4, 8, ... so every sum is unique.
POWERS = monthly(D(2025, 11, 1), 1, 2, 4, 8, 16, 32, 64, 128)


@pytest.mark.parametrize(
    ("calculation", "month", "value"),
    [
        pytest.param(LATEST, D(2026, 3, 1), 16, id="latest"),
        pytest.param(LATEST, D(2027, 1, 1), 128, id="latest-months-after"),
        pytest.param(LATEST, D(2025, 10, 1), None, id="latest-before-any"),
        pytest.param(SUM_MONTH, D(2026, 1, 1), 4, id="month-first-of-year"),
        pytest.param(SUM_MONTH, D(2026, 8, 1), None, id="month-without-actual"),
        pytest.param(SUM_QUARTER, D(2026, 1, 1), 4, id="quarter-start"),
        pytest.param(SUM_QUARTER, D(2026, 2, 1), 4 + 8, id="quarter-middle"),
        pytest.param(SUM_QUARTER, D(2026, 3, 1), 4 + 8 + 16, id="quarter-end"),
        pytest.param(SUM_QUARTER, D(2026, 4, 1), 32, id="next-quarter-start"),
        pytest.param(SUM_QUARTER, D(2025, 12, 1), 1 + 2, id="quarter-partly-pasted"),
        pytest.param(SUM_YEAR, D(2025, 12, 1), 1 + 2, id="year-end"),
        pytest.param(SUM_YEAR, D(2026, 1, 1), 4, id="year-start"),
        pytest.param(SUM_YEAR, D(2026, 6, 1), 252, id="year-middle"),
        pytest.param(average(3), D(2026, 1, 1), (1 + 2 + 4) / 3, id="average-years"),
        pytest.param(
            average(3), D(2026, 4, 1), (8 + 16 + 32) / 3, id="average-quarters"
        ),
        pytest.param(average(3), D(2025, 12, 1), 1.5, id="average-of-fewer"),
        pytest.param(total(2), D(2026, 1, 1), 2 + 4, id="sum-of-last-across-years"),
        pytest.param(total(12), D(2026, 6, 1), 255, id="sum-of-last-12"),
        pytest.param(total(3), D(2025, 8, 1), None, id="sum-of-last-before-any"),
    ],
)
def test_calculate_as_of_a_month(
    calculation: Calculation, month: dt.date, value: float | None
) -> None:
    assert calculate(calculation, POWERS, month) == value


@pytest.mark.parametrize(
    ("today", "month"),
    [
        pytest.param(D(2026, 6, 30), D(2026, 6, 1), id="this-month-pasted"),
        pytest.param(D(2026, 7, 15), D(2026, 6, 1), id="this-month-not-yet"),
        pytest.param(D(2026, 3, 1), D(2026, 3, 1), id="future-months-ignored"),
        pytest.param(D(2025, 10, 31), None, id="nothing-yet"),
    ],
)
def test_reporting_month_is_the_latest_up_to_today(
    today: dt.date, month: dt.date | None
) -> None:
    assert reporting_month(POWERS, today) == month


@pytest.mark.parametrize(
    ("calculation", "value", "previous"),
    [
        pytest.param(LATEST, 32, 16, id="latest-month-before"),
        pytest.param(SUM_MONTH, 32, 16, id="month-month-before"),
        pytest.param(SUM_QUARTER, 32, 4, id="quarter-same-point-last-quarter"),
        pytest.param(SUM_YEAR, 4 + 8 + 16 + 32, None, id="year-nothing-a-year-ago"),
        pytest.param(average(2), 24, 12, id="average-one-month-before"),
    ],
)
def test_read_series_as_of_the_reporting_month(
    calculation: Calculation, value: float, previous: float | None
) -> None:
    series = KpiSeries(actuals={m: v for m, v in POWERS.items() if m <= D(2026, 4, 1)})

    reading = read_series(series, calculation, D(2026, 5, 15))

    assert (reading.value, reading.month, reading.previous) == (
        value,
        D(2026, 4, 1),
        previous,
    )


def test_read_series_without_calculation_or_actuals_reads_nothing() -> None:
    assert read_series(KpiSeries(actuals=POWERS), None, TODAY).value is None
    assert read_series(KpiSeries(), LATEST, TODAY).value is None


# Targets over time

PLAN = {D(2026, 1, 1): 100.0, D(2026, 4, 1): 120.0, D(2026, 9, 1): 150.0}


@pytest.mark.parametrize(
    ("day", "target"),
    [
        pytest.param(D(2026, 1, 1), 100.0, id="its-own-month"),
        pytest.param(D(2026, 3, 31), 100.0, id="carried-forward"),
        pytest.param(D(2026, 4, 15), 120.0, id="next-target"),
        pytest.param(D(2026, 8, 31), 120.0, id="carried-until-the-next"),
        pytest.param(D(2027, 2, 1), 150.0, id="last-carried-on"),
        pytest.param(D(2025, 12, 31), 90.0, id="before-any-kpi-target"),
    ],
)
def test_target_now_monthly_targets_carried_forward(
    day: dt.date, target: float
) -> None:
    assert target_now(kpi(target=90.0), PLAN, day) == target


def test_target_now_without_monthly_targets_is_the_kpi_target() -> None:
    assert target_now(kpi(target=90.0), {}, TODAY) == 90.0
    assert target_now(kpi(), {}, TODAY) is None


@pytest.mark.parametrize(
    ("reset", "day", "share"),
    [
        pytest.param(Period.QUARTER, D(2026, 4, 1), 1 / 91, id="quarter-start"),
        pytest.param(Period.QUARTER, D(2026, 4, 30), 30 / 91, id="quarter-first-month"),
        pytest.param(Period.QUARTER, D(2026, 5, 15), 45 / 91, id="quarter-middle"),
        pytest.param(Period.QUARTER, D(2026, 6, 30), 1.0, id="quarter-end"),
        pytest.param(Period.MONTH, D(2026, 2, 14), 0.5, id="month-middle"),
        pytest.param(Period.MONTH, D(2026, 2, 28), 1.0, id="month-end"),
        pytest.param(Period.YEAR, D(2026, 1, 1), 1 / 365, id="year-start"),
        pytest.param(Period.YEAR, D(2026, 7, 2), 183 / 365, id="year-middle"),
        pytest.param(Period.YEAR, D(2026, 12, 31), 1.0, id="year-end"),
    ],
)
@pytest.mark.parametrize("kind", [TargetType.INCREASE_TO, TargetType.DECREASE_TO])
def test_target_now_reset_target_grows_with_time_elapsed(
    kind: TargetType, reset: Period, day: dt.date, share: float
) -> None:
    reached = kpi(target_type=kind, target=500.0)

    assert target_now(reached, {}, day, reset) == pytest.approx(500.0 * share)


@pytest.mark.parametrize(
    ("kind", "reset", "monthly_targets"),
    [
        pytest.param(TargetType.AT_LEAST, Period.QUARTER, {}, id="at-least-holds"),
        pytest.param(TargetType.INCREASE_TO, None, {}, id="no-reset"),
        pytest.param(
            TargetType.INCREASE_TO,
            Period.QUARTER,
            {D(2026, 4, 1): 500.0},
            id="pasted-target-as-typed",
        ),
    ],
)
def test_target_now_not_prorated(
    kind: TargetType, reset: Period | None, monthly_targets: dict[dt.date, float]
) -> None:
    held = kpi(target_type=kind, target=500.0)

    assert target_now(held, monthly_targets, D(2026, 5, 15), reset) == 500.0


# Trend


@pytest.mark.parametrize(
    ("kind", "value", "previous", "direction", "text"),
    [
        pytest.param(TargetType.AT_LEAST, 12.2, 8.0, "better", "▲ +4.2 (better)"),
        pytest.param(TargetType.INCREASE_TO, 140, 170, "worse", "▼ -30 (worse)"),
        pytest.param(TargetType.AT_MOST, 3.5, 3.6, "better", "▼ -0.1 (better)"),
        pytest.param(TargetType.DECREASE_TO, 38, 36, "worse", "▲ +2 (worse)"),
        pytest.param(None, 1_176_000, 1_152_000, "better", "▲ +24,000 (better)"),
        pytest.param(TargetType.AT_LEAST, 5, 5, "steady", "► 0 (steady)"),
        pytest.param(TargetType.BETWEEN, 0.2, 0.1, "better", "▲ +0.1 (better)"),
        pytest.param(TargetType.BETWEEN, 0.5, 0.45, "worse", "▲ +0.05 (worse)"),
        pytest.param(TargetType.BETWEEN, 0.3, 0.35, "steady", "▼ -0.05 (steady)"),
    ],
)
def test_trend_direction_follows_the_target_type(
    kind: TargetType | None, value: float, previous: float, direction: str, text: str
) -> None:
    watched = kpi(target_type=kind, target=0.25, upper=0.40)

    trend = kpi_trend(watched, value, previous, 0.25)

    assert trend is not None
    assert (trend.direction, trend.text) == (Direction(direction), text)


def test_trend_of_a_percent_kpi_in_points() -> None:
    csat = kpi(target_type=TargetType.AT_LEAST, target=0.95, unit="%")

    trend = kpi_trend(csat, 0.9267, 0.9567, 0.95)

    assert trend is not None
    assert trend.text == "▼ -3.0 pts (worse)"
    assert trend.change == pytest.approx(-0.03)


def test_trend_needs_both_values() -> None:
    assert kpi_trend(kpi(), 5.0, None) is None
    assert kpi_trend(kpi(), None, 5.0) is None


@pytest.mark.parametrize(
    ("change", "text"),
    [(0.004, "+0.004"), (-0.25, "-0.25"), (1.05, "+1.1"), (-1234.5, "-1,234")],
)
def test_signed_change_rounds_by_size(change: float, text: str) -> None:
    assert signed_change(change) == text


# Collecting series by KPI


def actual(
    kpi_text: str,
    month: dt.date,
    value: float,
    series: Series = Series.ACTUAL,
    row: int = 2,
    letter: str = "C",
    currency: str | None = None,
) -> ActualValue:
    return ActualValue(
        tab="Actuals",
        row=row,
        column=f"{month:%b %Y}",
        letter=letter,
        kpi=kpi_text,
        month=month,
        series=series,
        value=value,
        currency=currency,
    )


def book_with(*values: ActualValue, **fields: Any) -> Workbook:
    kpis = [
        kpi(**fields),
        Kpi(tab="KPIs", row=3, id="K2", name="k1"),
    ]
    return Workbook(kpis=kpis, actuals=list(values))


def test_series_by_id_or_name_an_id_winning() -> None:
    jan, feb = D(2026, 1, 1), D(2026, 2, 1)
    book = book_with(
        actual(" revenue ", jan, 1.0),
        actual("K1", feb, 2.0, row=3),
        actual("K1", jan, 9.0, Series.TARGET, row=4),
    )

    found = collect_actuals(book)

    assert found.findings == []
    assert found.of(book.kpis[0]) == KpiSeries(
        actuals={jan: 1.0, feb: 2.0}, targets={jan: 9.0}
    )
    assert found.of(book.kpis[1]) == KpiSeries()


def test_series_unknown_kpi_one_finding_for_all_its_rows() -> None:
    jan = D(2026, 1, 1)
    book = book_with(actual("Churn", jan, 1.0), actual("churn", jan, 1.0, row=3))

    [found] = collect_actuals(book).findings

    assert (found.cell, found.code) == ("2", "unknown-kpi")
    assert "ignores the 2 rows that name it" in found.message


def test_series_duplicate_month_keeps_the_first() -> None:
    jan = D(2026, 1, 1)
    book = book_with(actual("K1", jan, 1.0), actual("Revenue", jan, 5.0, row=7))

    found = collect_actuals(book)

    assert found.of(book.kpis[0]).actuals == {jan: 1.0}
    assert [(f.cell, f.code) for f in found.findings] == [("C7", "duplicate-month")]
    assert found.findings[0].message == (
        "This repeats K1's actual for Jan 2026, already in row 2; goalsheet keeps "
        "the first. Delete the repeat or fix its month."
    )


@pytest.mark.parametrize(
    ("unit", "currencies", "expected"),
    [
        pytest.param("", ["USD", None, "EUR"], [("D4", "EUR")], id="first-sets"),
        pytest.param("€", ["USD", None, "EUR"], [("B2", "USD")], id="unit-sets"),
        pytest.param("USD", ["USD", None, "USD"], [], id="one-currency"),
        pytest.param("", [None, None, None], [], id="no-currency"),
    ],
)
def test_series_mixed_currencies(
    unit: str, currencies: list[str | None], expected: list[tuple[str, str]]
) -> None:
    values = [
        actual("K1", D(2026, n + 1, 1), 1.0, row=n + 2, letter="BCD"[n], currency=c)
        for n, c in enumerate(currencies)
    ]

    findings = collect_actuals(book_with(*values, unit=unit)).findings

    assert [(f.cell, f.value.split()[-1]) for f in findings] == expected
    assert all(f.code == "mixed-currencies" for f in findings)


# KPI results through the real pipeline


def results(*changes: Any) -> dict[str, Any]:
    book = read_workbook(grids(changed(Tab("Actuals", ACTUALS), *changes))).workbook
    evaluated = evaluate_kpis(book, TODAY)
    return {kpi.id: evaluated[kpi.row] for kpi in book.kpis}


def test_kpi_value_from_actuals_by_calculation() -> None:
    found = results()

    k1, k2, k3 = found["K1"], found["K2"], found["K3"]
    assert (k1.value, k1.source, k1.updated) == (
        120.0,
        "Actuals (latest)",
        D(2026, 4, 1),
    )
    assert (k2.value, k2.source) == (45.0, "Actuals (sum this month)")
    assert k3.value == pytest.approx(0.011)
    assert k3.calculation == "average of last 3 months"
    assert k3.trend is not None
    assert k3.trend.direction is Direction.BETTER


def test_kpi_target_now_carried_from_the_actuals_tab() -> None:
    found = results(Edit("Actuals", 3, {"Mar 2026": 130.0}))

    assert found["K1"].target_now == 130.0
    assert found["K1"].health is Health.UNHEALTHY


def test_kpi_value_falls_back_to_current_then_check_in() -> None:
    no_calculation = results(Edit("KPIs", 2, {"Calculation": "median"}))
    no_current = results(
        Edit("KPIs", 2, {"Calculation": "median", "Current": None}),
    )

    assert (no_calculation["K1"].value, no_calculation["K1"].source) == (
        120.0,
        "Current",
    )
    assert no_calculation["K1"].trend is None
    assert (no_current["K1"].value, no_current["K1"].source) == (120.0, "check-in")
    assert no_current["K1"].updated == D(2026, 5, 1)


def test_kpi_sum_this_quarter_against_a_prorated_target() -> None:
    found = results(
        Edit(
            "KPIs", 3, {"Calculation": "sum this quarter", "Target type": "increase to"}
        ),
        Edit("KPIs", 3, {"Target": 120.0}),
    )

    k2 = found["K2"]
    assert k2.value == 45.0
    assert k2.target_now == pytest.approx(120.0 * 30 / 91)
    assert k2.health is Health.HEALTHY
    assert k2.trend is None  # nothing pasted for January


# The sample story, written to .xlsx and read back

APR, MAR = D(2026, 4, 1), D(2026, 3, 1)
HEALTHY, UNHEALTHY = Health.HEALTHY, Health.UNHEALTHY

SAMPLE_KPIS = [
    (
        "K1",
        1_152_000,
        1_100_000,
        HEALTHY,
        "Actuals (latest)",
        APR,
        "▲ +27,000 (better)",
    ),
    ("K2", 1.08, 1.05, HEALTHY, "Actuals (latest)", APR, "► 0 (steady)"),
    (
        "K3",
        140,
        500 * 30 / 91,
        UNHEALTHY,
        "Actuals (sum this quarter)",
        APR,
        "▼ -30 (worse)",
    ),
    (
        "K4",
        (0.96 + 0.93 + 0.89) / 3,
        0.95,
        UNHEALTHY,
        "Actuals (average of last 3 months)",
        APR,
        "▼ -3.0 pts (worse)",
    ),
    (
        "K5",
        3.5,
        4,
        HEALTHY,
        "Actuals (average of last 3 months)",
        APR,
        "▲ +0.07 (worse)",
    ),
    (
        "K6",
        270_000,
        250_000,
        HEALTHY,
        "Actuals (sum this month)",
        APR,
        "▲ +8,000 (better)",
    ),
    (
        "K7",
        0.31,
        0.25,
        HEALTHY,
        "Actuals (average of last 3 months)",
        APR,
        "► 0 (steady)",
    ),
    (
        "K8",
        36,
        30,
        UNHEALTHY,
        "Actuals (average of last 3 months)",
        APR,
        "▼ -1.3 (better)",
    ),
    ("K9", 3.2, 3, HEALTHY, "Actuals (latest)", APR, "▲ +0.2 (better)"),
    (
        "K10",
        0.38,
        0.35,
        HEALTHY,
        "Actuals (average of last 3 months)",
        APR,
        "► 0 (steady)",
    ),
    (
        "K11",
        19_400,
        18_000,
        HEALTHY,
        "Actuals (average of last 3 months)",
        APR,
        "▲ +200 (better)",
    ),
    # April's expansion revenue is still "TBC": March stands.
    (
        "K12",
        47_500,
        40_000,
        HEALTHY,
        "Actuals (sum this month)",
        MAR,
        "▲ +2,000 (better)",
    ),
    ("K13", 1.6, 2, HEALTHY, "Actuals (latest)", APR, "▼ -0.1 (better)"),
    ("K14", 12_800, 12_000, HEALTHY, "Current", None, None),
    ("K15", 22, 18, HEALTHY, "Actuals (latest)", APR, "► 0 (steady)"),
]


def test_sample_kpi_values_from_actuals(tmp_path: Path) -> None:
    path = tmp_path / "goals.xlsx"
    write_sample(path)
    parsed = read_workbook(read_xlsx(path))

    result = evaluate(parsed.workbook, TODAY, parsed.findings)

    found = []
    for kpi in parsed.workbook.kpis:
        kpi_result = result.kpis[kpi.row]
        trend = kpi_result.trend.text if kpi_result.trend else None
        found.append(
            (
                kpi.id,
                pytest.approx(kpi_result.value),
                pytest.approx(kpi_result.target_now),
                kpi_result.health,
                kpi_result.source,
                kpi_result.updated,
                trend,
            )
        )
    assert found == SAMPLE_KPIS
