from __future__ import annotations

import datetime as dt

import pytest

from rules.timeframes import Span, Timeframe, parse_timeframe


def timeframe(start: str, end: str, span: Span) -> Timeframe:
    return Timeframe(
        start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end), span=span
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "2026", timeframe("2026-01-01", "2026-12-31", Span.YEAR), id="year"
        ),
        pytest.param(
            "FY2026", timeframe("2026-01-01", "2026-12-31", Span.YEAR), id="fiscal-year"
        ),
        pytest.param(
            " fy 2026 ", timeframe("2026-01-01", "2026-12-31", Span.YEAR), id="fy-space"
        ),
        pytest.param(
            "2026-Q1",
            timeframe("2026-01-01", "2026-03-31", Span.QUARTER),
            id="year-quarter",
        ),
        pytest.param(
            "Q1 2026",
            timeframe("2026-01-01", "2026-03-31", Span.QUARTER),
            id="quarter-year",
        ),
        pytest.param(
            "2026q4", timeframe("2026-10-01", "2026-12-31", Span.QUARTER), id="q4"
        ),
        pytest.param(
            "q2-2026", timeframe("2026-04-01", "2026-06-30", Span.QUARTER), id="q2"
        ),
        pytest.param(
            "2026-01", timeframe("2026-01-01", "2026-01-31", Span.MONTH), id="month"
        ),
        pytest.param(
            "2028-2", timeframe("2028-02-01", "2028-02-29", Span.MONTH), id="leap-month"
        ),
        pytest.param(
            "2026-12", timeframe("2026-12-01", "2026-12-31", Span.MONTH), id="december"
        ),
        pytest.param(
            "2026-01-15..2026-06-30",
            timeframe("2026-01-15", "2026-06-30", Span.CUSTOM),
            id="range",
        ),
        pytest.param(
            "2026-01-15 to 2026-06-30",
            timeframe("2026-01-15", "2026-06-30", Span.CUSTOM),
            id="range-to",
        ),
        pytest.param(
            "2026-05-15..2026-05-15",
            timeframe("2026-05-15", "2026-05-15", Span.CUSTOM),
            id="one-day-range",
        ),
    ],
)
def test_parse_timeframe(text: str, expected: Timeframe) -> None:
    assert parse_timeframe(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("2026-13", id="month-13"),
        pytest.param("2026-00", id="month-0"),
        pytest.param("2026-Q5", id="quarter-5"),
        pytest.param("2026-06-30..2026-01-01", id="reversed-range"),
        pytest.param("2026-02-30..2026-03-31", id="impossible-date"),
        pytest.param("2026-01-15", id="single-date"),
        pytest.param("next year", id="garbage"),
        pytest.param("", id="empty"),
        pytest.param("26", id="short-year"),
    ],
)
def test_parse_timeframe_rejects(text: str) -> None:
    assert parse_timeframe(text) is None


def test_timeframe_contains() -> None:
    year = parse_timeframe("2026")
    quarter = parse_timeframe("2026-Q2")

    assert year is not None and quarter is not None
    assert year.contains(quarter)
    assert not quarter.contains(year)
    assert str(quarter) == "2026-04-01..2026-06-30"
