"""KPI values, the target in force, health against it, and the trend."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from rules.actuals import Period, month_of, period_share
from rules.records import Health, Kpi, TargetType

# Target types whose target a KPI reaches over its period, not one it holds.
_REACHED = (TargetType.INCREASE_TO, TargetType.DECREASE_TO)
_LOWER_IS_BETTER = (TargetType.AT_MOST, TargetType.DECREASE_TO)
_PERCENT_UNITS = frozenset({"%", "percent", "pct"})


def kpi_value(
    kpi: Kpi, latest_check_in_value: float | None, actual: float | None = None
) -> float | None:
    """A KPI's current value: the actual when given, else Current, else a check-in."""
    if actual is not None:
        return actual
    if kpi.current is not None:
        return kpi.current
    return latest_check_in_value


def target_now(
    kpi: Kpi,
    monthly_targets: Mapping[dt.date, float],
    day: dt.date,
    reset: Period | None = None,
) -> float | None:
    """The target in force on `day`, the day the KPI's value stands for.

    A monthly target from the Actuals tab holds from its month until the next
    one. Without one the KPI's Target holds; when the KPI adds up a period that
    resets (`reset`), an "increase to" or "decrease to" Target grows with the
    share of the period gone: a quarterly 500 is 250 halfway through.
    """
    month = month_of(day)
    pasted = [when for when in monthly_targets if when <= month]
    if pasted:
        return monthly_targets[max(pasted)]
    if kpi.target is None or reset is None or kpi.target_type not in _REACHED:
        return kpi.target
    return kpi.target * period_share(day, reset)


def kpi_health(
    kpi: Kpi, value: float | None, target_now: float | None = None
) -> Health:
    """Healthy when the value meets the target now (the KPI's Target by default).

    No value is unknown, even without a target; no target is healthy, and the
    checks add a finding. A missing target type means at least.
    """
    if value is None:
        return Health.UNKNOWN
    target = target_now if target_now is not None else kpi.target
    if target is None:
        return Health.HEALTHY

    return Health.HEALTHY if _meets(kpi, value, target) else Health.UNHEALTHY


def _meets(kpi: Kpi, value: float, target: float) -> bool:
    kind = kpi.target_type or TargetType.AT_LEAST
    if kind in _LOWER_IS_BETTER:
        return value <= target
    if kind is TargetType.BETWEEN and kpi.upper is not None:
        return target <= value <= kpi.upper
    return value >= target


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    STEADY = "steady"


_ARROWS = {1: "▲", -1: "▼", 0: "►"}


@dataclass(frozen=True, slots=True)
class Trend:
    """A KPI's change against the previous period, and whether it is good news."""

    change: float
    direction: Direction
    text: str  # "▲ +4.2 (better)", for the KPIs tab's Trend column


def kpi_trend(
    kpi: Kpi,
    value: float | None,
    previous: float | None,
    target_now: float | None = None,
) -> Trend | None:
    """How the value moved since the previous period, read against the target type.

    Up is better for at least and increase to, down for at most and decrease
    to; for between, moving towards the range is better and moving inside it
    is steady.
    """
    if value is None or previous is None:
        return None
    change = value - previous
    if _same(value, previous):
        change = 0.0

    direction = _direction(kpi, value, previous, target_now)
    sign = (change > 0) - (change < 0)
    text = f"{_ARROWS[sign]} {signed_change(change, kpi.unit)} ({direction})"
    return Trend(change=change, direction=direction, text=text)


def _direction(
    kpi: Kpi, value: float, previous: float, target_now: float | None
) -> Direction:
    kind = kpi.target_type or TargetType.AT_LEAST
    if kind is TargetType.BETWEEN and kpi.upper is not None:
        lower = target_now if target_now is not None else kpi.target
        now, before = _gap(value, lower, kpi.upper), _gap(previous, lower, kpi.upper)
        if _same(now, before):
            return Direction.STEADY
        return Direction.BETTER if now < before else Direction.WORSE

    if _same(value, previous):
        return Direction.STEADY
    rose = value > previous
    better = not rose if kind in _LOWER_IS_BETTER else rose
    return Direction.BETTER if better else Direction.WORSE


def _gap(value: float, lower: float | None, upper: float) -> float:
    """How far a value lies outside a range; 0 inside it."""
    below = lower - value if lower is not None else 0.0
    return max(below, value - upper, 0.0)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def signed_change(change: float, unit: str = "") -> str:
    """A change as a person writes it: +4.2, -30, +24,000, or -3.3 pts for %."""
    if change == 0:
        return "0"
    if unit.strip().casefold() in _PERCENT_UNITS:
        return f"{change * 100:+.1f} pts"
    size = abs(change)
    decimals = 0 if size >= 100 else 1 if size >= 1 else 2 if size >= 0.01 else 4
    text = f"{change:+,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
