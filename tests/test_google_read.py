"""A spreadsheets.get answer as grids, tags and rules, whatever shape the tabs have."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sheets.google_highlights import Rule
from sheets.google_read import COLUMN_KEY, READ_FIELDS, ColumnTag, read_book
from sheets.grid import ErrorValue
from sheets.plan import HIGHLIGHT_MARK
from tests.sheets_schema import assert_valid, mask_problems


def text(value: str) -> dict[str, Any]:
    return {"effectiveValue": {"stringValue": value}}


def number(value: float) -> dict[str, Any]:
    return {"effectiveValue": {"numberValue": value}}


def sheet(title: str, rows: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "properties": {
            "sheetId": extra.pop("sheetId", 7),
            "title": title,
            "index": extra.pop("index", 1),
            "sheetType": "GRID",
            "gridProperties": {"rowCount": 1000, "columnCount": 26},
        },
        "data": [{"rowData": rows, **extra}],
    }


def book(*sheets: dict[str, Any]) -> dict[str, Any]:
    payload = {
        "spreadsheetId": "abc",
        "properties": {"title": "Goals"},
        "sheets": list(sheets),
    }
    assert_valid(payload, "Spreadsheet")
    return payload


def test_the_read_asks_only_for_real_fields() -> None:
    assert mask_problems(READ_FIELDS, "Spreadsheet") == []


def test_ragged_and_empty_rows_become_a_square_grid() -> None:
    payload = book(
        sheet(
            "KPIs",
            [
                {"values": [text("ID"), text("KPI")]},
                {},
                {"values": [{}, {}, number(3)]},
                {"values": []},
                {"values": [text("K1")]},
            ],
        )
    )

    grids = read_book(payload, "Google Sheet abc").grids

    assert grids.source == "Google Sheet abc"
    assert grids.get("KPIs").rows == [
        ["ID", "KPI", None],
        [None, None, None],
        [None, None, 3.0],
        [None, None, None],
        ["K1", None, None],
    ]


@pytest.mark.parametrize(
    "tab",
    [
        pytest.param({"properties": {"title": "Empty"}}, id="no-data"),
        pytest.param({"properties": {"title": "Empty"}, "data": [{}]}, id="no-rows"),
        pytest.param(
            {"properties": {"title": "Empty"}, "data": [{"rowData": [{}, {}]}]},
            id="blank-rows",
        ),
    ],
)
def test_an_empty_tab_has_no_rows(tab: dict[str, Any]) -> None:
    grids = read_book(book(tab), "x").grids

    assert [(s.name, s.rows) for s in grids.sheets] == [("Empty", [])]


def test_values_keep_their_types_and_errors_read_as_excel_shows_them() -> None:
    kinds = ["ERROR", "NULL_VALUE", "DIVIDE_BY_ZERO", "VALUE", "REF", "NAME"]
    kinds += ["NUM", "N_A", "LOADING"]
    errors = [{"effectiveValue": {"errorValue": {"type": kind}}} for kind in kinds]
    payload = book(
        sheet(
            "Values",
            [
                {
                    "values": [
                        text("=1+1"),
                        number(46150),
                        {"effectiveValue": {"boolValue": False}},
                        {"effectiveValue": {"stringValue": ""}},
                    ]
                },
                {"values": errors},
            ],
        )
    )

    rows = read_book(payload, "x").grids.sheets[0].rows

    assert rows[0][:4] == ["=1+1", 46150.0, False, ""]
    assert rows[1] == [
        ErrorValue(code)
        for code in [
            "#ERROR!",
            "#NULL!",
            "#DIV/0!",
            "#VALUE!",
            "#REF!",
            "#NAME?",
            "#NUM!",
            "#N/A",
            "#LOADING",
        ]
    ]


def test_blocks_are_placed_by_their_start() -> None:
    tab = sheet("Offset", [{"values": [text("C2")]}], startRow=1, startColumn=2)

    rows = read_book(book(tab), "x").grids.sheets[0].rows

    assert rows == [[None, None, None], [None, None, "C2"]]


def test_omitted_zero_ids_and_indexes_read_as_zero() -> None:
    tab = {"properties": {"title": "First", "gridProperties": {"rowCount": 5}}}

    found = read_book(book(tab), "x").tab("First")

    assert found is not None
    assert (found.sheet_id, found.index, found.row_count, found.column_count) == (
        0,
        0,
        5,
        0,
    )


def test_a_chart_sheet_is_no_grid() -> None:
    tab = {"properties": {"sheetId": 3, "title": "Chart", "sheetType": "OBJECT"}}

    read = read_book(book(tab), "x")

    assert read.grids.sheets == []
    assert read.tabs["Chart"].grid is False


def metadata(ident: int, value: str, key: str = COLUMN_KEY) -> dict[str, Any]:
    return {
        "metadataId": ident,
        "metadataKey": key,
        "metadataValue": value,
        "visibility": "DOCUMENT",
        "location": {
            "locationType": "COLUMN",
            "dimensionRange": {"sheetId": 7, "dimension": "COLUMNS"},
        },
    }


def test_owned_columns_are_found_by_their_tags() -> None:
    columns = [
        {},
        {"developerMetadata": [metadata(11, "KPIs/health")]},
        {"developerMetadata": [metadata(12, "other", key="someone.else")]},
        {"developerMetadata": [metadata(13, "KPIs/health")]},
        {"developerMetadata": [metadata(14, "KPIs/check")]},
    ]
    tab = sheet("Key metrics", [], columnMetadata=columns)

    found = read_book(book(tab), "x").tabs["Key metrics"]

    assert found.tags == [
        ColumnTag(11, "KPIs", "health", 1),
        ColumnTag(14, "KPIs", "check", 4),
    ]


def rule(formula: str, **extra: Any) -> dict[str, Any]:
    return {
        "ranges": [
            {
                "sheetId": 7,
                "startRowIndex": 4,
                "endRowIndex": 10004,
                "startColumnIndex": 0,
                "endColumnIndex": 20,
            }
        ],
        "booleanRule": {
            "condition": {
                "type": "CUSTOM_FORMULA",
                "values": [{"userEnteredValue": formula}],
            },
            "format": {
                "backgroundColor": {
                    "red": 0.972549,
                    "green": 0.843137,
                    "blue": 0.854902,
                },
                "textFormat": {
                    "foregroundColor": {
                        "red": 0.517647,
                        "green": 0.12549,
                        "blue": 0.160784,
                    }
                },
                **extra,
            },
        },
    }


def test_goalsheets_rules_are_told_from_peoples() -> None:
    people = rule('=$T5="late"')
    ours = rule(f'=AND({HIGHLIGHT_MARK},LEFT($T5,1)="✖")')
    number_rule = {
        "ranges": [{"sheetId": 7}],
        "booleanRule": {
            "condition": {
                "type": "NUMBER_GREATER",
                "values": [{"userEnteredValue": "3"}],
            }
        },
    }
    tab = sheet("KPIs", [])
    tab["conditionalFormats"] = [people, ours, number_rule]

    rules = read_book(book(tab), "x").tabs["KPIs"].rules

    assert rules == [
        Rule(0, ours=False),
        Rule(
            1,
            ours=True,
            key=("A5:T10004", 'LEFT($T5,1)="✖"', ("F8D7DA", "842029")),
        ),
        Rule(2, ours=False),
    ]


@pytest.mark.parametrize(
    ("serial", "kind", "expected"),
    [
        pytest.param(46150, "DATE", dt.date(2026, 5, 8), id="date"),
        pytest.param(
            46150.75, "DATE", dt.datetime(2026, 5, 8, 18), id="date-with-time"
        ),
        pytest.param(46150.5, "DATE_TIME", dt.datetime(2026, 5, 8, 12), id="date-time"),
        pytest.param(0.25, "TIME", dt.time(6), id="time"),
        pytest.param(0.25, "PERCENT", 0.25, id="percent"),
        pytest.param(46150, "NUMBER", 46150.0, id="number"),
    ],
)
def test_a_number_reads_as_its_format_shows_it(
    serial: float, kind: str, expected: object
) -> None:
    cell = {
        "effectiveValue": {"numberValue": serial},
        "effectiveFormat": {"numberFormat": {"type": kind}},
    }

    read = read_book(book(sheet("Dates", [{"values": [cell]}])), "x")

    assert read.grids.sheets[0].rows == [[expected]]
    assert read.tabs["Dates"].formats == {(1, 0): kind}
