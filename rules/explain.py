"""Short explanations of computed numbers: which values and which formula."""

from __future__ import annotations

import datetime as dt

from rules.evaluate import KpiResult
from rules.progress import OkrResult, OkrResults
from rules.records import Health, Kpi, Okr, ResultKind, TargetType
from rules.timeframes import Timeframe

_COMPARISONS = {
    TargetType.AT_LEAST: ">=",
    TargetType.INCREASE_TO: ">=",
    TargetType.AT_MOST: "<=",
    TargetType.DECREASE_TO: "<=",
}


def number(value: float) -> str:
    """A number as a person would write it: 1,250 or 0.125."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) >= 1 else f"{value:.4g}"


def percent(value: float) -> str:
    return f"{value:.0%}"


def explain_key_result(kr: Okr, result: OkrResult) -> str:
    """How a key result's progress was computed."""
    progress = result.progress
    if progress is None:
        return "No progress: the key result has no measurable target."
    kind = kr.result_kind or ResultKind.METRIC
    current = "none yet" if kr.current is None else number(kr.current)
    if kind is ResultKind.BINARY:
        state = "done" if progress.value >= 1 else "not done"
        text = f"Progress {percent(progress.value)}: {state}."
    elif kind in (ResultKind.AT_LEAST, ResultKind.AT_MOST):
        sign = ">=" if kind is ResultKind.AT_LEAST else "<="
        verdict = "meets" if progress.value >= 1 else "misses"
        target = number(kr.target or 0.0)
        text = (
            f"Progress {percent(progress.value)}: {current} {verdict} {sign} {target}."
        )
    else:
        start = kr.start or 0.0
        actual = kr.current if kr.current is not None else start
        text = (
            f"Progress {percent(progress.value)} = ({number(actual)} - "
            f"{number(start)}) / ({number(kr.target or 0.0)} - {number(start)})"
        )
        text += ", kept within 0-100%." if progress.raw != progress.value else "."
    return f"{text} {explain_expected(result)}".strip()


def explain_objective(
    result: OkrResult, results: OkrResults, weights: dict[int, float | None]
) -> str:
    """How an objective's progress came from its children, weights by row."""
    if result.progress is None:
        return "No progress: nothing measurable counts towards it yet."
    parts = []
    for row in result.children:
        child = results.by_row[row]
        if child.progress is None:
            continue
        weight = weights.get(row)
        times = "" if weight is None or weight == 1 else f" x{number(weight)}"
        name = child.id or f"row {row}"
        parts.append(f"{name} {percent(child.progress.value)}{times}")
    text = (
        f"Progress {percent(result.progress.value)} = weighted mean of "
        f"{', '.join(parts)}."
    )
    return f"{text} {explain_expected(result)}".strip()


def explain_expected(result: OkrResult) -> str:
    timeframe = result.timeframe
    if result.expected is None or timeframe is None:
        return ""
    days = _days(timeframe)
    gone = round(result.expected * days)
    return f"Expected {percent(result.expected)} by now ({gone} of {days} days)."


def explain_kpi(kpi: Kpi, result: KpiResult, source: str) -> str:
    """Where a KPI's value came from and how its health follows from the target."""
    if result.value is None:
        return "Health unknown: no Current value and no check-in with a value."
    value = number(result.value)
    if result.target_now is None:
        return f"Value {value} from {source}; no target, so counted as healthy."
    target = number(result.target_now)
    kind = kpi.target_type or TargetType.AT_LEAST
    if kind is TargetType.BETWEEN:
        upper = "" if kpi.upper is None else f" and <= {number(kpi.upper)}"
        rule = f">= {target}{upper}"
    else:
        rule = f"{_COMPARISONS[kind]} {target}"
    verdict = "healthy" if result.health is Health.HEALTHY else "unhealthy"
    return f"Value {value} from {source}; {verdict} because it must be {rule}."


def _days(timeframe: Timeframe) -> int:
    return (timeframe.end - timeframe.start).days + 1


def iso_week(day: dt.date) -> str:
    """The ISO week of a day, such as 2026-W19, for filtering check-ins."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
