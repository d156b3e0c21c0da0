"""`goalsheet check` on every real-world file of the shared corpus.

Each file either gives findings or stops with exit code 2 and one sentence
naming the file, never a traceback, and within 10 seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rules.evaluate import evaluate
from sheets.errors import WorkbookError
from sheets.grid import Grids, Sheet
from sheets.parse import read_workbook
from sheets.xlsx import read_xlsx

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FILES = sorted(CORPUS.glob("*.xls*")) if CORPUS.is_dir() else []

# Words of the refusal a person would read, by file, for the files that are
# refused for a known reason rather than for lacking the goal tabs.
REFUSALS = {
    "poi__openxml4j_invalid.xlsx": "not an .xlsx file",
    "poi__poifs_protect.xlsx": "password-protected",
    "poi__poifs_protected_sha512.xlsx": "password-protected",
    "poi__spreadsheet_protected_passtika.xlsx": "password-protected",
    "calamine__pass_protected.xlsx": "password-protected",
    "poi__spreadsheet_SimpleStrict.xlsx": "Strict Open XML",
    "poi__spreadsheet_sample.strict.xlsx": "Strict Open XML",
    "sheetjs__sheet_visibility_strict.xlsx": "Strict Open XML",
    "poi__spreadsheet_poc-xmlbomb.xlsx": "document type declaration",
    "poi__spreadsheet_poc-xmlbomb-empty.xlsx": "document type declaration",
    "poi__spreadsheet_duplicate-filename.xlsx": "duplicate",
    "poi__spreadsheet_duplicate-filename-case-insensitive.xlsx": "duplicate",
}


def run_check(path: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "server.cli",
        "check",
        str(path),
        "--format",
        "json",
        "--today",
        "2026-05-15",
    ]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=10, check=False
    )


@pytest.mark.skipif(not FILES, reason="../shared/corpus is not beside the checkout")
@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_check_corpus_file_gives_findings_or_a_clear_refusal(path: Path) -> None:
    result = run_check(path)

    assert "Traceback" not in result.stderr
    if result.returncode == 2:
        message = result.stderr.strip()
        assert message.startswith("goalsheet: "), message
        assert path.name in message
        assert len(message.splitlines()) == 1
        assert json.loads(result.stdout)["error"]
    else:
        assert result.returncode in (0, 1), result.stderr
        assert "findings" in json.loads(result.stdout)
    if path.name in REFUSALS:
        assert result.returncode == 2
        assert REFUSALS[path.name] in result.stderr


TAB_NAMES = ("Strategy", "KPIs", "OKRs", "Check-ins", "Groups", "People", "Settings")


@pytest.mark.skipif(not FILES, reason="../shared/corpus is not beside the checkout")
@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_check_reads_corpus_cells_as_goal_tabs_without_raising(path: Path) -> None:
    """Real-world cells (dates, errors, merges, odd strings) in every goal tab."""
    try:
        grids = read_xlsx(path)
    except WorkbookError:
        pytest.skip("refused before parsing; covered above")
    sheets = [sheet for sheet in grids.sheets if sheet.rows] or [Sheet("Empty")]
    renamed = [
        Sheet(name, sheets[index % len(sheets)].rows)
        for index, name in enumerate(TAB_NAMES)
    ]

    parsed = read_workbook(Grids(grids.source, renamed))
    result = evaluate(parsed.workbook, dt.date(2026, 5, 15), parsed.findings)

    for finding in result.findings:
        assert finding.tab in TAB_NAMES
        assert finding.message
