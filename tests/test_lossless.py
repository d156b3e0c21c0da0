"""The proof that applying a plan loses nothing, on every readable corpus file.

Goal-like tabs are added to each workbook, then a plan writes owned cells into
them, an owned Dashboard tab and highlights (on a goal tab and on the
workbook's own first tab). Every cell of every original tab must then be
identical, and every zip entry the plan did not need must be byte-identical.
"""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]
import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula
from python_calamine import CalamineWorkbook

from sheets.errors import WorkbookError
from sheets.package import inspect_package
from sheets.plan import (
    CellWrite,
    Highlight,
    HighlightStyle,
    NumberFormat,
    OwnedTab,
    WritePlan,
)
from sheets.xlsx import read_xlsx
from sheets.xlsx_patch import ApplyResult, add_tabs, apply_plan

GOAL_TABS = [
    OwnedTab(
        name="GS KPIs",
        rows=[
            ["ID", "KPI", "Target", "Value", "Health", "Updated"],
            ["K1", "Revenue", 100, None, None, None],
            ["K2", "CSAT", 0.95, None, None, None],
        ],
        widths=[6, 20, 10, 10, 10, 12],
    ),
    OwnedTab(
        name="GS OKRs",
        rows=[
            ["ID", "Type", "Title", "Progress", "Status"],
            ["O1", "Objective", "Grow"],
        ],
    ),
]
# openpyxl takes seconds on the few large corpus files; calamine and the raw
# cell XML still cover them.
OPENPYXL_BYTES = 4_000_000
HIGHLIGHT_BYTES = 4_000_000
DROPDOWNS = {"GS OKRs": {1: ["Objective", "Key result"]}}


def goal_plan(first_tab: str | None) -> WritePlan:
    """Owned cells in the added tabs, a Dashboard and highlights."""
    cells = [
        CellWrite(tab="GS KPIs", row=2, column=3, value=123.5),
        CellWrite(tab="GS KPIs", row=2, column=4, value="healthy"),
        CellWrite(tab="GS KPIs", row=2, column=5, value=dt.date(2026, 5, 15)),
        CellWrite(
            tab="GS KPIs", row=3, column=3, value=0.89, format=NumberFormat.PERCENT
        ),
        CellWrite(tab="GS KPIs", row=3, column=4, value="=SUM(A1:A2)"),
        CellWrite(
            tab="GS OKRs", row=2, column=3, value=0.5, format=NumberFormat.PERCENT
        ),
        CellWrite(tab="GS OKRs", row=2, column=4, value="+1 on track"),
        CellWrite(tab="GS OKRs", row=4, column=4, value="@x"),
    ]
    highlights = {
        "GS KPIs": [
            Highlight(
                tab="GS KPIs",
                range="A2:F100",
                formula='$E2="unhealthy"',
                style=HighlightStyle.UNHEALTHY,
            )
        ]
    }
    if first_tab is not None:
        highlights[first_tab] = [
            Highlight(
                tab=first_tab,
                range="A1:C3",
                formula="$A1=1",
                style=HighlightStyle.ERROR,
            )
        ]
    dashboard = OwnedTab(
        name="GS Dashboard",
        rows=[["Dashboard", "as of 2026-05-15"], [], ["KPIs healthy", 0.5]],
        widths=[20, 30],
    )
    return WritePlan(cells=cells, highlights=highlights, tabs=[dashboard])


Shape = tuple[str, tuple[tuple[str, str], ...], str | None, tuple[object, ...]]


def shape(element: ET.Element) -> Shape:
    """An element as comparable data: tag, attributes, text and children."""
    attributes = tuple(sorted(element.attrib.items()))
    children = tuple(shape(child) for child in element)
    return element.tag, attributes, element.text, children


def cell_xml(data: bytes) -> dict[tuple[int, int], Shape]:
    """Each cell's XML (value, type, formula, cached result, style) by position."""
    root = SafeET.fromstring(data)
    found: dict[tuple[int, int], Shape] = {}
    row_number = 0
    for row in (e for e in root.iter() if e.tag.endswith("}row")):
        row_number = int(row.get("r", row_number + 1))
        for index, cell in enumerate(c for c in row if c.tag.endswith("}c")):
            found[(row_number, index)] = shape(cell)
    return found


def entries(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def openpyxl_values(
    path: Path, tabs: list[str]
) -> dict[str, list[tuple[object, ...]]] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, keep_vba=path.suffix == ".xlsm")
    except Exception:
        return None
    return {
        tab: [tuple(map(_plain, row)) for row in book[tab].iter_rows(values_only=True)]
        for tab in tabs
        if tab in book.sheetnames
    }


def _plain(value: object) -> object:
    """A value that compares by content: array formulas as their range and text."""
    if isinstance(value, ArrayFormula):
        return ("array", value.ref, value.text)
    return value


def calamine_values(
    path: Path, tabs: list[str]
) -> dict[str, list[list[object]]] | None:
    try:
        book = CalamineWorkbook.from_path(str(path))
        return {tab: book.get_sheet_by_name(tab).to_python() for tab in tabs}
    except BaseException:  # pyo3 panics are BaseExceptions
        return None


def _wrapped_styles(path: Path) -> bool:
    """True when cell styles sit in mc:AlternateContent wrappers.

    Excel takes one style per wrapper; python-calamine counts the styles
    inside each, so it reads later styles, dates among them, at the wrong index.
    """
    with zipfile.ZipFile(path) as archive:
        styles = [name for name in archive.namelist() if name.endswith("styles.xml")]
        return any(b"AlternateContent" in archive.read(name) for name in styles)


def assert_kept(
    before: list[tuple[str, bytes]],
    after: list[tuple[str, bytes]],
    result: ApplyResult,
) -> None:
    """Entries the apply did not name are byte-identical and in their order."""
    touched = set(result.changed_parts) | set(result.removed_parts)
    kept = [(name, data) for name, data in before if name not in touched]
    names = {name for name, _ in kept}
    assert [(name, data) for name, data in after if name in names] == kept
    survivors = [name for name, _ in before if name not in result.removed_parts]
    assert [name for name, _ in after][: len(survivors)] == survivors


def test_corpus_file_keeps_every_original_cell(
    corpus_file: Path, tmp_path: Path
) -> None:
    try:
        read_xlsx(corpus_file)
    except WorkbookError:
        pytest.skip("goalsheet refuses this file")
    path = tmp_path / corpus_file.name
    shutil.copyfile(corpus_file, path)
    info = inspect_package(path)
    tabs = [sheet.name for sheet in info.worksheets()]
    if {s.name.casefold() for s in info.sheets} & {
        "gs kpis",
        "gs okrs",
        "gs dashboard",
    }:
        pytest.skip("the corpus file already has a tab of that name")
    original = entries(path)
    parts = {sheet.name: sheet.part for sheet in info.sheets}
    small = sum(len(data) for _, data in original) < OPENPYXL_BYTES
    values = (
        openpyxl_values(path, tabs) if small else None,
        calamine_values(path, tabs),
    )

    added = add_tabs(path, GOAL_TABS, dropdowns=DROPDOWNS)
    before = entries(path)
    assert_kept(original, before, added)
    assert not set(added.changed_parts) & {info.sheets[0].part}

    sizes = dict(original)
    small_tabs = [t for t in tabs if len(sizes.get(parts[t], b"")) < HIGHLIGHT_BYTES]
    plan = goal_plan(small_tabs[0] if small_tabs else None)
    result = apply_plan(path, plan)
    assert result.written
    after = entries(path)

    # (b) every entry the plan did not change is byte-identical, in order
    assert_kept(before, after, result)

    # (a) every cell of every original tab is identical; unchanged parts are
    # byte-identical already, so the cells of the changed ones are compared
    before_parts, after_parts = dict(before), dict(after)
    for tab in tabs:
        if parts[tab] in result.changed_parts:
            before_cells = cell_xml(before_parts[parts[tab]])
            assert cell_xml(after_parts[parts[tab]]) == before_cells, tab

    # (c) it opens wherever the original opened, with the same values
    if values[0] is not None:
        assert openpyxl_values(path, tabs) == values[0]
    if values[1] is not None:
        assert calamine_values(path, tabs) == values[1]
    kpis = read_xlsx(path).get("GS KPIs")
    assert kpis is not None
    assert kpis.rows[1][3:5] == [123.5, "healthy"]
    if not _wrapped_styles(path):
        assert kpis.rows[1][5] == dt.date(2026, 5, 15)
    assert kpis.rows[2][4] == "=SUM(A1:A2)"

    # (d) the same plan again changes nothing and writes nothing
    written = path.read_bytes()
    assert not apply_plan(path, plan).written
    assert path.read_bytes() == written

    # (h) an .xlsm keeps its macros
    if path.suffix == ".xlsm":
        vba = [(n, d) for n, d in original if n.lower().endswith("vbaproject.bin")]
        assert vba
        assert all(item in after for item in vba)
