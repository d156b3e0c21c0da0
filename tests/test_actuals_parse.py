"""Reading the Actuals tab: both shapes, month headers, pasted numbers, exact cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rules.records import Series
from sheets.actuals import ActualsTab, Shape, read_actuals, read_month
from sheets.errors import WorkbookError
from sheets.grid import CellValue, ErrorValue, Sheet
from sheets.xlsx import read_xlsx

D = dt.date
JAN, FEB, MAR = D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)


def read(rows: list[list[CellValue]], locale: str = "") -> ActualsTab:
    return read_actuals(Sheet("Actuals", [list(row) for row in rows]), locale)


def numbers(tab: ActualsTab) -> list[tuple[str, str, str, dt.date, float]]:
    """The values as (cell, KPI, series, month, number)."""
    return [
        (f"{v.letter}{v.row}", v.kpi, v.series.value, v.month, v.value)
        for v in tab.values
    ]


def places(tab: ActualsTab) -> list[tuple[str, str]]:
    return [(f.cell, f.code) for f in tab.findings]


# Month headers and Month cells


@pytest.mark.parametrize(
    ("value", "month"),
    [
        pytest.param(dt.datetime(2026, 1, 1), JAN, id="date-time"),
        pytest.param(D(2026, 1, 31), JAN, id="month-end-date"),
        pytest.param(46023.0, JAN, id="serial-day-number"),
        pytest.param("2026-01", JAN, id="iso-month"),
        pytest.param("2026-1", JAN, id="iso-month-one-digit"),
        pytest.param("2026/01", JAN, id="year-slash-month"),
        pytest.param("2026-01-15", JAN, id="iso-date-text"),
        pytest.param("Jan 2026", JAN, id="short-name"),
        pytest.param("JAN 2026", JAN, id="upper-case"),
        pytest.param("January 2026", JAN, id="full-name"),
        pytest.param("Jan-26", JAN, id="short-name-short-year"),
        pytest.param("Jan '26", JAN, id="apostrophe-year"),
        pytest.param("Jan. 2026", JAN, id="abbreviation-point"),
        pytest.param("Sept 2026", D(2026, 9, 1), id="sept"),
        pytest.param("01/2026", JAN, id="month-slash-year"),
        pytest.param("1/2026", JAN, id="month-slash-year-one-digit"),
        pytest.param(" 2026 Jan ", JAN, id="year-first-name"),
    ],
)
def test_month_forms_read(value: CellValue, month: dt.date) -> None:
    assert read_month(value) == month


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("2026-13", id="month-13"),
        pytest.param("13/2026", id="month-13-slash"),
        pytest.param("Q1 2026", id="quarter"),
        pytest.param("FY2026", id="year"),
        pytest.param("Jan", id="no-year"),
        pytest.param("Janvier 2026", id="other-language"),
        pytest.param("Febuary 2026", id="misspelt"),
        pytest.param(2026.0, id="year-as-number"),
        pytest.param(True, id="checkbox"),
        pytest.param(None, id="blank"),
        pytest.param("2026-02-30", id="no-such-day"),
    ],
)
def test_month_forms_rejected(value: CellValue) -> None:
    assert read_month(value) is None


# The wide shape


def test_wide_reads_actuals_and_targets_by_month() -> None:
    tab = read(
        [
            ["KPI", "Series", "Jan 2026", "2026-02", D(2026, 3, 1)],
            ["K1", "Actual", 10.0, 11.0, 12.0],
            ["K1", "Target", 9.0, None, None],
            ["Revenue", None, "1,000,000", None, "(5.5)"],
        ]
    )

    assert tab.shape is Shape.WIDE
    assert tab.findings == []
    assert numbers(tab) == [
        ("C2", "K1", "actual", JAN, 10.0),
        ("D2", "K1", "actual", FEB, 11.0),
        ("E2", "K1", "actual", MAR, 12.0),
        ("C3", "K1", "target", JAN, 9.0),
        ("C4", "Revenue", "actual", JAN, 1_000_000.0),
        ("E4", "Revenue", "actual", MAR, -5.5),
    ]
    assert tab.values[0].column == "Jan 2026"
    assert tab.values[2].column == "Mar 2026"


def test_wide_without_series_column_is_all_actuals() -> None:
    tab = read([["KPI", "Jan 2026"], ["K1", 5.0]])

    assert numbers(tab) == [("B2", "K1", "actual", JAN, 5.0)]


@pytest.mark.parametrize(
    ("typed", "series"),
    [
        pytest.param("ACTUALS", Series.ACTUAL, id="actuals"),
        pytest.param("Budget", Series.TARGET, id="budget"),
        pytest.param("plan", Series.TARGET, id="plan"),
    ],
)
def test_wide_series_words(typed: str, series: Series) -> None:
    tab = read([["KPI", "Series", "Jan 2026"], ["K1", typed, 5.0]])

    assert [v.series for v in tab.values] == [series]


def test_wide_unknown_series_skips_the_row_with_a_finding() -> None:
    tab = read([["KPI", "Series", "Jan 2026"], ["K1", "Forecast", 5.0]])

    assert tab.values == []
    assert places(tab) == [("B2", "unknown-choice")]
    assert tab.findings[0].message == (
        "Series 'Forecast' is not one of: Actual, Target. Pick one from the list."
    )


def test_wide_header_found_below_notes_and_blank_rows() -> None:
    tab = read(
        [
            ["Pasted from the ERP on 3 May"],
            [],
            ["KPI", "Jan 2026", "Feb 2026"],
            ["K1", 1.0, 2.0],
        ]
    )

    assert tab.header_row == 3
    assert numbers(tab) == [
        ("B4", "K1", "actual", JAN, 1.0),
        ("C4", "K1", "actual", FEB, 2.0),
    ]


def test_wide_headers_that_are_not_months() -> None:
    tab = read(
        [
            ["KPI", "Unit", "Jan 2026", "Q1 2026", "Notes", "Febuary 2026", "Check"],
            ["K1", "USD", 1.0, 3.0, "restated", 2.0, "✔"],
        ]
    )

    assert numbers(tab) == [("C2", "K1", "actual", JAN, 1.0)]
    assert places(tab) == [("D1", "bad-month"), ("F1", "bad-month")]


def test_wide_same_month_twice_keeps_the_first_column() -> None:
    tab = read([["KPI", "Jan 2026", "2026-01"], ["K1", 1.0, 2.0]])

    assert numbers(tab) == [("B2", "K1", "actual", JAN, 1.0)]
    assert places(tab) == [("C1", "duplicate-month")]


def test_wide_rows_without_kpi_are_skipped() -> None:
    tab = read([["KPI", "Jan 2026"], [None, 1.0], ["  ", 2.0]])

    assert tab.values == []
    assert tab.findings == []


# The long shape


def test_long_reads_actual_and_target_per_row() -> None:
    tab = read(
        [
            ["KPI", "Month", "Actual", "Target"],
            ["K1", "2026-01", 10.0, 9.0],
            ["Revenue", dt.datetime(2026, 2, 1), None, 9.5],
            ["K1", "Mar 2026", "12", None],
        ]
    )

    assert tab.shape is Shape.LONG
    assert tab.findings == []
    assert numbers(tab) == [
        ("C2", "K1", "actual", JAN, 10.0),
        ("D2", "K1", "target", JAN, 9.0),
        ("D3", "Revenue", "target", FEB, 9.5),
        ("C4", "K1", "actual", MAR, 12.0),
    ]


def test_long_bad_months_skip_their_rows() -> None:
    tab = read(
        [
            ["KPI", "Month", "Actual"],
            ["K1", "Q1", 1.0],
            ["K1", None, 2.0],
            ["K1", None, None],
            ["K1", ErrorValue("#REF!"), 3.0],
        ]
    )

    assert tab.values == []
    assert places(tab) == [
        ("B2", "bad-month"),
        ("B3", "bad-month"),
        ("B5", "error-value"),
    ]


def test_long_without_actual_or_target_column() -> None:
    tab = read([["KPI", "Month", "Value"], ["K1", "2026-01", 1.0]])

    assert tab.values == []
    assert places(tab) == [("1", "missing-column")]
    assert tab.findings[0].column == "Actual"


def test_missing_kpi_column() -> None:
    tab = read([["Metric", "Jan 2026"], ["Revenue", 1.0]])

    assert tab.values == []
    assert places(tab) == [("1", "missing-column")]


def test_empty_tab_has_nothing() -> None:
    tab = read([])

    assert (tab.values, tab.findings) == ([], [])


# Pasted numbers: accepted forms


@pytest.mark.parametrize(
    ("typed", "locale", "number", "currency"),
    [
        pytest.param(1234.5, "", 1234.5, None, id="real-number"),
        pytest.param("1,234,567", "", 1234567.0, None, id="grouped-commas"),
        pytest.param("1,234.50", "", 1234.5, None, id="comma-and-point"),
        pytest.param("1.234,50", "", 1234.5, None, id="point-and-comma"),
        pytest.param("$ 1,234.00", "", 1234.0, "USD", id="accounting-dollars"),
        pytest.param("$ (1,234.00)", "", -1234.0, "USD", id="accounting-negative"),
        pytest.param("$ -", "", 0.0, "USD", id="accounting-zero"),
        pytest.param("1,234.00-", "", -1234.0, None, id="trailing-minus"),
        pytest.param("€1.2M", "", 1_200_000.0, "EUR", id="euro-millions"),
        pytest.param("45k", "", 45_000.0, None, id="thousands-suffix"),
        pytest.param("12.5%", "", 0.125, None, id="percent"),
        pytest.param(
            "\u00a01 234 567\u00a0", "", 1234567.0, None, id="no-break-spaces"
        ),
        pytest.param("1.234", "de", 1234.0, None, id="de-thousands"),
        pytest.param("1,5", "de", 1.5, None, id="de-decimal-comma"),
        pytest.param("1,234", "en", 1234.0, None, id="en-thousands"),
        pytest.param("1,23,456", "en-IN", 123456.0, None, id="lakh"),
    ],
)
def test_pasted_number_forms_read(
    typed: CellValue, locale: str, number: float, currency: str | None
) -> None:
    tab = read([["KPI", "Jan 2026"], ["K1", typed]], locale)

    assert tab.findings == []
    assert [(v.value, v.currency) for v in tab.values] == [(number, currency)]


@pytest.mark.parametrize("typed", ["n/a", "#N/A", "", "  "])
def test_pasted_missing_values_are_skipped_quietly(typed: str) -> None:
    tab = read([["KPI", "Jan 2026"], ["K1", typed]])

    assert (tab.values, tab.findings) == ([], [])


# Pasted numbers: refused forms, each a finding at its cell


@pytest.mark.parametrize(
    ("typed", "locale", "code"),
    [
        pytest.param("TBC", "", "bad-number", id="words"),
        pytest.param("12 34", "", "bad-number", id="bad-grouping"),
        pytest.param("5.", "", "bad-number", id="trailing-point"),
        pytest.param("1.5m", "", "bad-number", id="lowercase-m"),
        pytest.param("$12%", "", "bad-number", id="percent-money"),
        pytest.param(True, "", "bad-number", id="checkbox"),
        pytest.param(D(2026, 1, 1), "", "bad-number", id="date"),
        pytest.param("1.234", "", "ambiguous-number", id="point-three-digits"),
        pytest.param("12,345", "", "ambiguous-number", id="comma-three-digits"),
        pytest.param("1,5", "", "ambiguous-number", id="decimal-comma"),
        pytest.param("1.234,5", "en", "bad-number", id="comma-decimal-under-en"),
        pytest.param(ErrorValue("#DIV/0!"), "", "error-value", id="formula-error"),
    ],
)
def test_pasted_number_forms_refused(typed: CellValue, locale: str, code: str) -> None:
    rows: list[list[CellValue]] = [
        ["KPI", "Series", "Jan 2026", "Feb 2026"],
        ["K1", None, 1.0, typed],
    ]
    tab = read(rows, locale)

    assert numbers(tab) == [("C2", "K1", "actual", JAN, 1.0)]
    assert places(tab) == [("D2", code)]
    assert tab.findings[0].column == "Feb 2026"


def test_refused_number_message_names_month_and_readings() -> None:
    tab = read([["KPI", "Jan 2026"], ["K1", "1.234"]])

    assert tab.findings[0].message == (
        "Jan 2026: '1.234' could be 1234 (with . separating thousands) or 1.234 "
        "(with . as a decimal point); set Number locale on the Settings tab, "
        "for example to en or de."
    )


def test_error_value_in_kpi_cell_skips_the_row_with_a_finding() -> None:
    tab = read([["KPI", "Jan 2026"], [ErrorValue("#REF!"), 1.0], ["K1", 2.0]])

    assert numbers(tab) == [("B3", "K1", "actual", JAN, 2.0)]
    assert places(tab) == [("A2", "error-value")]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e300])
def test_month_of_odd_numbers_is_none(value: float) -> None:
    assert read_month(value) is None


def test_corpus_sheets_read_as_actuals_without_raising(corpus_file: Path) -> None:
    """Real-world cells (dates, errors, merges, odd strings) as pasted actuals."""
    try:
        grids = read_xlsx(corpus_file)
    except WorkbookError:
        pytest.skip("refused before parsing")

    for sheet in grids.sheets:
        for locale in ("", "de"):
            tab = read_actuals(sheet, locale)
            assert all(finding.message for finding in tab.findings)
