"""Applying a write plan to .xlsx files: values, styles, highlights, tabs, safety."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font, PatternFill
from python_calamine import CalamineWorkbook

from sheets.errors import WorkbookError
from sheets.plan import (
    HIGHLIGHT_MARK,
    CellWrite,
    Highlight,
    HighlightStyle,
    NumberFormat,
    OwnedTab,
    PlanValue,
    WritePlan,
)
from sheets.xlsx import read_xlsx
from sheets.xlsx_patch import SYNC_LOG_HEADER, FileStamp, add_tabs, apply_plan
from tests.packages import write_package


def kpi_book(path: Path) -> Path:
    """A small KPIs tab with a person's styling and a formula in an owned cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "KPIs"
    sheet.append(["ID", "KPI", "Target", "Value", "Health"])
    sheet.append(["K1", "Revenue", 100, None, None])
    sheet.append(["K2", "CSAT", 0.95, "=C3*2", "old"])
    sheet["E2"].fill = PatternFill("solid", fgColor="FFFF00")
    sheet["E2"].font = Font(italic=True)
    people = book.create_sheet("People")
    people.append(["Name", "Email"])
    people.append(["Ana", "ana@example.com"])
    book.save(path)
    return path


def write(
    tab: str, row: int, column: int, value: PlanValue, **kw: NumberFormat | None
) -> CellWrite:
    return CellWrite(tab=tab, row=row, column=column, value=value, **kw)


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def sheet_part(path: Path, index: int = 1) -> str:
    return part(path, f"xl/worksheets/sheet{index}.xml").decode()


def cell(xml: str, ref: str) -> str:
    found = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml)
    assert found is not None, ref
    return found.group(0)


def test_values_are_written_with_their_types(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    plan = WritePlan(
        cells=[
            write("KPIs", 2, 3, 123.25),
            write("KPIs", 2, 5, 7),
            write("KPIs", 2, 6, True),
            write("KPIs", 2, 7, dt.date(2026, 5, 15)),
            write("KPIs", 3, 3, float("nan")),
            write("KPIs", 3, 5, "a < b & c"),
            write("KPIs", 5, 1, "new row"),
        ]
    )

    result = apply_plan(path, plan)

    assert result.written
    rows = read_xlsx(path).get("KPIs")
    assert rows is not None
    assert rows.rows[1][3:8] == [123.25, None, 7.0, True, dt.date(2026, 5, 15)]
    assert rows.rows[2][3] == "n/a"
    assert rows.rows[2][5] == "a < b & c"
    assert rows.rows[4][1] == "new row"
    xml = sheet_part(path)
    assert '<dimension ref="A1:H5"/>' in xml
    assert xml.index('<row r="3"') < xml.index('<row r="5"')
    book = openpyxl.load_workbook(path)
    assert book["KPIs"]["H2"].number_format == "yyyy-mm-dd"


@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+1", "@x", "-3 apples", "=1+1"])
def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, text: str) -> None:
    path = kpi_book(tmp_path / "book.xlsx")

    apply_plan(path, WritePlan(cells=[write("KPIs", 2, 3, text)]))

    xml = cell(sheet_part(path), "D2")
    assert 't="inlineStr"' in xml
    assert "<f>" not in xml
    book = openpyxl.load_workbook(path)
    assert book["KPIs"]["D2"].data_type == "s"
    assert book["KPIs"]["D2"].value == text
    sheet = read_xlsx(path).get("KPIs")
    assert sheet is not None and sheet.rows[1][3] == text


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=1, max_size=60))
def test_any_text_reads_back_as_written(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.getbasetemp() / "any-text.xlsx"
    if not path.exists():
        kpi_book(path)
    expected = re.sub(
        "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "", text
    )

    apply_plan(path, WritePlan(cells=[write("KPIs", 2, 3, text)]))

    sheet = read_xlsx(path).get("KPIs")
    assert sheet is not None
    assert sheet.rows[1][3] == (expected or None)


def test_text_is_cleaned_for_xml_and_excel(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    text = "bell\x07 tab\t _x0041_ line\r\nend"

    apply_plan(path, WritePlan(cells=[write("KPIs", 2, 3, text)]))

    sheet = read_xlsx(path).get("KPIs")
    assert sheet is not None
    assert sheet.rows[1][3] == "bell tab\t _x0041_ line\r\nend"


def test_overwriting_keeps_the_persons_style_and_drops_the_formula(
    tmp_path: Path,
) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    before = sheet_part(path)
    style = re.search(r's="(\d+)"', cell(before, "E2"))
    assert style is not None

    apply_plan(
        path,
        WritePlan(
            cells=[
                write("KPIs", 2, 4, "healthy", format=NumberFormat.PERCENT),
                write("KPIs", 3, 3, 1.9),
            ]
        ),
    )

    after = sheet_part(path)
    assert cell(after, "E2").startswith(f'<c r="E2" s="{style.group(1)}"')
    assert "<f>" not in cell(after, "D3")
    for ref in ("A1", "B2", "C2", "C3", "E3", "A3"):
        assert cell(after, ref) == cell(before, ref)
    book = openpyxl.load_workbook(path)
    assert book["KPIs"]["E2"].fill.fgColor.rgb.endswith("FFFF00")
    assert book["KPIs"]["E2"].font.italic


def test_none_clears_the_value_but_keeps_the_style(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    style = re.search(r's="(\d+)"', cell(sheet_part(path), "E2"))
    assert style is not None
    apply_plan(path, WritePlan(cells=[write("KPIs", 2, 4, "x")]))

    apply_plan(
        path, WritePlan(cells=[write("KPIs", 2, 4, None), write("KPIs", 3, 3, None)])
    )

    xml = sheet_part(path)
    assert cell(xml, "E2") == f'<c r="E2" s="{style.group(1)}"/>'
    assert '<c r="D3"' not in xml
    assert read_xlsx(path).sheets[0].rows[2][3] is None


def test_format_applies_to_new_cells_once(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    styles_before = part(path, "xl/styles.xml")
    plan = WritePlan(
        cells=[
            write("KPIs", 2, 3, 0.5, format=NumberFormat.PERCENT),
            write("KPIs", 3, 5, 0.25, format=NumberFormat.PERCENT),
            write("KPIs", 3, 6, 1.5, format=NumberFormat.DECIMAL),
        ]
    )

    apply_plan(path, plan)

    book = openpyxl.load_workbook(path)
    assert book["KPIs"]["D2"].number_format == "0%"
    assert book["KPIs"]["F3"].number_format == "0%"
    assert book["KPIs"]["G3"].number_format == "0.##"
    styles = part(path, "xl/styles.xml")
    assert styles.count(b'numFmtId="9"') == styles_before.count(b'numFmtId="9"') + 1
    assert styles.count(b'formatCode="0.##"') == 1


def test_equal_values_are_skipped_and_nothing_is_written(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    plan = WritePlan(
        cells=[
            write("KPIs", 2, 3, 0.5, format=NumberFormat.PERCENT),
            write("KPIs", 2, 4, "healthy"),
            write("KPIs", 2, 6, dt.date(2026, 1, 2)),
            write("KPIs", 2, 7, False),
            write("KPIs", 9, 9, None),
        ],
        highlights={
            "KPIs": [
                Highlight(tab="KPIs", range="A2:E9", formula='$E2="off"', style="error")
            ]
        },
        tabs=[OwnedTab(name="Dashboard", rows=[["Dashboard"], ["x", 1]])],
        log=["2026-05-15T10:00:00", 4, "Dashboard", "first"],
    )
    assert apply_plan(path, plan).written
    stat = path.stat()
    content = path.read_bytes()

    again = apply_plan(path, plan.model_copy(update={"log": ["later", 0, "", ""]}))

    assert not again.written
    assert again.changed_parts == []
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert not apply_plan(path, WritePlan()).written


def test_sync_log_rows_are_appended(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    for number in (1, 2):
        plan = WritePlan(
            cells=[write("KPIs", 2, 3, number)], log=[f"run {number}", 1, "", "ok"]
        )
        apply_plan(path, plan)

    log = read_xlsx(path).get("Sync log")
    assert log is not None
    assert log.rows == [
        SYNC_LOG_HEADER,
        ["run 1", 1.0, None, "ok"],
        ["run 2", 1.0, None, "ok"],
    ]


def test_owned_tab_is_added_then_replaced_with_widths(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    first = OwnedTab(
        name="Findings", rows=[["Tab", "Cell"], ["KPIs", "D2"]], widths=[12, 8]
    )
    apply_plan(path, WritePlan(tabs=[first]))
    second = OwnedTab(
        name="Findings", rows=[["Tab", "Cell"], ["OKRs", "B7"]], widths=[30]
    )

    result = apply_plan(path, WritePlan(tabs=[second]))

    assert result.changed_parts == ["xl/worksheets/sheet3.xml"]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["KPIs", "People", "Findings"]
    assert book["Findings"]["A2"].value == "OKRs"
    assert book["Findings"]["A1"].font.bold
    assert book["Findings"].column_dimensions["A"].width == 30
    assert not apply_plan(path, WritePlan(tabs=[second])).written


def test_highlights_are_added_changed_and_removed(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    rule = Highlight(
        tab="KPIs",
        range="A2:E3",
        formula='$E2="unhealthy"',
        style=HighlightStyle.UNHEALTHY,
    )

    apply_plan(path, WritePlan(highlights={"KPIs": [rule]}))
    xml = sheet_part(path)
    assert f'<formula>AND({HIGHLIGHT_MARK},$E2="unhealthy")</formula>' in xml
    book = openpyxl.load_workbook(path)
    rules = book["KPIs"].conditional_formatting
    assert [r.formula for cf in rules for r in cf.rules] == [
        [f'AND({HIGHLIGHT_MARK},$E2="unhealthy")']
    ]
    assert not apply_plan(path, WritePlan(highlights={"KPIs": [rule]})).written

    moved = rule.model_copy(update={"range": "A2:E9", "style": HighlightStyle.ERROR})
    apply_plan(path, WritePlan(highlights={"KPIs": [moved]}))
    assert sheet_part(path).count("<conditionalFormatting") == 1
    assert 'sqref="A2:E9"' in sheet_part(path)

    apply_plan(path, WritePlan(highlights={"KPIs": []}))
    assert "conditionalFormatting" not in sheet_part(path)


def test_people_rules_stay_byte_identical(corpus: Path, tmp_path: Path) -> None:
    for name in (
        "poi__spreadsheet_NewStyleConditionalFormattings.xlsx",
        "poi__spreadsheet_WithConditionalFormatting.xlsx",
        "poi__spreadsheet_DataValidations-49244.xlsx",
    ):
        path = tmp_path / name
        shutil.copyfile(corpus / name, path)
        tab = read_xlsx(path).sheets[0].name
        before = part(path, "xl/worksheets/sheet1.xml")
        rule = Highlight(tab=tab, range="A1:B4", formula="$A1>0", style="warning")

        apply_plan(path, WritePlan(highlights={tab: [rule, rule]}))

        after = part(path, "xl/worksheets/sheet1.xml")
        for element in _people_elements(before):
            assert element in after
        priorities = [int(p) for p in re.findall(rb'priority="(\d+)"', after)]
        assert len(priorities) == len(set(priorities))
        book = openpyxl.load_workbook(path)
        assert book.sheetnames
        assert not apply_plan(path, WritePlan(highlights={tab: [rule, rule]})).written
        apply_plan(path, WritePlan(highlights={tab: []}))
        assert part(path, "xl/worksheets/sheet1.xml") == before


def _people_elements(xml: bytes) -> list[bytes]:
    """Conditional formats, validations and extensions as their raw bytes."""
    pattern = rb"<(conditionalFormatting|dataValidations|extLst)\b.*?</\1>"
    found = [match.group(0) for match in re.finditer(pattern, xml, re.S)]
    assert found
    return found


def test_a_persons_rule_in_our_range_is_kept(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    rule = Highlight(tab="KPIs", range="A2:E3", formula="$C2>1", style="error")
    apply_plan(path, WritePlan(highlights={"KPIs": [rule]}))
    xml = part(path, "xl/worksheets/sheet1.xml")
    theirs = (
        b'<cfRule type="expression" dxfId="0" priority="9">'
        b"<formula>$D2=1</formula></cfRule>"
    )
    mixed = xml.replace(
        b"</cfRule></conditionalFormatting>",
        b"</cfRule>" + theirs + b"</conditionalFormatting>",
    )
    _replace_part(path, "xl/worksheets/sheet1.xml", mixed)

    apply_plan(path, WritePlan(highlights={"KPIs": []}))

    assert theirs in part(path, "xl/worksheets/sheet1.xml")
    assert HIGHLIGHT_MARK.encode() not in part(path, "xl/worksheets/sheet1.xml")


def _replace_part(path: Path, name: str, data: bytes) -> None:
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == name else source.read(info))
    copy.replace(path)


def test_overwritten_formula_drops_the_calc_chain(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "errors.xlsx"
    shutil.copyfile(corpus / "calamine__errors.xlsx", path)
    tab = read_xlsx(path).sheets[0].name

    result = apply_plan(
        path, WritePlan(cells=[write(tab, 1, 0, 5), write(tab, 1, 2, "wider")])
    )

    assert result.removed_parts == ["xl/calcChain.xml"]
    assert '<row r="1" spans="1:3">' in sheet_part(path)
    with zipfile.ZipFile(path) as archive:
        assert "xl/calcChain.xml" not in archive.namelist()
        assert b"calcChain" not in archive.read("[Content_Types].xml")
        assert b"calcChain" not in archive.read("xl/_rels/workbook.xml.rels")
    openpyxl.load_workbook(path)
    assert read_xlsx(path).sheets[0].rows[0][0] == 5


def test_cells_without_positions_are_refused(tmp_path: Path) -> None:
    path = write_package(
        tmp_path / "bare.xlsx", '<row><c t="inlineStr"><is><t>a</t></is></c></row>'
    )
    content = path.read_bytes()

    with pytest.raises(WorkbookError, match="leaves out cell positions"):
        apply_plan(path, WritePlan(cells=[write("Data", 1, 1, "x")]))
    assert path.read_bytes() == content


def test_prefixed_rows_and_cells_are_spliced(tmp_path: Path) -> None:
    rows = (
        '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c>'
        '<x:c r="C1"><x:v>3</x:v></x:c></x:row>'
    )
    path = write_package(tmp_path / "prefixed.xlsx", rows, prefix="x:")

    apply_plan(
        path, WritePlan(cells=[write("Data", 1, 1, 2), write("Data", 2, 0, "b")])
    )

    xml = part(path, "xl/worksheets/s1.xml").decode()
    assert '<x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c>' in xml
    assert read_xlsx(path).sheets[0].rows == [[1.0, 2.0, 3.0], ["b", None, None]]


def test_shared_formula_source_is_refused(tmp_path: Path) -> None:
    rows = (
        '<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1+1</f>'
        "<v>1</v></c></row>"
        '<row r="2"><c r="A2"><f t="shared" si="0"/><v>1</v></c></row>'
    )
    path = write_package(tmp_path / "shared.xlsx", rows)

    with pytest.raises(WorkbookError, match="formula that other cells share"):
        apply_plan(path, WritePlan(cells=[write("Data", 1, 0, 5)]))
    apply_plan(path, WritePlan(cells=[write("Data", 2, 0, 5)]))
    assert read_xlsx(path).sheets[0].rows[1][0] == 5


def test_a_file_changed_since_reading_is_not_overwritten(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    stamp = FileStamp.of(path)
    book = openpyxl.load_workbook(path)
    book["KPIs"]["A9"] = "typed meanwhile"
    book.save(path)
    content = path.read_bytes()

    with pytest.raises(WorkbookError, match="changed on disk since goalsheet read it"):
        apply_plan(path, WritePlan(cells=[write("KPIs", 2, 3, 1)]), stamp=stamp)
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def test_out_leaves_the_source_untouched(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    content = path.read_bytes()
    out = tmp_path / "synced.xlsx"

    result = apply_plan(
        path,
        WritePlan(cells=[write("KPIs", 2, 3, 1)]),
        out=out,
        stamp=FileStamp.of(path),
    )

    assert result.target == out
    assert path.read_bytes() == content
    assert read_xlsx(out).sheets[0].rows[1][3] == 1


def test_macros_survive(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "vba.xlsm"
    shutil.copyfile(corpus / "calamine__vba.xlsm", path)
    tab = read_xlsx(path).sheets[0].name
    with zipfile.ZipFile(path) as archive:
        before = {info.filename: archive.read(info) for info in archive.infolist()}

    result = apply_plan(path, WritePlan(cells=[write(tab, 1, 0, "hello")]))

    with zipfile.ZipFile(path) as archive:
        after = {info.filename: archive.read(info) for info in archive.infolist()}
    assert set(result.changed_parts) == {"xl/worksheets/sheet1.xml"}
    assert {n: d for n, d in after.items() if n not in result.changed_parts} == {
        n: d for n, d in before.items() if n not in result.changed_parts
    }
    assert any(name.endswith("vbaProject.bin") for name in after)
    openpyxl.load_workbook(path, keep_vba=True)


@pytest.mark.parametrize(
    "name", ["calamine__date_1904.xlsx", "sheetjs__1904_1904.xlsx"]
)
def test_dates_follow_the_1904_date_system(
    corpus: Path, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    shutil.copyfile(corpus / name, path)
    tab = read_xlsx(path).sheets[0].name
    day = dt.date(2026, 5, 15)

    apply_plan(path, WritePlan(cells=[write(tab, 40, 0, day)]))

    book = CalamineWorkbook.from_path(str(path))
    assert book.get_sheet_by_name(tab).to_python()[39][0] == day
    assert read_xlsx(path).sheets[0].rows[39][0] == day


def test_add_tabs_with_dropdowns_and_refuses_taken_names(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    okrs = OwnedTab(name="OKRs", rows=[["ID", "Type", "Title"]], widths=[8, 14, 40])

    add_tabs(path, [okrs], dropdowns={"OKRs": {1: ["Objective", "Key result"]}})

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["KPIs", "People", "OKRs"]
    validations = book["OKRs"].data_validations.dataValidation
    assert [(v.type, v.formula1, str(v.sqref)) for v in validations] == [
        ("list", '"Objective,Key result"', "B2:B1000")
    ]
    assert book["OKRs"].freeze_panes == "A2"
    with pytest.raises(WorkbookError, match="already has a tab named 'okrs'"):
        add_tabs(path, [okrs.model_copy(update={"name": "okrs"})])


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is not installed"
)
def test_libreoffice_opens_the_output(tmp_path: Path) -> None:
    path = kpi_book(tmp_path / "book.xlsx")
    plan = WritePlan(
        cells=[
            write("KPIs", 2, 3, 0.5, format=NumberFormat.PERCENT),
            write("KPIs", 3, 4, "=x"),
        ],
        highlights={
            "KPIs": [
                Highlight(tab="KPIs", range="A2:E3", formula="$D2>0", style="error")
            ]
        },
        tabs=[OwnedTab(name="Dashboard", rows=[["Dashboard"], ["KPIs", 2]])],
    )
    apply_plan(path, plan)

    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        timeout=120,
        check=False,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )

    assert done.returncode == 0, done.stderr
    csv = (tmp_path / "book.csv").read_text()
    assert "Revenue" in csv and "50%" in csv and "=x" in csv
