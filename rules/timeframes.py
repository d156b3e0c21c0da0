"""Timeframes of goals: years, quarters, months and explicit date ranges."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Span(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    CUSTOM = "custom"


class Timeframe(BaseModel):
    """The first and last day of a goal's timeframe, both included."""

    model_config = ConfigDict(frozen=True)

    start: dt.date
    end: dt.date
    span: Span

    def contains(self, other: Timeframe) -> bool:
        return self.start <= other.start and other.end <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


_YEAR = re.compile(r"(?:fy\s*)?(\d{4})")
_QUARTER = re.compile(r"(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*[-/ ]?\s*(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\s*(?:\.\.|–|—|to)\s*(\d{4}-\d{2}-\d{2})")


def parse_timeframe(text: str) -> Timeframe | None:
    """Read "2026", "2026-Q1", "Q1 2026", "2026-01" or "start..end"; else None."""
    try:
        return _parse(text.strip().casefold())
    except ValueError:  # a year outside 1..9999
        return None


def _parse(value: str) -> Timeframe | None:
    if match := _YEAR.fullmatch(value):
        year = int(match[1])
        return Timeframe(
            start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), span=Span.YEAR
        )

    if match := _QUARTER.fullmatch(value):
        year = int(match[1] or match[4])
        quarter = int(match[2] or match[3])
        first = dt.date(year, 3 * quarter - 2, 1)
        return Timeframe(
            start=first, end=_month_end(year, 3 * quarter), span=Span.QUARTER
        )

    if match := _MONTH.fullmatch(value):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            return None
        return Timeframe(
            start=dt.date(year, month, 1), end=_month_end(year, month), span=Span.MONTH
        )

    if match := _RANGE.fullmatch(value):
        start = dt.date.fromisoformat(match[1])
        end = dt.date.fromisoformat(match[2])
        if end < start:
            return None
        return Timeframe(start=start, end=end, span=Span.CUSTOM)

    return None


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
