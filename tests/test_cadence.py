from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rules.cadence import (
    Cadence,
    CadenceState,
    cadence_days,
    check_in_state,
    check_in_states,
    latest_check_ins,
)
from rules.records import CheckIn, GoalType, Kpi, Okr, Status
from rules.settings import Settings
from rules.timeframes import parse_timeframe

JAN_1 = dt.date(2026, 1, 1)
SETTINGS = Settings()


def day(number: int) -> dt.date:
    """The day `number` days after 1 January 2026."""
    return JAN_1 + dt.timedelta(days=number)


def check_in(goal: str, date: dt.date | None, row: int, **fields: Any) -> CheckIn:
    return CheckIn(tab="Check-ins", row=row, date=date, goal=goal, **fields)


def test_latest_check_ins_by_date_then_row() -> None:
    check_ins = [
        check_in("KR1", day(7), row=2),
        check_in("kr1 ", day(14), row=3),
        check_in("KR1", day(3), row=4),
        check_in("K1", day(10), row=5, value=1),
        check_in("K1", day(10), row=6, value=2),
        check_in("K1", day(10), row=7, value=3),
    ]

    latest = latest_check_ins(reversed(check_ins))

    assert {key: found.row for key, found in latest.items()} == {"kr1": 3, "k1": 7}


def test_latest_check_ins_skips_undated_and_goalless() -> None:
    check_ins = [
        check_in("KR1", day(7), row=2),
        check_in("KR1", None, row=3),
        check_in("", day(9), row=4),
    ]

    assert {key: c.row for key, c in latest_check_ins(check_ins).items()} == {"kr1": 2}


@pytest.mark.parametrize(
    ("age", "state"),
    [
        pytest.param(0, CadenceState.ON_TIME, id="today"),
        pytest.param(9, CadenceState.ON_TIME, id="cadence-plus-grace"),
        pytest.param(10, CadenceState.OVERDUE, id="one-day-late"),
        pytest.param(23, CadenceState.OVERDUE, id="three-cadences-plus-grace"),
        pytest.param(24, CadenceState.STALE, id="stale"),
        pytest.param(-3, CadenceState.ON_TIME, id="dated-ahead"),
    ],
)
def test_check_in_state_weekly(age: int, state: CadenceState) -> None:
    assert check_in_state(JAN_1, None, 7, day(age)) is state


@pytest.mark.parametrize(
    ("age", "state"),
    [
        pytest.param(32, CadenceState.ON_TIME, id="cadence-plus-grace"),
        pytest.param(33, CadenceState.OVERDUE, id="one-day-late"),
        pytest.param(92, CadenceState.OVERDUE, id="three-cadences-plus-grace"),
        pytest.param(93, CadenceState.STALE, id="stale"),
    ],
)
def test_check_in_state_monthly(age: int, state: CadenceState) -> None:
    assert check_in_state(JAN_1, None, 30, day(age)) is state


@pytest.mark.parametrize(
    ("age", "state"),
    [
        pytest.param(-5, CadenceState.NOT_DUE, id="before-start"),
        pytest.param(9, CadenceState.NOT_DUE, id="first-not-yet-due"),
        pytest.param(10, CadenceState.OVERDUE, id="first-overdue"),
        pytest.param(24, CadenceState.STALE, id="first-stale"),
    ],
)
def test_check_in_state_never_checked_in(age: int, state: CadenceState) -> None:
    assert check_in_state(None, JAN_1, 7, day(age)) is state


def test_check_in_state_last_wins_over_since() -> None:
    assert check_in_state(day(20), JAN_1, 7, day(25)) is CadenceState.ON_TIME


def test_check_in_state_nothing_to_count_from() -> None:
    assert check_in_state(None, None, 7, day(100)) is CadenceState.NOT_DUE


def test_cadence_days() -> None:
    settings = Settings(key_result_cadence_days=14, kpi_cadence_days=28)
    key_result = Okr(tab="OKRs", row=3, id="KR1", type=GoalType.KEY_RESULT)
    objective = Okr(tab="OKRs", row=2, id="O1", type=GoalType.OBJECTIVE)

    assert cadence_days(Kpi(tab="KPIs", row=2, id="K1"), settings) == 28
    assert cadence_days(key_result, settings) == 14
    assert cadence_days(objective, settings) is None


def test_check_in_states() -> None:
    q1 = parse_timeframe("2026-Q1")
    january = parse_timeframe("2026-01")
    kpis = [Kpi(tab="KPIs", row=2, id="K1"), Kpi(tab="KPIs", row=3, id="K2")]
    okrs = [
        Okr(tab="OKRs", row=2, id="O1", type=GoalType.OBJECTIVE, timeframe=q1),
        Okr(tab="OKRs", row=3, id="KR1", type=GoalType.KEY_RESULT, objective="O1"),
        Okr(tab="OKRs", row=4, id="KR2", type=GoalType.KEY_RESULT, objective="O1"),
        Okr(tab="OKRs", row=5, id="KR3", type=GoalType.KEY_RESULT),
        Okr(tab="OKRs", row=6, id="", type=GoalType.KEY_RESULT),
        Okr(
            tab="OKRs",
            row=7,
            id="KR4",
            type=GoalType.KEY_RESULT,
            objective="O1",
            status=Status.ACCOMPLISHED,
        ),
        Okr(tab="OKRs", row=8, id="KR5", type=GoalType.KEY_RESULT, timeframe=january),
    ]
    k1 = check_in("K1", day(0), row=2)
    kr1 = check_in("kr1", day(12), row=3)
    check_ins = [k1, kr1, check_in("O1", day(1), row=4)]

    cadences = check_in_states(kpis, okrs, check_ins, day(40), SETTINGS)

    assert cadences == {
        "k1": Cadence(last=k1, days=30, state=CadenceState.OVERDUE),
        "k2": Cadence(last=None, days=30, state=CadenceState.NOT_DUE),
        "o1": Cadence(last=check_ins[2], days=None, state=CadenceState.NOT_DUE),
        "kr1": Cadence(last=kr1, days=7, state=CadenceState.STALE),
        "kr2": Cadence(last=None, days=7, state=CadenceState.STALE),
        "kr3": Cadence(last=None, days=7, state=CadenceState.NOT_DUE),
        "kr4": Cadence(last=None, days=7, state=CadenceState.NOT_DUE),
        "kr5": Cadence(last=None, days=7, state=CadenceState.NOT_DUE),
    }
