"""`goalsheet sync` and `goalsheet new --into` on real files, end to end."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from server.cli import main
from sheets.errors import WorkbookError
from sheets.package import inspect_package
from sheets.starter import add_goal_tabs
from sheets.sync import sync_xlsx
from sheets.xlsx import read_xlsx

TODAY = ["--today", "2026-05-15"]
# Parts a sync may rewrite besides goal and owned tabs: the tab list, its
# relationships, the content types and styles (for highlight colours).
SHARED_PARTS = {
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
    "xl/styles.xml",
}
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def sample(tmp_path: Path, runner: CliRunner) -> Path:
    path = tmp_path / "goals.xlsx"
    runner.invoke(main, ["new", str(path)])
    return path


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_sync_writes_owned_columns_and_tabs(runner: CliRunner, sample: Path) -> None:
    result = runner.invoke(main, ["sync", str(sample), *TODAY])

    assert result.exit_code == 0, result.output
    assert "to " + str(sample) in result.output
    book = load_workbook(sample)
    assert book.sheetnames[-3:] == ["Dashboard", "Findings", "Sync log"]
    okrs = book["OKRs"]
    headers = [cell.value for cell in okrs[3]]
    assert headers[-5:] == [
        "Progress",
        "Expected",
        "Suggested status",
        "Last check-in",
        "Check",
    ]
    kr21 = [cell.value for cell in okrs[6]]
    assert kr21[0] == "KR2.1"
    assert kr21[16] == 0.375
    assert kr21[18] == "on track"


def test_sync_twice_leaves_the_file_byte_identical(
    runner: CliRunner, sample: Path
) -> None:
    runner.invoke(main, ["sync", str(sample), *TODAY])
    before = sample.read_bytes()
    modified = sample.stat().st_mtime_ns

    result = runner.invoke(main, ["sync", str(sample), *TODAY])

    assert result.exit_code == 0
    assert "Nothing changed" in result.output
    assert sample.read_bytes() == before
    assert sample.stat().st_mtime_ns == modified


def test_sync_keeps_every_cell_people_typed(runner: CliRunner, sample: Path) -> None:
    before = read_xlsx(sample)

    runner.invoke(main, ["sync", str(sample), *TODAY])

    after = read_xlsx(sample)
    for sheet in before.sheets:
        synced = after.get(sheet.name)
        assert synced is not None
        for number, values in enumerate(sheet.rows, start=1):
            for column, value in enumerate(values):
                if value is None:
                    continue
                assert synced.cell(number, column) == value, (sheet.name, number)


def test_sync_fills_an_empty_id_in_an_excel_file(
    runner: CliRunner, sample: Path
) -> None:
    runner.invoke(main, ["sync", str(sample), *TODAY])

    okrs = load_workbook(sample)["OKRs"]
    assert okrs["A26"].value == "KR8.2"
    assert okrs["C26"].value == "Accounts on usage-based plans from 0 to 150"


def test_sync_out_leaves_the_source_untouched(
    tmp_path: Path, runner: CliRunner, sample: Path
) -> None:
    before = sample.read_bytes()
    out = tmp_path / "synced.xlsx"

    result = runner.invoke(main, ["sync", str(sample), "--out", str(out), *TODAY])

    assert result.exit_code == 0, result.output
    assert sample.read_bytes() == before
    assert "Dashboard" in load_workbook(out).sheetnames


def test_sync_writes_formula_looking_text_as_text(
    tmp_path: Path, runner: CliRunner, sample: Path
) -> None:
    book = load_workbook(sample)
    kpi = book["KPIs"]["B3"]
    kpi.value = '=HYPERLINK("https://example.com")'
    kpi.data_type = "s"
    book.save(sample)

    runner.invoke(main, ["sync", str(sample), *TODAY])

    dashboard = CalamineWorkbook.from_path(str(sample)).get_sheet_by_name("Dashboard")
    titles = [row[1] for row in dashboard.to_python() if len(row) > 1]
    assert '=HYPERLINK("https://example.com")' in titles
    with zipfile.ZipFile(sample) as archive:
        names = archive.namelist()
        xml = b"".join(
            archive.read(name) for name in names if name.startswith("xl/worksheets/")
        )
    assert b"<f>HYPERLINK" not in xml


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_new_into_adds_goal_tabs_and_keeps_the_chart(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = tmp_path / "board.xlsx"
    shutil.copyfile(CORPUS / "poi__spreadsheet_WithChart.xlsx", path)
    before = entries(path)

    result = runner.invoke(main, ["new", "--into", "--empty", str(path)])

    assert result.exit_code == 0, result.output
    after = entries(path)
    for name, data in before.items():
        if name not in SHARED_PARTS:
            assert after[name] == data, name
    assert any(name.startswith("xl/charts/") for name in after)
    names = load_workbook(path).sheetnames
    assert (
        names[:3]
        == load_workbook(CORPUS / "poi__spreadsheet_WithChart.xlsx").sheetnames
    )
    assert {"Strategy", "KPIs", "OKRs", "Check-ins"} <= set(names)
    checked = runner.invoke(main, ["check", str(path), *TODAY])
    assert checked.exit_code == 1  # an empty strategy has no ultimate goal yet
    assert "ultimate-goal-incomplete" in checked.output


def test_new_into_refuses_a_workbook_that_has_the_tabs(
    runner: CliRunner, sample: Path
) -> None:
    before = sample.read_bytes()

    result = runner.invoke(main, ["new", "--into", str(sample)])

    assert result.exit_code == 2
    assert "already has a tab named 'Strategy'" in result.stderr
    assert sample.read_bytes() == before


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is absent")
def test_libreoffice_opens_the_synced_sample(
    tmp_path: Path, runner: CliRunner, sample: Path
) -> None:
    runner.invoke(main, ["sync", str(sample), *TODAY])

    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(sample),
        ],
        capture_output=True,
        timeout=180,
        check=False,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )

    assert done.returncode == 0, done.stderr
    assert (tmp_path / "goals.pdf").stat().st_size > 10_000


def test_sync_after_new_into_keeps_every_corpus_tab_byte_identical(
    tmp_path: Path, corpus_file: Path
) -> None:
    """The issue's proof on real files: goal tabs added, synced twice."""
    path = tmp_path / corpus_file.name
    shutil.copyfile(corpus_file, path)
    try:
        package = inspect_package(path)
    except WorkbookError:
        pytest.skip("refused before reading")
    original = {sheet.name: sheet.part for sheet in package.sheets}
    # Part names as the zip spells them, some with backslashes (corpus files).
    folder, _, name = package.workbook.replace("\\", "/").rpartition("/")
    parts = (f"{folder}/{name}", f"{folder}/_rels/{name}.rels")
    workbook_parts = {part.lstrip("/") for part in parts}
    before = entries(path)

    add_goal_tabs(path)
    first = sync_xlsx(path, today=dt.date(2026, 5, 15))

    after = entries(path)
    for name, part in original.items():
        assert after[part] == before[part], f"tab {name!r} changed"
    for name in before:
        shared = name.replace("\\", "/").lstrip("/") in workbook_parts
        structural = name.lower().endswith(("styles.xml", "calcchain.xml"))
        if not shared and not structural and name != "[Content_Types].xml":
            assert after[name] == before[name], name
    assert first.written
    synced = path.read_bytes()
    second = sync_xlsx(path, today=dt.date(2026, 5, 15))
    assert not second.written
    assert path.read_bytes() == synced
