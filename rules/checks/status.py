"""Checks that compare what leads say with what the numbers say."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from rules.findings import Finding
from rules.progress import OkrResult, OkrResults, status_disagrees
from rules.records import Status, Workbook


def check_statuses(
    book: Workbook, results: OkrResults, today: dt.date
) -> Iterator[Finding]:
    for okr in book.okrs:
        result = results.by_row.get(okr.row)
        if result is None:
            continue
        lead, suggested = okr.status, result.suggested
        if lead and suggested and status_disagrees(lead, suggested):
            yield book.finding_at(
                "status-disagrees",
                okr,
                "status",
                value=lead.value,
                goal=okr.label,
                status=lead.value,
                suggested=suggested.value,
                detail=_detail(result),
            )
        timeframe = result.timeframe
        if timeframe is None or timeframe.end >= today or not okr.is_objective:
            continue
        if result.status is not Status.ACCOMPLISHED:
            yield book.finding_at(
                "past-timeframe-open",
                okr,
                "status",
                value=okr.status.value if okr.status else "",
                goal=okr.label,
                end=timeframe.end.isoformat(),
            )


def _detail(result: OkrResult) -> str:
    if result.progress is None or result.expected is None:
        return "no progress yet"
    done, expected = result.progress.value, result.expected
    return f"{done:.0%} done, {expected:.0%} expected by now"
