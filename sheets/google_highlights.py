"""goalsheet's own conditional-format highlights on a Google Sheet.

A rule is goalsheet's when its custom formula holds HIGHLIGHT_MARK, stored as
=AND(mark,condition) like the Excel applier does; every other rule is a
person's and is never part of a request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sheets.grid import column_letter
from sheets.plan import HIGHLIGHT_COLOURS, HIGHLIGHT_MARK, Highlight
from sheets.xlsx_highlights import condition, stored_formula

_CELL_RANGE = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6}):([A-Z]{1,3})([1-9][0-9]{0,6})")

# (range in A1, condition, (fill, font) as RGB hex): how two rules compare.
RuleKey = tuple[str, str, tuple[str, str] | None]


@dataclass(frozen=True)
class Rule:
    """A conditional-format rule of a tab: its place and, when ours, what it says."""

    index: int
    ours: bool
    key: RuleKey | None = None


def read_rules(tab: str, formats: list[dict[str, Any]]) -> list[Rule]:
    """Every rule of a tab in order, goalsheet's recognised by the mark."""
    rules = []
    for index, rule in enumerate(formats):
        formula = _formula(rule)
        if formula is None or HIGHLIGHT_MARK not in formula:
            rules.append(Rule(index, ours=False))
            continue
        ranges = " ".join(_a1(grid) for grid in rule.get("ranges") or [])
        colours = _colours(rule["booleanRule"].get("format") or {})
        rules.append(Rule(index, ours=True, key=(ranges, condition(formula), colours)))
    return rules


def wanted_keys(highlights: list[Highlight]) -> list[RuleKey]:
    return [
        (h.range.upper(), condition(h.formula), HIGHLIGHT_COLOURS[h.style])
        for h in highlights
    ]


def rule_requests(
    sheet_id: int, rules: list[Rule], highlights: list[Highlight], row_count: int
) -> list[dict[str, Any]]:
    """Requests that make goalsheet's rules the planned ones; none when they are.

    Ours are deleted highest index first, so the indexes read stay right, then
    the planned ones are added after people's rules, which keep their priority.
    Ranges end at the grid's last row: Google keeps rules inside the grid.
    """
    highlights = fit_to_grid(highlights, row_count)
    ours = [rule for rule in rules if rule.ours]
    if [rule.key for rule in ours] == wanted_keys(highlights):
        return []
    requests: list[dict[str, Any]] = [
        {"deleteConditionalFormatRule": {"sheetId": sheet_id, "index": rule.index}}
        for rule in sorted(ours, key=lambda rule: rule.index, reverse=True)
    ]
    first = len(rules) - len(ours)
    for offset, highlight in enumerate(highlights):
        requests.append(
            {
                "addConditionalFormatRule": {
                    "index": first + offset,
                    "rule": _rule(sheet_id, highlight),
                }
            }
        )
    return requests


def fit_to_grid(highlights: list[Highlight], row_count: int) -> list[Highlight]:
    """Highlights cut off at the grid's last row; none that start below it."""
    fitted = []
    for highlight in highlights:
        found = _CELL_RANGE.fullmatch(highlight.range.upper())
        if found is None:
            raise ValueError(f"{highlight.range!r} is not a range like A5:T10004")
        first, top, last, bottom = found.groups()
        if int(top) > row_count:
            continue
        cells = f"{first}{top}:{last}{min(int(bottom), row_count)}"
        fitted.append(highlight.model_copy(update={"range": cells}))
    return fitted


def _rule(sheet_id: int, highlight: Highlight) -> dict[str, Any]:
    fill, font = HIGHLIGHT_COLOURS[highlight.style]
    return {
        "ranges": [grid_range(sheet_id, highlight.range)],
        "booleanRule": {
            "condition": {
                "type": "CUSTOM_FORMULA",
                "values": [
                    {"userEnteredValue": "=" + stored_formula(highlight.formula)}
                ],
            },
            "format": {
                "backgroundColorStyle": {"rgbColor": rgb(fill)},
                "textFormat": {"foregroundColorStyle": {"rgbColor": rgb(font)}},
            },
        },
    }


def grid_range(sheet_id: int, cells: str) -> dict[str, int]:
    """A GridRange from A1 notation such as "A5:T10004"."""
    found = _CELL_RANGE.fullmatch(cells.upper())
    if found is None:
        raise ValueError(f"{cells!r} is not a range like A5:T10004")
    first, top, last, bottom = found.groups()
    return {
        "sheetId": sheet_id,
        "startRowIndex": int(top) - 1,
        "endRowIndex": int(bottom),
        "startColumnIndex": _column_index(first),
        "endColumnIndex": _column_index(last) + 1,
    }


def _column_index(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def _a1(grid: dict[str, Any]) -> str:
    """A bounded GridRange in A1 notation; an unbounded side reads as '?'."""
    try:
        first = column_letter(int(grid.get("startColumnIndex", 0)))
        last = column_letter(int(grid["endColumnIndex"]) - 1)
        top = int(grid.get("startRowIndex", 0)) + 1
        bottom = int(grid["endRowIndex"])
    except KeyError:
        return "?"
    return f"{first}{top}:{last}{bottom}"


def _formula(rule: dict[str, Any]) -> str | None:
    condition_ = (rule.get("booleanRule") or {}).get("condition") or {}
    if condition_.get("type") != "CUSTOM_FORMULA":
        return None
    values = condition_.get("values") or [{}]
    return str(values[0].get("userEnteredValue", ""))


def rgb(hex_colour: str) -> dict[str, float]:
    """A Color from RGB hex such as "F8D7DA"."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return {"red": red, "green": green, "blue": blue}


def _colours(cell_format: dict[str, Any]) -> tuple[str, str] | None:
    fill = _hex(cell_format, "backgroundColorStyle", "backgroundColor")
    text = cell_format.get("textFormat") or {}
    font = _hex(text, "foregroundColorStyle", "foregroundColor")
    if fill is None or font is None:
        return None
    return fill, font


def _hex(owner: dict[str, Any], style: str, plain: str) -> str | None:
    """A colour as RGB hex, from its style or its older plain field."""
    colour = (owner.get(style) or {}).get("rgbColor") or owner.get(plain)
    if not isinstance(colour, dict):
        return None
    parts = (round(float(colour.get(name, 0.0)) * 255) for name in _CHANNELS)
    return "".join(f"{part:02X}" for part in parts)


_CHANNELS = ("red", "green", "blue")
