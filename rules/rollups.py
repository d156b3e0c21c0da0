"""Roll-ups of KPI health, OKR progress and check-ins per pillar and per group."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from rules.cadence import Cadence, CadenceState
from rules.progress import OkrResults, Progress, match_key
from rules.records import Health, Kind, Kpi, Okr, Workbook

G = TypeVar("G", Kpi, Okr)


@dataclass(frozen=True, slots=True)
class PillarRollup:
    """A pillar's share of healthy KPIs and the mean progress of its company OKRs."""

    pillar: str
    kpis: int
    health: float | None
    objectives: int
    progress: float | None


@dataclass(frozen=True, slots=True)
class GroupRollup:
    """A group's share of healthy KPIs, OKR progress and share of check-ins on time."""

    group: str
    kpis: int
    health: float | None
    objectives: int
    progress: float | None
    on_time: float | None


def health_share(healths: Iterable[Health]) -> float | None:
    """Healthy / (healthy + unhealthy); unknown is left out, None when none is known."""
    known = [health for health in healths if health is not Health.UNKNOWN]
    if not known:
        return None
    return known.count(Health.HEALTHY) / len(known)


def mean_progress(progresses: Iterable[Progress | None]) -> float | None:
    """Plain mean of the progress values there are; None when there are none."""
    values = [progress.value for progress in progresses if progress is not None]
    if not values:
        return None
    return sum(values) / len(values)


def on_time_share(cadences: Iterable[Cadence]) -> float | None:
    """Share of due goals checked in on time; goals not yet due are left out."""
    due = [cadence for cadence in cadences if cadence.state is not CadenceState.NOT_DUE]
    if not due:
        return None
    on_time = sum(cadence.state is CadenceState.ON_TIME for cadence in due)
    return on_time / len(due)


def roll_up_pillars(
    workbook: Workbook, health: Mapping[int, Health], results: OkrResults
) -> list[PillarRollup]:
    """One roll-up per pillar: the Strategy tab's first, then others goals name.

    `health` holds each KPI's health by its sheet row; a KPI missing from it is
    unknown. Pillar progress counts company objectives only.
    """
    company = [
        okr
        for okr in workbook.okrs
        if okr.is_objective and workbook.is_company(okr.group.strip())
    ]
    kpis = _by_name(workbook.kpis, lambda kpi: workbook.pillar(kpi.pillar))
    objectives = _by_name(company, lambda okr: workbook.pillar(okr.pillar))
    pillars = [item.statement for item in workbook.strategy if item.kind is Kind.PILLAR]
    goals: list[Kpi | Okr] = [*workbook.kpis, *company]
    named = [workbook.pillar(goal.pillar) for goal in goals]
    rollups: list[PillarRollup] = []
    for name in _first_spellings([*pillars, *named]):
        own_kpis = kpis.get(match_key(name), [])
        own_objectives = objectives.get(match_key(name), [])
        rollups.append(
            PillarRollup(
                pillar=name,
                kpis=len(own_kpis),
                health=_kpi_health(own_kpis, health),
                objectives=len(own_objectives),
                progress=_okr_progress(own_objectives, results),
            )
        )
    return rollups


def roll_up_groups(
    workbook: Workbook,
    health: Mapping[int, Health],
    results: OkrResults,
    cadences: Mapping[str, Cadence],
) -> list[GroupRollup]:
    """One roll-up per group: the Groups tab's first, then others goals name.

    Goals with an empty Group belong to the root group. `cadences` is keyed as
    `check_in_states` keys it; OKR progress is that of the group's objectives.
    """
    kpis = _by_name(workbook.kpis, lambda kpi: _group_of(kpi, workbook))
    okrs = _by_name(workbook.okrs, lambda okr: _group_of(okr, workbook))
    listed = [group.name for group in workbook.groups or []]
    goals: list[Kpi | Okr] = [*workbook.kpis, *workbook.okrs]
    named = [_group_of(goal, workbook) for goal in goals]
    rollups: list[GroupRollup] = []
    for name in _first_spellings([*listed, *named]):
        own_kpis = kpis.get(match_key(name), [])
        own_okrs = okrs.get(match_key(name), [])
        objectives = [okr for okr in own_okrs if okr.is_objective]
        ids = [kpi.id for kpi in own_kpis] + [okr.id for okr in own_okrs]
        due = [cadences[key] for key in map(match_key, ids) if key in cadences]
        rollups.append(
            GroupRollup(
                group=name,
                kpis=len(own_kpis),
                health=_kpi_health(own_kpis, health),
                objectives=len(objectives),
                progress=_okr_progress(objectives, results),
                on_time=on_time_share(due),
            )
        )
    return rollups


def _by_name(goals: Iterable[G], name_of: Callable[[G], str]) -> dict[str, list[G]]:
    """Goals bucketed by `match_key` of the name `name_of` gives."""
    buckets: dict[str, list[G]] = {}
    for goal in goals:
        buckets.setdefault(match_key(name_of(goal)), []).append(goal)
    return buckets


def _kpi_health(kpis: list[Kpi], health: Mapping[int, Health]) -> float | None:
    return health_share(health.get(kpi.row, Health.UNKNOWN) for kpi in kpis)


def _okr_progress(objectives: list[Okr], results: OkrResults) -> float | None:
    found = (results.by_row.get(okr.row) for okr in objectives)
    return mean_progress(result.progress for result in found if result is not None)


def _group_of(goal: Kpi | Okr, workbook: Workbook) -> str:
    group = goal.group.strip()
    return group if group else workbook.root_group


def _same(name: str, other: str) -> bool:
    return match_key(name) == match_key(other)


def _first_spellings(names: Iterable[str]) -> list[str]:
    """Distinct non-empty names, compared by `match_key`, as first spelled."""
    first: dict[str, str] = {}
    for name in names:
        key = match_key(name)
        if key:
            first.setdefault(key, name.strip())
    return list(first.values())
