"""Check-in cadence: each goal's latest check-in and whether the next one is due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rules.progress import effective_timeframes, match_key
from rules.records import CheckIn, GoalType, Kpi, Okr, Status
from rules.settings import Settings
from rules.timeframes import Timeframe

# Days of slack after a check-in falls due before it counts as late.
GRACE_DAYS = 2

# Cadences missed, counting the grace days once, before a goal goes stale.
STALE_CADENCES = 3


class CadenceState(StrEnum):
    ON_TIME = "on time"
    OVERDUE = "overdue"
    STALE = "stale"
    NOT_DUE = "not due"


@dataclass(frozen=True, slots=True)
class Cadence:
    """A goal's latest check-in, how often it is due, and where it stands."""

    last: CheckIn | None
    days: int | None
    state: CadenceState


def latest_check_ins(check_ins: Iterable[CheckIn]) -> dict[str, CheckIn]:
    """The latest dated check-in per goal, by `match_key` of its Goal.

    The later date wins; on the same date the row further down the sheet wins.
    Check-ins without a date or a goal are left out.
    """
    latest: dict[str, CheckIn] = {}
    order: dict[str, tuple[dt.date, int]] = {}
    for check_in in check_ins:
        key = match_key(check_in.goal)
        if not key or check_in.date is None:
            continue
        when = (check_in.date, check_in.row)
        if key not in order or when > order[key]:
            latest[key] = check_in
            order[key] = when
    return latest


def check_in_state(
    last: dt.date | None, since: dt.date | None, cadence_days: int, today: dt.date
) -> CadenceState:
    """Where a goal stands, counting from its last check-in, else from `since`.

    Overdue when more than one cadence plus the grace days have passed; stale
    when more than three cadences plus the grace days have. A goal never
    checked in is not due until its first check-in would be overdue.
    """
    reference = last if last is not None else since
    if reference is None:
        return CadenceState.NOT_DUE

    age = (today - reference).days
    if age > STALE_CADENCES * cadence_days + GRACE_DAYS:
        return CadenceState.STALE
    if age > cadence_days + GRACE_DAYS:
        return CadenceState.OVERDUE
    if last is None:
        return CadenceState.NOT_DUE
    return CadenceState.ON_TIME


def cadence_days(goal: Kpi | Okr, settings: Settings) -> int | None:
    """Days between check-ins; None for objectives, which move with their children."""
    if isinstance(goal, Kpi):
        return settings.kpi_cadence_days
    if goal.type is GoalType.KEY_RESULT:
        return settings.key_result_cadence_days
    return None


def check_in_states(
    kpis: list[Kpi],
    okrs: list[Okr],
    check_ins: list[CheckIn],
    today: dt.date,
    settings: Settings,
) -> dict[str, Cadence]:
    """Each goal's cadence by `match_key` of its ID; the first row of an ID wins.

    A key result never checked in counts from the start of its timeframe; a
    KPI, having no timeframe, is not due until its first check-in. A key result
    marked accomplished or past its timeframe is done and no longer due.
    """
    latest = latest_check_ins(check_ins)
    timeframes = effective_timeframes(okrs)
    goals: list[Kpi | Okr] = [*kpis, *okrs]
    cadences: dict[str, Cadence] = {}
    for goal in goals:
        key = match_key(goal.id)
        if not key or key in cadences:
            continue
        timeframe = timeframes[goal.row] if isinstance(goal, Okr) else None
        cadences[key] = _cadence(goal, latest.get(key), timeframe, today, settings)
    return cadences


def _cadence(
    goal: Kpi | Okr,
    last: CheckIn | None,
    timeframe: Timeframe | None,
    today: dt.date,
    settings: Settings,
) -> Cadence:
    days = cadence_days(goal, settings)
    if days is None or _is_done(goal, timeframe, today):
        return Cadence(last=last, days=days, state=CadenceState.NOT_DUE)

    last_date = last.date if last is not None else None
    since = timeframe.start if timeframe is not None else None
    state = check_in_state(last_date, since, days, today)
    return Cadence(last=last, days=days, state=state)


def _is_done(goal: Kpi | Okr, timeframe: Timeframe | None, today: dt.date) -> bool:
    if isinstance(goal, Kpi):
        return False
    if goal.status is Status.ACCOMPLISHED:
        return True
    return timeframe is not None and timeframe.end < today
