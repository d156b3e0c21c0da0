from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rules.cadence import Cadence, CadenceState
from rules.progress import Progress, compute_progress
from rules.records import (
    GoalType,
    Group,
    Health,
    Kind,
    Kpi,
    Okr,
    StrategyItem,
    Workbook,
)
from rules.rollups import (
    GroupRollup,
    PillarRollup,
    health_share,
    mean_progress,
    on_time_share,
    roll_up_groups,
    roll_up_pillars,
)
from rules.settings import Settings

TODAY = dt.date(2026, 5, 15)
HEALTHY, UNHEALTHY, UNKNOWN = Health.HEALTHY, Health.UNHEALTHY, Health.UNKNOWN


def pillar(statement: str, row: int) -> StrategyItem:
    return StrategyItem(tab="Strategy", row=row, kind=Kind.PILLAR, statement=statement)


def kpi(goal_id: str, row: int, pillar: str, group: str = "") -> Kpi:
    return Kpi(tab="KPIs", row=row, id=goal_id, pillar=pillar, group=group)


def objective(goal_id: str, row: int, **fields: Any) -> Okr:
    return Okr(tab="OKRs", row=row, id=goal_id, type=GoalType.OBJECTIVE, **fields)


def kr(goal_id: str, row: int, objective: str, **fields: Any) -> Okr:
    return Okr(
        tab="OKRs",
        row=row,
        id=goal_id,
        type=GoalType.KEY_RESULT,
        objective=objective,
        **fields,
    )


def cadence(state: CadenceState) -> Cadence:
    return Cadence(last=None, days=7, state=state)


def sample() -> Workbook:
    """Two pillars; company OKRs at 0.5, 1 and unmeasured; a Sales OKR at 0.25."""
    return Workbook(
        strategy=[pillar("Fastest analysis", 5), pillar("Self-serve", 6)],
        kpis=[
            kpi("K1", 2, "fastest analysis"),
            kpi("K2", 3, "Fastest Analysis", "Sales"),
            kpi("K3", 4, "Fastest analysis", "Sales"),
            kpi("K4", 5, "Self-serve", "Support"),
            kpi("K5", 6, "Partners", "support"),
        ],
        okrs=[
            objective("O1", 2, pillar="Fastest analysis"),
            kr("KR1.1", 3, "O1", target=10, current=5),
            objective("O2", 4, pillar="fastest analysis", group="company"),
            kr("KR2.1", 5, "O2", target=4, current=4),
            objective("O3", 6, pillar="Fastest analysis", group="Sales"),
            kr("KR3.1", 7, "O3", target=4, current=1, group="Sales"),
            objective("O4", 8, pillar="Self-serve"),
        ],
    )


# K3 (row 4) is missing on purpose: a KPI without a computed health is unknown.
HEALTH = {2: HEALTHY, 3: UNHEALTHY, 5: HEALTHY, 6: UNKNOWN}


def test_roll_up_pillars() -> None:
    workbook = sample()
    results = compute_progress(workbook.okrs, TODAY, Settings())

    rollups = roll_up_pillars(workbook, HEALTH, results)

    assert rollups == [
        PillarRollup(
            pillar="Fastest analysis", kpis=3, health=0.5, objectives=2, progress=0.75
        ),
        PillarRollup(
            pillar="Self-serve", kpis=1, health=1.0, objectives=1, progress=None
        ),
        PillarRollup(
            pillar="Partners", kpis=1, health=None, objectives=0, progress=None
        ),
    ]


def test_roll_up_groups() -> None:
    workbook = sample()
    results = compute_progress(workbook.okrs, TODAY, Settings())
    cadences = {
        "k1": cadence(CadenceState.ON_TIME),
        "kr1.1": cadence(CadenceState.OVERDUE),
        "kr2.1": cadence(CadenceState.ON_TIME),
        "o1": cadence(CadenceState.NOT_DUE),
        "k2": cadence(CadenceState.STALE),
        "kr3.1": cadence(CadenceState.NOT_DUE),
    }

    rollups = roll_up_groups(workbook, HEALTH, results, cadences)

    assert rollups == [
        GroupRollup(
            group="Company",
            kpis=1,
            health=1.0,
            objectives=3,
            progress=0.75,
            on_time=2 / 3,
        ),
        GroupRollup(
            group="Sales",
            kpis=2,
            health=0.0,
            objectives=1,
            progress=0.25,
            on_time=0.0,
        ),
        GroupRollup(
            group="Support",
            kpis=2,
            health=1.0,
            objectives=0,
            progress=None,
            on_time=None,
        ),
    ]


def test_roll_up_groups_follows_the_groups_tab() -> None:
    workbook = Workbook(
        kpis=[kpi("K1", 2, "", ""), kpi("K2", 3, "", "ops")],
        groups=[
            Group(tab="Groups", row=2, name="Acme"),
            Group(tab="Groups", row=3, name="Marketing", parent="Acme"),
            Group(tab="Groups", row=4, name="Ops", parent="Acme"),
        ],
    )
    results = compute_progress([], TODAY, Settings())

    rollups = roll_up_groups(workbook, {2: HEALTHY, 3: UNHEALTHY}, results, {})

    assert [(r.group, r.kpis, r.health) for r in rollups] == [
        ("Acme", 1, 1.0),
        ("Marketing", 0, None),
        ("Ops", 1, 0.0),
    ]


def test_roll_up_pillars_company_objectives_follow_the_root_group() -> None:
    workbook = Workbook(
        strategy=[pillar("Self-serve", 2)],
        okrs=[
            objective("O1", 2, pillar="Self-serve", group="Acme"),
            kr("KR1", 3, "O1", target=2, current=1),
            objective("O2", 4, pillar="Self-serve", group="Ops"),
            kr("KR2", 5, "O2", target=2, current=0),
        ],
        groups=[
            Group(tab="Groups", row=2, name="Acme"),
            Group(tab="Groups", row=3, name="Ops", parent="Acme"),
        ],
    )
    results = compute_progress(workbook.okrs, TODAY, Settings())

    (rollup,) = roll_up_pillars(workbook, {}, results)

    assert rollup == PillarRollup(
        pillar="Self-serve", kpis=0, health=None, objectives=1, progress=0.5
    )


@pytest.mark.parametrize(
    ("healths", "share"),
    [
        pytest.param([HEALTHY, UNHEALTHY, UNHEALTHY, HEALTHY], 0.5, id="half"),
        pytest.param([HEALTHY, UNKNOWN, UNKNOWN], 1.0, id="unknown-left-out"),
        pytest.param([UNHEALTHY], 0.0, id="none-healthy"),
        pytest.param([UNKNOWN], None, id="all-unknown"),
        pytest.param([], None, id="empty"),
    ],
)
def test_health_share(healths: list[Health], share: float | None) -> None:
    assert health_share(healths) == share


def test_mean_progress() -> None:
    values = [Progress(raw=2.0, value=1.0), None, Progress(raw=0.2, value=0.2)]

    assert mean_progress(values) == pytest.approx(0.6)
    assert mean_progress([None]) is None


@pytest.mark.parametrize(
    ("states", "share"),
    [
        pytest.param(
            [CadenceState.ON_TIME, CadenceState.OVERDUE, CadenceState.STALE],
            pytest.approx(1 / 3),
            id="one-of-three",
        ),
        pytest.param(
            [CadenceState.ON_TIME, CadenceState.NOT_DUE], 1.0, id="not-due-left-out"
        ),
        pytest.param([CadenceState.NOT_DUE], None, id="nothing-due"),
    ],
)
def test_on_time_share(states: list[CadenceState], share: object) -> None:
    assert on_time_share(cadence(state) for state in states) == share
