from __future__ import annotations

from typing import Any

import pytest

from rules.health import kpi_health, kpi_value
from rules.records import Health, Kpi, TargetType

HEALTHY, UNHEALTHY, UNKNOWN = Health.HEALTHY, Health.UNHEALTHY, Health.UNKNOWN


def kpi(**fields: Any) -> Kpi:
    return Kpi(tab="KPIs", row=4, id="K1", name="CSAT", **fields)


@pytest.mark.parametrize(
    ("target_type", "value", "health"),
    [
        pytest.param(TargetType.AT_LEAST, 95, HEALTHY, id="at-least-at"),
        pytest.param(TargetType.AT_LEAST, 94.99, UNHEALTHY, id="at-least-below"),
        pytest.param(TargetType.AT_LEAST, 95.01, HEALTHY, id="at-least-above"),
        pytest.param(TargetType.INCREASE_TO, 95, HEALTHY, id="increase-to-at"),
        pytest.param(TargetType.INCREASE_TO, 94.99, UNHEALTHY, id="increase-to-below"),
        pytest.param(TargetType.INCREASE_TO, 95.01, HEALTHY, id="increase-to-above"),
        pytest.param(TargetType.AT_MOST, 95, HEALTHY, id="at-most-at"),
        pytest.param(TargetType.AT_MOST, 94.99, HEALTHY, id="at-most-below"),
        pytest.param(TargetType.AT_MOST, 95.01, UNHEALTHY, id="at-most-above"),
        pytest.param(TargetType.DECREASE_TO, 95, HEALTHY, id="decrease-to-at"),
        pytest.param(TargetType.DECREASE_TO, 94.99, HEALTHY, id="decrease-to-below"),
        pytest.param(TargetType.DECREASE_TO, 95.01, UNHEALTHY, id="decrease-to-above"),
        pytest.param(None, 95, HEALTHY, id="no-type-at"),
        pytest.param(None, 94.99, UNHEALTHY, id="no-type-below"),
        pytest.param(None, 95.01, HEALTHY, id="no-type-above"),
    ],
)
def test_kpi_health_against_target(
    target_type: TargetType | None, value: float, health: Health
) -> None:
    assert kpi_health(kpi(target_type=target_type, target=95), value) is health


@pytest.mark.parametrize(
    ("upper", "value", "health"),
    [
        pytest.param(110, 89.99, UNHEALTHY, id="below-lower"),
        pytest.param(110, 90, HEALTHY, id="at-lower"),
        pytest.param(110, 100, HEALTHY, id="inside"),
        pytest.param(110, 110, HEALTHY, id="at-upper"),
        pytest.param(110, 110.01, UNHEALTHY, id="above-upper"),
        pytest.param(None, 89.99, UNHEALTHY, id="no-upper-below"),
        pytest.param(None, 90, HEALTHY, id="no-upper-at"),
        pytest.param(None, 1e9, HEALTHY, id="no-upper-far-above"),
    ],
)
def test_kpi_health_between(upper: float | None, value: float, health: Health) -> None:
    between = kpi(target_type=TargetType.BETWEEN, target=90, upper=upper)

    assert kpi_health(between, value) is health


def test_kpi_health_target_now_overrides_target() -> None:
    mqls = kpi(target_type=TargetType.AT_LEAST, target=500)

    assert kpi_health(mqls, 200, target_now=150) is HEALTHY
    assert kpi_health(mqls, 200) is UNHEALTHY


def test_kpi_health_target_now_is_the_lower_bound_of_between() -> None:
    between = kpi(target_type=TargetType.BETWEEN, target=90, upper=110)

    assert kpi_health(between, 85, target_now=80) is HEALTHY


@pytest.mark.parametrize(
    ("target", "value", "health"),
    [
        pytest.param(None, 3, HEALTHY, id="no-target"),
        pytest.param(95, None, UNKNOWN, id="no-value"),
        pytest.param(None, None, UNKNOWN, id="neither"),
    ],
)
def test_kpi_health_missing(
    target: float | None, value: float | None, health: Health
) -> None:
    assert kpi_health(kpi(target=target), value) is health


@pytest.mark.parametrize(
    ("current", "check_in", "actual", "value"),
    [
        pytest.param(89, 91, 93, 93, id="actual-wins"),
        pytest.param(89, 91, None, 89, id="current-next"),
        pytest.param(None, 91, None, 91, id="check-in-last"),
        pytest.param(0, 91, None, 0, id="zero-current-counts"),
        pytest.param(None, None, None, None, id="nothing"),
    ],
)
def test_kpi_value(
    current: float | None,
    check_in: float | None,
    actual: float | None,
    value: float | None,
) -> None:
    assert kpi_value(kpi(current=current), check_in, actual=actual) == value
