"""The validator the Google tests rely on: it must fail on what Google would refuse."""

from __future__ import annotations

import pytest

from sheets.google_read import READ_FIELDS
from sheets.google_verify import RESPONSE_FIELDS
from tests.sheets_schema import apply_mask, mask_problems, parse_mask, problems

GOOD_RULE = {
    "addConditionalFormatRule": {
        "index": 0,
        "rule": {
            "ranges": [{"sheetId": 1, "startRowIndex": 1, "endRowIndex": 9}],
            "booleanRule": {
                "condition": {
                    "type": "CUSTOM_FORMULA",
                    "values": [{"userEnteredValue": "=A1"}],
                },
                "format": {"backgroundColorStyle": {"rgbColor": {"red": 0.5}}},
            },
        },
    }
}


def test_validator_accepts_a_real_request() -> None:
    assert problems({"requests": [GOOD_RULE]}, "BatchUpdateSpreadsheetRequest") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            {"requests": [{"addConditionalFormatRule": {"indx": 0}}]},
            "no field 'indx' in AddConditionalFormatRuleRequest",
            id="bad-field",
        ),
        pytest.param(
            {"requests": [{"insertDimension": {"range": {"dimension": "COLUMN"}}}]},
            "'COLUMN' is not one of",
            id="bad-enum",
        ),
        pytest.param(
            {"requests": {"addSheet": {}}},
            "expected array, found dict",
            id="object-for-array",
        ),
        pytest.param(
            {"requests": [{"addSheet": {"properties": {"sheetId": "7"}}}]},
            "expected integer, found str",
            id="string-for-integer",
        ),
        pytest.param(
            {"requests": [{"addSheet": {"properties": {"hidden": 1}}}]},
            "expected boolean, found int",
            id="number-for-boolean",
        ),
        pytest.param(
            {"requests": [{"frobnicate": {}}]},
            "no field 'frobnicate' in Request",
            id="unknown-request",
        ),
    ],
)
def test_validator_refuses_what_google_would(body: object, expected: str) -> None:
    found = problems(body, "BatchUpdateSpreadsheetRequest")

    assert len(found) == 1
    assert expected in found[0]


def test_validator_lets_values_be_anything_the_api_allows() -> None:
    body = {
        "valueInputOption": "RAW",
        "data": [
            {
                "dataFilter": {"a1Range": "'Findings'!A1:B2"},
                "majorDimension": "ROWS",
                "values": [["text", 1.5], [True, None]],
            }
        ],
    }

    assert problems(body, "BatchUpdateValuesByDataFilterRequest") == []
    body["valueInputOption"] = "USER_TYPED"
    assert problems(body, "BatchUpdateValuesByDataFilterRequest") == [
        "BatchUpdateValuesByDataFilterRequest.valueInputOption: 'USER_TYPED' is not "
        "one of ['INPUT_VALUE_OPTION_UNSPECIFIED', 'RAW', 'USER_ENTERED']"
    ]


def test_read_fields_name_only_real_fields() -> None:
    assert mask_problems(READ_FIELDS, "Spreadsheet") == []


def test_mask_check_fails_on_a_misspelt_field() -> None:
    assert mask_problems("sheets(properties(sheetID))", "Spreadsheet") == [
        "Spreadsheet.sheets.properties: no field 'sheetID' in SheetProperties"
    ]


def test_mask_keeps_only_what_it_names() -> None:
    answer = {
        "spreadsheetId": "x",
        "sheets": [{"properties": {"title": "A", "index": 0}, "charts": []}],
    }

    kept = apply_mask(answer, parse_mask("sheets.properties.title"))

    assert kept == {"sheets": [{"properties": {"title": "A"}}]}


def test_mask_merges_paths_that_share_a_stem() -> None:
    assert parse_mask("a.b,a(c.d),e") == {"a": {"b": None, "c": {"d": None}}, "e": None}


def test_structure_answer_fields_name_only_real_fields() -> None:
    assert mask_problems(RESPONSE_FIELDS, "BatchUpdateSpreadsheetResponse") == []
