"""Reading one cell as the type its column wants, or saying why it can't be."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from rules.numbers import NumberProblem, read_amount
from rules.records import ResultKind
from rules.timeframes import Timeframe, parse_timeframe
from sheets.grid import CellValue, ErrorValue, is_blank

# Spreadsheet serial day numbers count from this day (1900 date system).
SERIAL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (1, 2958465)  # 1900-01-01 .. 9999-12-31

_DONE = {"done", "yes", "true", "complete", "completed", "x", "✓", "✔"}
_NOT_DONE = {"not done", "no", "false", "open", "todo", "to do"}
_THRESHOLD = re.compile(
    r"(>=|≥|=>|at least|stay at or above|<=|≤|=<|at most|stay at or below)\s*(.+)",
    re.IGNORECASE,
)
_BELOW = {"<=", "≤", "=<", "at most", "stay at or below"}
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%Y/%m/%d")


class CellProblem(Exception):
    """A cell that cannot be read as its column's type: a finding code."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class KeyResultTarget:
    kind: ResultKind
    value: float | None


def check_error(value: CellValue) -> None:
    if isinstance(value, ErrorValue):
        raise CellProblem("error-value")


def read_text(value: CellValue) -> str:
    """Any cell as text; numbers lose a trailing .0 and dates read as ISO."""
    check_error(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def read_number(value: CellValue, locale: str = "") -> float | None:
    """A number, or text that is one under the Number locale ("1,200.5", "80%").

    Typed and pasted numbers read alike, by the rules of `rules.numbers`; a
    locale goalsheet does not know must be caught before, on the Settings tab.
    """
    if type(value) is float and math.isfinite(value):
        return value
    check_error(value)
    if is_blank(value):
        return None
    try:
        return read_amount(value, locale).number
    except NumberProblem as problem:
        raise CellProblem(problem.code.value, detail=problem.message) from None


def read_date(value: CellValue) -> dt.date | None:
    """A date cell, an ISO date typed as text, or a serial day number."""
    check_error(value)
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return SERIAL_EPOCH + dt.timedelta(days=int(value))
        raise CellProblem("bad-date")
    if isinstance(value, str):
        return _date_from_text(value.strip())
    raise CellProblem("bad-date")


def _date_from_text(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise CellProblem("bad-date")


def read_choice(value: CellValue, choices: tuple[str, ...]) -> str | None:
    """One of a dropdown's words, matched ignoring case and extra spaces."""
    text = read_text(value)
    if not text:
        return None
    wanted = " ".join(text.casefold().replace("-", " ").split())
    for choice in choices:
        if choice.casefold() == wanted:
            return choice.casefold()
    raise CellProblem("unknown-choice", choices=", ".join(choices))


def read_yes_no(value: CellValue) -> bool | None:
    if isinstance(value, bool):
        return value
    text = read_text(value).casefold()
    if not text:
        return None
    if text in {"yes", "y", "true", "approved", "x", "✓", "✔", "1"}:
        return True
    if text in {"no", "n", "false", "0", "pending"}:
        return False
    raise CellProblem("unknown-choice", choices="yes, no")


def read_timeframe(value: CellValue) -> tuple[Timeframe | None, str]:
    text = read_text(value)
    if not text:
        return None, ""
    timeframe = parse_timeframe(text)
    if timeframe is None:
        raise CellProblem("bad-timeframe")
    return timeframe, text


def read_key_result_target(
    value: CellValue, locale: str = ""
) -> KeyResultTarget | None:
    """A key result's target: a number, "done", or a threshold like ">= 95%"."""
    check_error(value)
    if is_blank(value):
        return None
    if isinstance(value, str):
        text = " ".join(value.split())
        if text.casefold() in _DONE:
            return KeyResultTarget(ResultKind.BINARY, 1.0)
        if match := _THRESHOLD.fullmatch(text):
            below = match[1].casefold() in _BELOW
            kind = ResultKind.AT_MOST if below else ResultKind.AT_LEAST
            return KeyResultTarget(kind, read_number(match[2], locale))
    return KeyResultTarget(ResultKind.METRIC, read_number(value, locale))


def read_key_result_value(value: CellValue, locale: str = "") -> float | None:
    """A key result's current value; done and not done count as 1 and 0."""
    if isinstance(value, str):
        text = " ".join(value.strip().casefold().split())
        if text in _DONE:
            return 1.0
        if text in _NOT_DONE:
            return 0.0
    return read_number(value, locale)
