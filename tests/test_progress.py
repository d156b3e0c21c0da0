from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.progress import (
    Progress,
    compute_progress,
    effective_timeframes,
    expected_progress,
    find_alignment_cycles,
    key_result_progress,
    objective_progress,
    status_disagrees,
    suggest_status,
    weakest_status,
)
from rules.records import GoalType, Okr, ProgressFrom, ResultKind, Status
from rules.settings import Settings
from rules.timeframes import Span, Timeframe, parse_timeframe

SETTINGS = Settings()
Q1 = Timeframe(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), span=Span.QUARTER)
# 45 of Q1's 90 days have passed at the start of 15 February: E = 0.5.
MID_Q1 = dt.date(2026, 2, 15)


def kr(
    goal_id: str = "KR1.1", objective: str = "O1", row: int = 5, **fields: Any
) -> Okr:
    return Okr(
        tab="OKRs",
        row=row,
        id=goal_id,
        type=GoalType.KEY_RESULT,
        objective=objective,
        **fields,
    )


def objective(goal_id: str = "O1", row: int = 2, **fields: Any) -> Okr:
    return Okr(tab="OKRs", row=row, id=goal_id, type=GoalType.OBJECTIVE, **fields)


def progress(value: float, raw: float | None = None) -> Progress:
    return Progress(raw=value if raw is None else raw, value=value)


@pytest.mark.parametrize(
    ("fields", "raw", "value"),
    [
        pytest.param(dict(start=0, target=100, current=40), 0.4, 0.4, id="increasing"),
        pytest.param(dict(start=20, target=5, current=14), 0.4, 0.4, id="decreasing"),
        pytest.param(
            dict(start=0, target=100, current=150), 1.5, 1.0, id="clamped-above-1"
        ),
        pytest.param(
            dict(start=50, target=100, current=40), -0.2, 0.0, id="clamped-below-0"
        ),
        pytest.param(
            dict(start=20, target=5, current=26), -0.4, 0.0, id="decreasing-worse"
        ),
        pytest.param(dict(start=30, target=80), 0.0, 0.0, id="current-missing"),
        pytest.param(dict(target=8, current=2), 0.25, 0.25, id="start-missing-is-0"),
        pytest.param(
            dict(start=0, target=100, current=40, result_kind=ResultKind.METRIC),
            0.4,
            0.4,
            id="metric-explicit",
        ),
    ],
)
def test_key_result_progress_metric(
    fields: dict[str, Any], raw: float, value: float
) -> None:
    result = key_result_progress(kr(**fields))

    assert result is not None
    assert result.raw == pytest.approx(raw)
    assert result.value == pytest.approx(value)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(dict(start=10, target=10, current=10), id="target-equals-start"),
        pytest.param(dict(target=0, current=3), id="target-equals-missing-start"),
        pytest.param(dict(start=0, current=3), id="target-missing"),
        pytest.param(
            dict(result_kind=ResultKind.AT_LEAST, current=3), id="threshold-no-target"
        ),
    ],
)
def test_key_result_progress_unmeasurable(fields: dict[str, Any]) -> None:
    assert key_result_progress(kr(**fields)) is None


@pytest.mark.parametrize(
    ("kind", "target", "current", "expected"),
    [
        pytest.param(ResultKind.BINARY, 1, 1, 1.0, id="binary-done"),
        pytest.param(ResultKind.BINARY, 1, 0, 0.0, id="binary-not-done"),
        pytest.param(ResultKind.BINARY, 1, None, 0.0, id="binary-missing"),
        pytest.param(ResultKind.AT_LEAST, 95, 96, 1.0, id="at-least-above"),
        pytest.param(ResultKind.AT_LEAST, 95, 95, 1.0, id="at-least-at"),
        pytest.param(ResultKind.AT_LEAST, 95, 94.9, 0.0, id="at-least-below"),
        pytest.param(ResultKind.AT_LEAST, 95, None, 0.0, id="at-least-missing"),
        pytest.param(ResultKind.AT_MOST, 2, 1.9, 1.0, id="at-most-below"),
        pytest.param(ResultKind.AT_MOST, 2, 2, 1.0, id="at-most-at"),
        pytest.param(ResultKind.AT_MOST, 2, 2.1, 0.0, id="at-most-above"),
        pytest.param(ResultKind.AT_MOST, 2, None, 0.0, id="at-most-missing"),
    ],
)
def test_key_result_progress_binary_and_threshold(
    kind: ResultKind, target: float, current: float | None, expected: float
) -> None:
    result = key_result_progress(kr(result_kind=kind, target=target, current=current))

    assert result == Progress(raw=expected, value=expected)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        pytest.param([(None, progress(0.2)), (None, progress(0.6))], 0.4, id="mean"),
        pytest.param([(3, progress(1.0)), (1, progress(0.2))], 0.8, id="weighted"),
        pytest.param([(0, progress(1.0)), (2, progress(0.3))], 0.3, id="zero-weight"),
        pytest.param(
            [(-1, progress(1.0)), (1, progress(0.3))], 0.3, id="negative-weight"
        ),
        pytest.param([(1, None), (1, progress(0.7))], 0.7, id="no-progress-left-out"),
        pytest.param(
            [(1, progress(1.0, raw=2.0)), (1, progress(0.0))], 0.5, id="clamped-parts"
        ),
    ],
)
def test_objective_progress_weighted_mean(
    parts: list[tuple[float | None, Progress | None]], expected: float
) -> None:
    result = objective_progress(parts)

    assert result is not None
    assert result.value == pytest.approx(expected)
    assert result.raw == pytest.approx(expected)


@pytest.mark.parametrize(
    "parts",
    [
        pytest.param([], id="no-children"),
        pytest.param([(0, progress(1.0))], id="only-zero-weight"),
        pytest.param([(1, None)], id="only-unmeasured"),
    ],
)
def test_objective_progress_none(
    parts: list[tuple[float | None, Progress | None]],
) -> None:
    assert objective_progress(parts) is None


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(dt.date(2025, 12, 1), 0.0, id="before-start"),
        pytest.param(dt.date(2026, 1, 1), 0.0, id="first-day"),
        pytest.param(MID_Q1, 0.5, id="half-way"),
        pytest.param(dt.date(2026, 3, 31), 89 / 90, id="last-day"),
        pytest.param(dt.date(2026, 4, 1), 1.0, id="day-after"),
        pytest.param(dt.date(2026, 9, 1), 1.0, id="long-after"),
    ],
)
def test_expected_progress(today: dt.date, expected: float) -> None:
    assert expected_progress(Q1, today) == pytest.approx(expected)


def test_expected_progress_without_timeframe() -> None:
    assert expected_progress(None, MID_Q1) is None


def test_expected_progress_one_day_timeframe() -> None:
    day = parse_timeframe("2026-05-15..2026-05-15")

    assert expected_progress(day, dt.date(2026, 5, 15)) == 0.0
    assert expected_progress(day, dt.date(2026, 5, 16)) == 1.0


@pytest.mark.parametrize(
    ("expected", "value", "status"),
    [
        pytest.param(0.5, 0.5, Status.ON_TRACK, id="no-gap"),
        pytest.param(0.5, 0.9, Status.ON_TRACK, id="ahead"),
        pytest.param(0.75, 0.625, Status.ON_TRACK, id="gap-0.125"),
        pytest.param(0.5, 0.36, Status.ON_TRACK, id="gap-0.14"),
        pytest.param(0.5, 0.35, Status.NEEDS_ATTENTION, id="gap-0.15-float"),
        pytest.param(0.75, 0.6, Status.NEEDS_ATTENTION, id="gap-0.15-other-float"),
        pytest.param(0.5, 0.2, Status.NEEDS_ATTENTION, id="gap-0.30"),
        pytest.param(0.8, 0.5, Status.NEEDS_ATTENTION, id="gap-0.30-other-float"),
        pytest.param(0.5, 0.1999999, Status.OFF_TRACK, id="gap-0.3000001"),
        pytest.param(1.0, 0.0, Status.OFF_TRACK, id="gap-1"),
    ],
)
def test_suggest_status_bands(expected: float, value: float, status: Status) -> None:
    assert suggest_status(progress(value), expected, SETTINGS) is status


def test_suggest_status_bands_from_settings() -> None:
    settings = Settings(on_track_gap=0.25, off_track_gap=0.5)

    assert suggest_status(progress(0.3), 0.5, settings) is Status.ON_TRACK
    assert suggest_status(progress(0.25), 0.5, settings) is Status.NEEDS_ATTENTION
    assert suggest_status(progress(0.0), 0.5, settings) is Status.NEEDS_ATTENTION
    assert suggest_status(progress(0.0), 0.5625, settings) is Status.OFF_TRACK


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        pytest.param(1.0, Status.ACCOMPLISHED, id="exactly-1"),
        pytest.param(1.5, Status.ACCOMPLISHED, id="above-1"),
        pytest.param(0.99, Status.ON_TRACK, id="just-below-1"),
    ],
)
def test_suggest_status_accomplished(raw: float, status: Status) -> None:
    result = Progress(raw=raw, value=min(raw, 1.0))

    assert suggest_status(result, 1.0, SETTINGS) is status


@pytest.mark.parametrize(
    ("result", "expected", "started"),
    [
        pytest.param(None, 0.5, True, id="no-progress"),
        pytest.param(progress(0.5), None, True, id="no-expected"),
        pytest.param(progress(1.0), 0.0, False, id="before-start"),
    ],
)
def test_suggest_status_none(
    result: Progress | None, expected: float | None, started: bool
) -> None:
    assert suggest_status(result, expected, SETTINGS, started=started) is None


@pytest.mark.parametrize(
    ("lead", "suggested", "disagrees"),
    [
        pytest.param(Status.ON_TRACK, Status.OFF_TRACK, True, id="on-track-vs-off"),
        pytest.param(
            Status.ACCOMPLISHED, Status.OFF_TRACK, True, id="accomplished-vs-off"
        ),
        pytest.param(
            Status.ACCOMPLISHED, Status.ON_TRACK, True, id="accomplished-vs-on"
        ),
        pytest.param(
            Status.ACCOMPLISHED, Status.ACCOMPLISHED, False, id="accomplished-agrees"
        ),
        pytest.param(
            Status.ON_TRACK, Status.NEEDS_ATTENTION, False, id="on-track-vs-attention"
        ),
        pytest.param(
            Status.NEEDS_ATTENTION, Status.OFF_TRACK, False, id="attention-vs-off"
        ),
        pytest.param(Status.OFF_TRACK, Status.ON_TRACK, False, id="gloomier-lead"),
        pytest.param(None, Status.OFF_TRACK, False, id="no-lead-status"),
        pytest.param(Status.ON_TRACK, None, False, id="no-suggestion"),
    ],
)
def test_status_disagrees(
    lead: Status | None, suggested: Status | None, disagrees: bool
) -> None:
    assert status_disagrees(lead, suggested) is disagrees


def test_weakest_status() -> None:
    assert weakest_status([Status.ON_TRACK, None, Status.NEEDS_ATTENTION]) is (
        Status.NEEDS_ATTENTION
    )
    assert weakest_status([Status.ACCOMPLISHED, Status.OFF_TRACK]) is Status.OFF_TRACK
    assert weakest_status([None]) is None


def test_compute_progress_key_result() -> None:
    results = compute_progress(
        [kr(start=0, target=100, current=40, timeframe=Q1)], MID_Q1, SETTINGS
    )

    result = results.get(" kr1.1 ")
    assert result is not None
    assert result.row == 5
    assert result.id == "KR1.1"
    assert result.progress == Progress(raw=0.4, value=0.4)
    assert result.expected == 0.5
    assert result.suggested is Status.ON_TRACK
    assert result.status is Status.ON_TRACK
    assert results.by_row[5] is result


def test_compute_progress_key_result_takes_objective_timeframe() -> None:
    okrs = [objective(timeframe=Q1), kr(start=0, target=100, current=10)]

    results = compute_progress(okrs, MID_Q1, SETTINGS)

    assert results.by_row[5].expected == 0.5
    assert results.by_row[5].suggested is Status.OFF_TRACK
    assert effective_timeframes(okrs) == {2: Q1, 5: Q1}


def test_compute_progress_no_suggestion_before_start() -> None:
    okrs = [objective(timeframe=Q1), kr(start=0, target=10, current=10)]

    results = compute_progress(okrs, dt.date(2025, 12, 31), SETTINGS)

    for result in results.by_row.values():
        assert result.expected == 0.0
        assert result.suggested is None
        assert result.status is None


def test_compute_progress_lead_status_wins() -> None:
    okrs = [
        kr(start=0, target=100, current=0, timeframe=Q1, status=Status.ON_TRACK),
    ]

    result = compute_progress(okrs, MID_Q1, SETTINGS).by_row[5]

    assert result.suggested is Status.OFF_TRACK
    assert result.status is Status.ON_TRACK


def key_results_of_o1() -> list[Okr]:
    """O1 with two key results: KR1.1 at 0.9 (weight 3) and KR1.2 at 0.1."""
    return [
        objective("O1", row=2, timeframe=Q1),
        kr("KR1.1", row=3, start=0, target=10, current=9, weight=3),
        kr("KR1.2", row=4, start=0, target=10, current=1),
    ]


def test_compute_progress_objective_from_key_results() -> None:
    results = compute_progress(key_results_of_o1(), MID_Q1, SETTINGS)

    o1 = results.by_row[2]
    assert o1.progress is not None
    assert o1.progress.value == pytest.approx(0.7)
    assert o1.children == (3, 4)
    assert o1.suggested is Status.ON_TRACK
    assert results.by_row[4].status is Status.OFF_TRACK
    assert o1.status is Status.OFF_TRACK


def test_compute_progress_objective_lead_status_wins_over_children() -> None:
    okrs = key_results_of_o1()
    okrs[0] = objective("O1", row=2, timeframe=Q1, status=Status.NEEDS_ATTENTION)

    o1 = compute_progress(okrs, MID_Q1, SETTINGS).by_row[2]

    assert o1.suggested is Status.ON_TRACK
    assert o1.status is Status.NEEDS_ATTENTION


def test_compute_progress_objective_weakest_child_uses_child_lead_status() -> None:
    okrs = key_results_of_o1()
    okrs[2] = kr("KR1.2", row=4, start=0, target=10, current=1, status=Status.ON_TRACK)

    results = compute_progress(okrs, MID_Q1, SETTINGS)

    assert results.by_row[3].status is Status.ON_TRACK
    assert results.by_row[4].suggested is Status.OFF_TRACK
    assert results.by_row[2].status is Status.ON_TRACK


def test_compute_progress_objective_without_child_status_takes_suggestion() -> None:
    march = parse_timeframe("2026-03")
    okrs = [
        objective("O1", row=2, timeframe=Q1),
        kr("KR1.1", row=3, target=10, current=9, timeframe=march),
    ]

    results = compute_progress(okrs, MID_Q1, SETTINGS)

    assert results.by_row[3].status is None
    assert results.by_row[2].suggested is Status.ON_TRACK
    assert results.by_row[2].status is Status.ON_TRACK


def test_compute_progress_zero_weight_child_skipped() -> None:
    okrs = [
        objective("O1", row=2, timeframe=Q1),
        kr("KR1.1", row=3, target=10, current=8),
        kr("KR1.2", row=4, target=10, current=0, weight=0),
    ]

    o1 = compute_progress(okrs, MID_Q1, SETTINGS).by_row[2]

    assert o1.progress == Progress(raw=0.8, value=0.8)
    assert o1.children == (3,)
    assert o1.status is Status.ON_TRACK


def aligned_tree(mode: ProgressFrom | None) -> list[Okr]:
    """O1 has KR1.1 at 0.2; O2 (weight 3, at 0.6) and O3 (at 1) align to it."""
    return [
        objective("O1", row=2, progress_from=mode),
        kr("KR1.1", row=3, target=10, current=2),
        objective("O2", row=4, aligned_to="o1", weight=3),
        kr("KR2.1", row=5, objective="O2", target=10, current=6),
        objective("O3", row=6, aligned_to=" O1 "),
        kr("KR3.1", row=7, objective="O3", target=10, current=10),
    ]


@pytest.mark.parametrize(
    ("mode", "expected", "children"),
    [
        pytest.param(None, 0.2, (3,), id="default-key-results"),
        pytest.param(ProgressFrom.KEY_RESULTS, 0.2, (3,), id="key-results"),
        pytest.param(ProgressFrom.ALIGNED, 0.7, (4, 6), id="aligned"),
        pytest.param(ProgressFrom.BOTH, 0.6, (3, 4, 6), id="both"),
    ],
)
def test_compute_progress_progress_from(
    mode: ProgressFrom | None, expected: float, children: tuple[int, ...]
) -> None:
    o1 = compute_progress(aligned_tree(mode), MID_Q1, SETTINGS).by_row[2]

    assert o1.progress is not None
    assert o1.progress.value == pytest.approx(expected)
    assert o1.children == children


def test_compute_progress_default_aligned_without_key_results() -> None:
    okrs = [okr for okr in aligned_tree(None) if okr.row != 3]

    o1 = compute_progress(okrs, MID_Q1, SETTINGS).by_row[2]

    assert o1.progress is not None
    assert o1.progress.value == pytest.approx(0.7)


def test_compute_progress_recurses_through_aligned_objectives() -> None:
    okrs = [
        objective("O1", row=2),
        objective("O2", row=3, aligned_to="O1"),
        objective("O3", row=4, aligned_to="O2"),
        kr("KR3.1", row=5, objective="O3", target=4, current=1),
    ]

    results = compute_progress(okrs, MID_Q1, SETTINGS)

    for row in (2, 3, 4):
        assert results.by_row[row].progress == Progress(raw=0.25, value=0.25)


def test_compute_progress_duplicate_child_counts_once() -> None:
    okrs = [
        objective("O1", row=2),
        kr("KR1.1", row=3, target=10, current=10),
        kr("kr1.1", row=4, target=10, current=0),
    ]

    results = compute_progress(okrs, MID_Q1, SETTINGS)

    assert results.by_row[2].children == (3,)
    assert results.by_row[2].progress == Progress(raw=1.0, value=1.0)
    assert results.by_row[4].progress == Progress(raw=0.0, value=0.0)
    assert results.get("KR1.1") is results.by_row[3]


def test_compute_progress_key_result_without_id_counts() -> None:
    okrs = [objective("O1", row=2), kr("", row=3, target=10, current=5)]

    results = compute_progress(okrs, MID_Q1, SETTINGS)

    assert results.by_row[2].progress == Progress(raw=0.5, value=0.5)
    assert results.by_row[3].progress == Progress(raw=0.5, value=0.5)
    assert set(results.by_id) == {"o1"}


@pytest.mark.parametrize(
    ("okrs", "cycles"),
    [
        pytest.param(
            [
                objective("A", row=2, aligned_to="B"),
                objective("B", row=3, aligned_to="a"),
            ],
            [["A", "B"]],
            id="two",
        ),
        pytest.param([objective("A", row=2, aligned_to=" a")], [["A"]], id="self"),
        pytest.param(
            [
                objective("C", row=2, aligned_to="B"),
                objective("A", row=3, aligned_to="B"),
                objective("B", row=4, aligned_to="A"),
            ],
            [["A", "B"]],
            id="entered-from-outside",
        ),
        pytest.param(
            [
                objective("X", row=2, aligned_to="Y"),
                objective("Y", row=3, aligned_to="Z"),
                objective("Z", row=4, aligned_to="X"),
                objective("S", row=5, aligned_to="S"),
            ],
            [["X", "Y", "Z"], ["S"]],
            id="two-cycles",
        ),
        pytest.param(
            [objective("A", row=2, aligned_to="B"), objective("B", row=3)],
            [],
            id="chain",
        ),
        pytest.param(
            [objective("A", row=2, aligned_to="KR1"), kr("KR1", objective="A")],
            [],
            id="aligned-to-key-result",
        ),
    ],
)
def test_find_alignment_cycles(okrs: list[Okr], cycles: list[list[str]]) -> None:
    assert find_alignment_cycles(okrs) == cycles


def test_compute_progress_alignment_cycle_has_no_progress() -> None:
    okrs = [
        objective("A", row=2, aligned_to="B", progress_from=ProgressFrom.BOTH),
        kr("KRA", row=3, objective="A", target=10, current=5, timeframe=Q1),
        objective("B", row=4, aligned_to="A", status=Status.ON_TRACK),
        objective("C", row=5, aligned_to="A"),
        kr("KRC", row=6, objective="C", target=10, current=10),
        objective("S", row=7, aligned_to="S", timeframe=Q1),
    ]

    results = compute_progress(okrs, MID_Q1, SETTINGS)

    assert results.cycles == [["A", "B"], ["S"]]
    for row in (2, 4, 7):
        assert results.by_row[row].progress is None
        assert results.by_row[row].suggested is None
    assert results.by_row[2].status is None
    assert results.by_row[4].status is Status.ON_TRACK
    assert results.by_row[7].expected == 0.5
    assert results.by_row[3].progress == Progress(raw=0.5, value=0.5)
    assert results.by_row[5].progress == Progress(raw=1.0, value=1.0)


def test_compute_progress_is_fast() -> None:
    okrs: list[Okr] = []
    for number in range(1000):
        parent = f"O{number // 10}" if number >= 10 else ""
        okrs.append(
            objective(f"O{number}", row=len(okrs) + 2, aligned_to=parent, timeframe=Q1)
        )
        for index in range(4):
            okrs.append(
                kr(
                    f"KR{number}.{index}",
                    objective=f"O{number}",
                    row=len(okrs) + 2,
                    target=10,
                    current=index,
                )
            )

    began = time.perf_counter()
    results = compute_progress(okrs, MID_Q1, SETTINGS)
    elapsed = time.perf_counter() - began

    assert len(results.by_row) == 5000
    assert elapsed < 0.5


def test_compute_progress_long_alignment_chain() -> None:
    okrs = [objective("O0", row=2)]
    okrs += [
        objective(f"O{number}", row=number + 2, aligned_to=f"O{number - 1}")
        for number in range(1, 3000)
    ]
    okrs.append(kr("KR", row=4000, objective="O2999", target=2, current=1))

    results = compute_progress(okrs, MID_Q1, SETTINGS)

    assert results.by_row[2].progress == Progress(raw=0.5, value=0.5)


def test_compute_progress_duplicate_ids_across_types_and_cycles() -> None:
    okrs = [
        kr("A", row=2, objective="B", target=2, current=1),
        objective("A", row=3, aligned_to="B"),
        objective("B", row=4, aligned_to="A"),
        objective("B", row=5, aligned_to="B"),
    ]

    results = compute_progress(okrs, MID_Q1, SETTINGS)

    assert results.cycles == []
    assert results.by_row[4].progress == Progress(raw=0.5, value=0.5)
    assert results.by_row[4].children == (2,)
    assert results.get("a") is results.by_row[2]


IDS = st.sampled_from(["O1", "O2", "o2", "O3", "KR1", ""])


@st.composite
def okr_rows(draw: st.DrawFn) -> list[Okr]:
    rows = draw(st.lists(st.tuples(st.booleans(), IDS, IDS, IDS), max_size=8))
    modes = st.sampled_from([None, *ProgressFrom])
    numbers = st.none() | st.floats(-10, 10, allow_nan=False)
    okrs: list[Okr] = []
    for row, (is_key_result, goal_id, parent, aligned) in enumerate(rows, start=2):
        okrs.append(
            Okr(
                tab="OKRs",
                row=row,
                id=goal_id,
                type=GoalType.KEY_RESULT if is_key_result else GoalType.OBJECTIVE,
                objective=parent,
                aligned_to=aligned,
                progress_from=draw(modes),
                weight=draw(numbers),
                start=draw(numbers),
                target=draw(numbers),
                current=draw(numbers),
                timeframe=Q1,
            )
        )
    return okrs


@given(okr_rows())
def test_compute_progress_never_raises(okrs: list[Okr]) -> None:
    results = compute_progress(okrs, MID_Q1, SETTINGS)

    assert set(results.by_row) == {okr.row for okr in okrs}
    for result in results.by_row.values():
        if result.progress is not None:
            assert 0.0 <= result.progress.value <= 1.0
