"""KPI values and health against the target in force."""

from __future__ import annotations

from rules.records import Health, Kpi, TargetType


def kpi_value(
    kpi: Kpi, latest_check_in_value: float | None, actual: float | None = None
) -> float | None:
    """A KPI's current value: the actual when given, else Current, else a check-in."""
    if actual is not None:
        return actual
    if kpi.current is not None:
        return kpi.current
    return latest_check_in_value


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
    if kind in (TargetType.AT_MOST, TargetType.DECREASE_TO):
        return value <= target
    if kind is TargetType.BETWEEN and kpi.upper is not None:
        return target <= value <= kpi.upper
    return value >= target
