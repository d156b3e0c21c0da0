"""Reading .xlsx values: types, positions, dates, formulas and error values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from sheets import package
from sheets.grid import ErrorValue
from sheets.package import SheetKind, SheetState, inspect_package
from sheets.xlsx import read_xlsx
from tests.packages import MAIN, write_package


def test_read_values_keep_their_types(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "KPIs"
    sheet.append(["CSAT", 7, 2.5, True, dt.date(2026, 5, 15), None, "end"])
    sheet.append([dt.datetime(2026, 5, 15, 9, 30), dt.time(9, 30)])
    workbook.save(tmp_path / "types.xlsx")

    grids = read_xlsx(tmp_path / "types.xlsx")

    first, second = grids.sheets[0].rows
    assert first == ["CSAT", 7.0, 2.5, True, dt.date(2026, 5, 15), None, "end"]
    assert isinstance(first[1], float)
    assert second[:2] == [dt.datetime(2026, 5, 15, 9, 30), dt.time(9, 30)]


def test_read_rows_stay_true_to_the_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["C5"] = "Lead"
    sheet["D5"] = "Status"
    sheet["C6"] = "Ana"
    workbook.save(tmp_path / "offset.xlsx")

    rows = read_xlsx(tmp_path / "offset.xlsx").sheets[0].rows

    assert len(rows) == 6
    assert rows[4] == [None, None, "Lead", "Status"]
    assert rows[5][2] == "Ana"


def test_read_header_not_on_row_one(corpus: Path) -> None:
    sheet = read_xlsx(corpus / "calamine__header-row.xlsx").sheets[0]

    assert sheet.cell(3, 2) == "Note 1"
    assert sheet.rows[8] == ["Columns", "Column A", "Column B", "Column C"]


def test_read_hidden_sheets_in_order(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    visible = workbook.active
    assert visible is not None
    visible.title = "Strategy"
    for title, state in [("Lookups", "hidden"), ("Secret", "veryHidden")]:
        sheet = workbook.create_sheet(title)
        sheet.sheet_state = state
        sheet["A1"] = title
    workbook.save(tmp_path / "hidden.xlsx")

    grids = read_xlsx(tmp_path / "hidden.xlsx")
    info = inspect_package(tmp_path / "hidden.xlsx")

    assert grids.names() == ["Strategy", "Lookups", "Secret"]
    assert grids.sheets[2].rows == [["Secret"]]
    assert [sheet.state for sheet in info.sheets] == [
        SheetState.VISIBLE,
        SheetState.HIDDEN,
        SheetState.VERY_HIDDEN,
    ]


def test_read_chartsheet_is_listed_but_not_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.create_chartsheet("Chart")
    workbook.save(tmp_path / "chart.xlsx")

    grids = read_xlsx(tmp_path / "chart.xlsx")
    info = inspect_package(tmp_path / "chart.xlsx")

    assert grids.names() == ["Sheet"]
    assert [(sheet.name, sheet.kind) for sheet in info.sheets] == [
        ("Sheet", SheetKind.WORKSHEET),
        ("Chart", SheetKind.CHARTSHEET),
    ]


def test_read_formula_gives_cached_result(tmp_path: Path) -> None:
    path = write_package(
        tmp_path / "formulas.xlsx",
        '<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>A1*2</f><v>4</v></c>'
        '<c r="C1" t="str"><f>"on "&amp;"track"</f><v>on track</v></c>'
        '<c r="D1" t="b"><f>A1&gt;1</f><v>1</v></c></row>',
    )

    assert read_xlsx(path).sheets[0].rows == [[2.0, 4.0, "on track", True]]


def test_read_formula_results_from_excel(corpus: Path) -> None:
    rows = read_xlsx(corpus / "poi__spreadsheet_InlineStrings.xlsx").sheets[0].rows

    assert [row[3] for row in rows] == ["Formulas", 12.0, 44.0, 31.0, 30.0, 10.0, 9.0]


def test_read_inline_strings(corpus: Path) -> None:
    rows = read_xlsx(corpus / "poi__spreadsheet_InlineStrings.xlsx").sheets[0].rows

    assert rows[0] == ["Numbers", "Strings", "Inline Strings", "Formulas"]
    assert rows[1] == [12.0, "A", "1st Inline String", 12.0]


def test_read_1904_dates_as_real_dates(corpus: Path) -> None:
    rows = read_xlsx(corpus / "calamine__date_1904.xlsx").sheets[0].rows

    assert inspect_package(corpus / "calamine__date_1904.xlsx").date1904
    assert rows[0] == [dt.date(2021, 1, 1), 15.0]
    assert rows[1] == [dt.date(2021, 1, 2), 16.0]


@pytest.mark.parametrize(
    ("name", "date1904"),
    [("sheetjs__1904_1904.xlsx", True), ("sheetjs__1904_1900.xlsx", False)],
    ids=["1904", "1900"],
)
def test_read_dates_match_what_excel_shows(
    corpus: Path, name: str, date1904: bool
) -> None:
    rows = read_xlsx(corpus / name).sheets[0].rows

    assert inspect_package(corpus / name).date1904 is date1904
    assert [row[1] for row in rows] == [
        dt.date.fromisoformat(str(row[2])) for row in rows
    ]


def test_read_1904_twin_is_four_years_later(corpus: Path) -> None:
    """The same serial numbers mean dates 1,462 days apart in the two systems.

    Serial 1 is the exception: 1900 counts a 29 February that never was.
    """
    in_1904 = read_xlsx(corpus / "sheetjs__1904_1904.xlsx").sheets[0].rows
    in_1900 = read_xlsx(corpus / "sheetjs__1904_1900.xlsx").sheets[0].rows

    pairs = zip(in_1904, in_1900, strict=True)
    gaps = [(late[0], late[1] - early[1]) for late, early in pairs]
    assert gaps == [
        (1.0, dt.timedelta(days=1461)),
        (11.0, dt.timedelta(days=1461)),
        (111.0, dt.timedelta(days=1462)),
        (1111.0, dt.timedelta(days=1462)),
        (11111.0, dt.timedelta(days=1462)),
    ]


def test_read_error_values(corpus: Path) -> None:
    sheet = read_xlsx(corpus / "calamine__errors.xlsx").sheets[0]

    assert [row[0] for row in sheet.rows] == [
        ErrorValue("#DIV/0!"),
        ErrorValue("#NAME?"),
        ErrorValue("#VALUE!"),
        ErrorValue("#NULL!"),
        ErrorValue("#REF!"),
        ErrorValue("#NUM!"),
        ErrorValue("#N/A"),
    ]


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="B2" t="e"><v>#N/A</v></c>',
        '<c t="e" s="3" r="B2"><f>VLOOKUP(A2,K:L,2,FALSE)</f><v>#N/A</v></c>',
        "<c r='B2' t='e'><v>#N/A</v></c>",
        '<c  r = "B2"\n t = "e" ><v>#N/A</v></c>',
        f'<x:c xmlns:x="{MAIN}" r="B2" t="e"><x:v>#N/A</x:v></x:c>',
    ],
    ids=["plain", "attribute-order", "single-quotes", "spaces", "prefix"],
)
def test_read_error_value_spellings(tmp_path: Path, cell: str) -> None:
    path = write_package(
        tmp_path / "error.xlsx",
        f'<row r="1"><c r="A1"><v>1</v></c></row><row r="2">{cell}</row>',
    )

    assert read_xlsx(path).sheets[0].rows == [[1.0, None], [None, ErrorValue("#N/A")]]


@pytest.mark.parametrize(
    "code",
    ["#SPILL!", "#CALC!", "#GETTING_DATA", "#DIV/0!"],
    ids=["spill", "calc", "getting-data", "div0"],
)
def test_read_error_value_codes(tmp_path: Path, code: str) -> None:
    path = write_package(
        tmp_path / "error.xlsx", f'<row r="1"><c r="A1" t="e"><v>{code}</v></c></row>'
    )

    assert read_xlsx(path).sheets[0].cell(1, 0) == ErrorValue(code)


def test_read_error_value_without_reference_stays_blank(tmp_path: Path) -> None:
    path = write_package(
        tmp_path / "error.xlsx",
        '<row r="1"><c r="A1"><v>1</v></c><c t="e"><v>#REF!</v></c></row>',
    )

    assert read_xlsx(path).sheets[0].rows == [[1.0, None]]


def test_read_picture_in_cell_stays_blank(corpus: Path) -> None:
    """Excel stores a picture in a cell as #VALUE! with value metadata."""
    sheet = read_xlsx(corpus / "calamine__picture_richdata.xlsx").sheets[0]

    assert sheet.rows == [[None, None], [None, None]]


def test_read_empty_sheet(corpus: Path) -> None:
    grids = read_xlsx(corpus / "calamine__empty_sheet.xlsx")

    assert [(sheet.name, sheet.rows) for sheet in grids.sheets] == [("Sheet1", [])]


@pytest.mark.parametrize(
    ("name", "tabs", "first_value"),
    [
        (
            "calamine__issue_530.xlsx",
            ["出勤分类组织汇总表"],
            "报表导出人：",
        ),
        ("calamine__issue_419.xlsx", ["Sheet1"], "Hello"),
        ("calamine__minimal_package.xlsx", ["Sheet1"], "ARREST BOOKINGS"),
        ("calamine__nonstandard-xml-ns-prefix.xlsx", ["Sheet1"], "a"),
        ("sheetjs__wtf_path.xlsx", ["SheetJS", "Hidden"], "1.0"),
        ("calamine__issue_261.xlsx", ["Some Sheet"], "String Value 32"),
    ],
    ids=[
        "backslash-part-names",
        "part-name-case",
        "parts-at-root",
        "namespace-prefix",
        "odd-folder",
        "cells-without-references",
    ],
)
def test_read_unusual_packages(
    corpus: Path, name: str, tabs: list[str], first_value: str
) -> None:
    grids = read_xlsx(corpus / name)

    assert grids.names() == tabs
    assert str(grids.sheets[0].rows[0][0]).startswith(first_value)


def test_read_names_the_source(tmp_path: Path) -> None:
    path = write_package(
        tmp_path / "upload-1.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>'
    )

    assert read_xlsx(path, source="goals.xlsx").source == "goals.xlsx"
    assert read_xlsx(path).source == str(path)


@pytest.mark.parametrize(
    "name",
    [
        "calamine__errors.xlsx",
        "calamine__issue_261.xlsx",
        "poi__spreadsheet_59746_NoRowNums.xlsx",
        "poi__spreadsheet_InlineStrings.xlsx",
        "sheetjs__formula_stress_test.xlsx",
        "calamine__inlineStr_cdata.xlsx",
    ],
)
def test_read_same_values_in_tiny_chunks(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Chunk boundaries never change what is read."""
    expected = read_xlsx(corpus / name)
    monkeypatch.setattr(package, "CHUNK_BYTES", 512)
    monkeypatch.setattr(package, "RAW_READ_BYTES", 64)

    assert read_xlsx(corpus / name) == expected
