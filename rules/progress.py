"""OKR progress, expected progress and statuses, as DESIGN.md section 4 defines them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rules.records import GoalType, Okr, ProgressFrom, ResultKind, Status
from rules.settings import Settings
from rules.timeframes import Timeframe

# Gaps within this distance of a band edge count as on the edge, so that a gap
# such as 0.5 - 0.35 = 0.15000000000000002 falls where a person expects it.
TOLERANCE = 1e-9

_STRENGTH = {
    Status.OFF_TRACK: 0,
    Status.NEEDS_ATTENTION: 1,
    Status.ON_TRACK: 2,
    Status.ACCOMPLISHED: 3,
}


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a goal has come: `raw` as computed, `value` clamped to 0..1."""

    raw: float
    value: float


@dataclass(frozen=True, slots=True)
class OkrResult:
    """What goalsheet computes for one row of the OKRs tab."""

    row: int
    id: str
    progress: Progress | None
    expected: float | None
    suggested: Status | None
    status: Status | None
    timeframe: Timeframe | None
    children: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class OkrResults:
    """Results of every OKR row, by sheet row and by ID, and the alignment cycles."""

    by_row: dict[int, OkrResult]
    by_id: dict[str, OkrResult]
    cycles: list[list[str]]

    def get(self, goal_id: str) -> OkrResult | None:
        """The result of the goal with this ID, matched as `match_key` does."""
        return self.by_id.get(match_key(goal_id))


def match_key(text: str) -> str:
    """The form in which IDs, pillars and groups are compared: stripped, casefolded."""
    return text.strip().casefold()


def clamp(value: float) -> float:
    """The value held within 0..1."""
    return min(max(value, 0.0), 1.0)


def key_result_progress(kr: Okr) -> Progress | None:
    """Progress of a key result; None when it cannot be measured (the checks say)."""
    kind = kr.result_kind or ResultKind.METRIC
    current = kr.current
    if kind is ResultKind.BINARY:
        return _met(current is not None and current >= 1)

    if kind is ResultKind.AT_LEAST or kind is ResultKind.AT_MOST:
        if kr.target is None:
            return None
        if current is None:
            return _met(False)
        if kind is ResultKind.AT_LEAST:
            return _met(current >= kr.target)
        return _met(current <= kr.target)

    start = kr.start if kr.start is not None else 0.0
    if kr.target is None or kr.target == start:
        return None

    actual = current if current is not None else start
    raw = (actual - start) / (kr.target - start)
    return Progress(raw=raw, value=clamp(raw))


def _met(met: bool) -> Progress:
    score = 1.0 if met else 0.0
    return Progress(raw=score, value=score)


def objective_progress(
    parts: Iterable[tuple[float | None, Progress | None]],
) -> Progress | None:
    """Weighted mean of (weight, progress) parts; weight None is 1, <= 0 is skipped.

    Parts without progress are left out. The mean is of clamped values, so one
    overachieving key result cannot make up for another, and raw equals value.
    """
    total = 0.0
    weights = 0.0
    for weight, progress in parts:
        share = _weight(weight)
        if share <= 0 or progress is None:
            continue
        total += share * progress.value
        weights += share

    if weights == 0:
        return None
    mean = clamp(total / weights)
    return Progress(raw=mean, value=mean)


def _weight(weight: float | None) -> float:
    return 1.0 if weight is None else weight


def expected_progress(timeframe: Timeframe | None, today: dt.date) -> float | None:
    """Share of the timeframe elapsed at the start of today, 0..1.

    The timeframe's last day is included: t0 is its first day and t1 the day
    after its last, so E is 0 on the first day, just under 1 on the last day
    and 1 from the day after.
    """
    if timeframe is None:
        return None

    elapsed = (today - timeframe.start).days
    length = (timeframe.end - timeframe.start).days + 1
    return clamp(elapsed / length)


def suggest_status(
    progress: Progress | None,
    expected: float | None,
    settings: Settings,
    *,
    started: bool = True,
) -> Status | None:
    """The status the numbers suggest; None before the start or without numbers.

    Band edges are compared with a tolerance of 1e-9: a gap equal to the on
    track gap needs attention, and one equal to the off track gap too.
    """
    if not started or progress is None or expected is None:
        return None
    if progress.raw >= 1 - TOLERANCE:
        return Status.ACCOMPLISHED

    gap = expected - progress.value
    if gap < settings.on_track_gap - TOLERANCE:
        return Status.ON_TRACK
    if gap <= settings.off_track_gap + TOLERANCE:
        return Status.NEEDS_ATTENTION
    return Status.OFF_TRACK


def status_disagrees(lead_status: Status | None, suggested: Status | None) -> bool:
    """Whether the lead's status is rosier than the numbers allow."""
    if lead_status is None or suggested is None:
        return False
    if lead_status is Status.ACCOMPLISHED:
        return suggested is not Status.ACCOMPLISHED
    return lead_status is Status.ON_TRACK and suggested is Status.OFF_TRACK


def weakest_status(statuses: Iterable[Status | None]) -> Status | None:
    """The weakest status: off track < needs attention < on track < accomplished."""
    known = [status for status in statuses if status is not None]
    if not known:
        return None
    return min(known, key=_STRENGTH.__getitem__)


def find_alignment_cycles(okrs: list[Okr]) -> list[list[str]]:
    """Each alignment cycle as its IDs in Aligned to order, from its topmost row."""
    objectives = {
        key: okr for key, okr in _first_rows(okrs).items() if okr.is_objective
    }
    position = {key: index for index, key in enumerate(objectives)}
    cycles: list[list[str]] = []
    visited: set[str] = set()
    for start in objectives:
        path: list[str] = []
        key = start
        while key in objectives and key not in visited:
            visited.add(key)
            path.append(key)
            key = match_key(objectives[key].aligned_to)

        if key not in path:
            continue
        cycle = path[path.index(key) :]
        top = cycle.index(min(cycle, key=position.__getitem__))
        cycle = cycle[top:] + cycle[:top]
        cycles.append([objectives[member].id.strip() for member in cycle])

    cycles.sort(key=lambda cycle: position[match_key(cycle[0])])
    return cycles


def effective_timeframes(okrs: list[Okr]) -> dict[int, Timeframe | None]:
    """Timeframes by sheet row; a key result without one takes its objective's."""
    objectives = _first_rows(okr for okr in okrs if okr.is_objective)
    timeframes: dict[int, Timeframe | None] = {}
    for okr in okrs:
        timeframe = okr.timeframe
        if timeframe is None and okr.type is GoalType.KEY_RESULT:
            parent = objectives.get(match_key(okr.objective))
            timeframe = parent.timeframe if parent is not None else None
        timeframes[okr.row] = timeframe
    return timeframes


def compute_progress(okrs: list[Okr], today: dt.date, settings: Settings) -> OkrResults:
    """Progress, expected progress and statuses of every OKR row.

    Objectives on an alignment cycle get no progress and no suggestion; their
    status is the lead's own.
    """
    tree = _OkrTree(okrs)
    cycles = find_alignment_cycles(okrs)
    cyclic = {match_key(goal_id) for cycle in cycles for goal_id in cycle}
    timeframes = effective_timeframes(okrs)
    by_row: dict[int, OkrResult] = {}
    for okr in okrs:
        if not okr.is_objective:
            progress = key_result_progress(okr)
            timeframe = timeframes[okr.row]
            by_row[okr.row] = _result(okr, progress, timeframe, today, settings)

    for objective in tree.children_first(cyclic):
        timeframe = timeframes[objective.row]
        if tree.is_first(objective) and match_key(objective.id) in cyclic:
            by_row[objective.row] = _cyclic_result(objective, timeframe, today)
        else:
            children = tree.counted(objective)
            by_row[objective.row] = _objective_result(
                objective, children, by_row, timeframe, today, settings
            )

    by_id: dict[str, OkrResult] = {}
    for okr in okrs:
        if match_key(okr.id):
            by_id.setdefault(match_key(okr.id), by_row[okr.row])
    return OkrResults(by_row=by_row, by_id=by_id, cycles=cycles)


def _objective_result(
    objective: Okr,
    children: list[Okr],
    by_row: dict[int, OkrResult],
    timeframe: Timeframe | None,
    today: dt.date,
    settings: Settings,
) -> OkrResult:
    """An objective's result from its children's, which must be computed already."""
    counted = [child for child in children if _weight(child.weight) > 0]
    progress = objective_progress(
        (child.weight, by_row[child.row].progress) for child in counted
    )
    result = _result(objective, progress, timeframe, today, settings)
    rows = tuple(child.row for child in counted)
    if objective.status is not None:
        return replace(result, children=rows)

    weakest = weakest_status(by_row[child.row].status for child in counted)
    return replace(result, status=weakest or result.suggested, children=rows)


def _result(
    okr: Okr,
    progress: Progress | None,
    timeframe: Timeframe | None,
    today: dt.date,
    settings: Settings,
) -> OkrResult:
    expected = expected_progress(timeframe, today)
    started = timeframe is not None and today >= timeframe.start
    suggested = suggest_status(progress, expected, settings, started=started)
    return OkrResult(
        row=okr.row,
        id=okr.id.strip(),
        progress=progress,
        expected=expected,
        suggested=suggested,
        status=suggested if okr.status is None else okr.status,
        timeframe=timeframe,
    )


def _cyclic_result(
    objective: Okr, timeframe: Timeframe | None, today: dt.date
) -> OkrResult:
    return OkrResult(
        row=objective.row,
        id=objective.id.strip(),
        progress=None,
        expected=expected_progress(timeframe, today),
        suggested=None,
        status=objective.status,
        timeframe=timeframe,
    )


def _first_rows(okrs: Iterable[Okr]) -> dict[str, Okr]:
    """Rows by ID; the first row wins when an ID is duplicated (the checks say so)."""
    first: dict[str, Okr] = {}
    for okr in okrs:
        key = match_key(okr.id)
        if key:
            first.setdefault(key, okr)
    return first


class _OkrTree:
    """Which rows are the key results and aligned objectives of each objective."""

    def __init__(self, okrs: list[Okr]) -> None:
        self.first = _first_rows(okrs)
        self.objectives = [okr for okr in okrs if okr.is_objective]
        self.key_results: dict[str, list[Okr]] = {}
        self.aligned: dict[str, list[Okr]] = {}
        for okr in okrs:
            if not self._counts_once(okr):
                continue
            if okr.is_objective:
                self.aligned.setdefault(match_key(okr.aligned_to), []).append(okr)
            else:
                self.key_results.setdefault(match_key(okr.objective), []).append(okr)

    def _counts_once(self, okr: Okr) -> bool:
        """A row with a duplicated ID counts as a child only as its first row."""
        return not match_key(okr.id) or self.is_first(okr)

    def is_first(self, okr: Okr) -> bool:
        return self.first.get(match_key(okr.id)) is okr

    def key_results_of(self, objective: Okr) -> list[Okr]:
        key = match_key(objective.id)
        return self.key_results.get(key, []) if key else []

    def aligned_of(self, objective: Okr) -> list[Okr]:
        key = match_key(objective.id)
        return self.aligned.get(key, []) if key else []

    def counted(self, objective: Okr) -> list[Okr]:
        """The children an objective takes its progress from, per Progress from."""
        key_results = self.key_results_of(objective)
        aligned = self.aligned_of(objective)
        mode = objective.progress_from
        if mode is ProgressFrom.KEY_RESULTS:
            return key_results
        if mode is ProgressFrom.ALIGNED:
            return aligned
        if mode is ProgressFrom.BOTH:
            return key_results + aligned
        return key_results or aligned

    def children_first(self, cyclic: set[str]) -> list[Okr]:
        """Every objective, each after the objectives aligned to it."""
        order: list[Okr] = []
        seen: set[int] = set()
        for root in self.objectives:
            stack: list[tuple[Okr, bool]] = [(root, False)]
            while stack:
                objective, expanded = stack.pop()
                if expanded:
                    order.append(objective)
                    continue
                if objective.row in seen:
                    continue

                seen.add(objective.row)
                stack.append((objective, True))
                if match_key(objective.id) in cyclic and self.is_first(objective):
                    continue
                for child in reversed(self.aligned_of(objective)):
                    if child.row not in seen:
                        stack.append((child, False))
        return order
