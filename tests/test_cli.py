"""The `goalsheet` command as a person uses it: files in, findings out."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from server.cli import main

TODAY = "2026-05-15"

# Every deliberate finding of the sample story, as (tab, cell, code).
SAMPLE_FINDINGS = [
    ("Strategy", "B7", "statement-too-long"),
    ("KPIs", "E10", "several-leads"),
    ("KPIs", "C13", "too-many-kpis"),
    ("KPIs", "H15", "kpi-question-unanswered"),
    ("OKRs", "H8", "check-in-stale"),
    ("OKRs", "O10", "status-disagrees"),
    ("OKRs", "H18", "check-in-stale"),
    ("OKRs", "M18", "key-result-is-task"),
    ("OKRs", "P19", "okr-not-approved"),
    ("OKRs", "H21", "check-in-overdue"),
    ("OKRs", "E24", "objective-not-aligned"),
    ("OKRs", "A26", "missing-id"),
    ("OKRs", "O27", "past-timeframe-open"),
    ("Check-ins", "I50", "update-missing-why"),
    ("Check-ins", "I51", "unknown-mention"),
    ("Actuals", "Q18", "bad-number"),
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def sample(tmp_path: Path, runner: CliRunner) -> Path:
    path = tmp_path / "goals.xlsx"
    result = runner.invoke(main, ["new", str(path)])
    assert result.exit_code == 0, result.output
    return path


def check_json(runner: CliRunner, path: Path) -> tuple[int, dict[str, object]]:
    result = runner.invoke(
        main, ["check", str(path), "--format", "json", "--today", TODAY]
    )
    return result.exit_code, json.loads(result.stdout)


def test_check_sample_prints_exactly_the_story_findings(
    runner: CliRunner, sample: Path
) -> None:
    code, report = check_json(runner, sample)

    findings = report["findings"]
    assert isinstance(findings, list)
    assert [(f["tab"], f["cell"], f["code"]) for f in findings] == SAMPLE_FINDINGS
    assert code == 1


def test_check_sample_summary_counts(runner: CliRunner, sample: Path) -> None:
    _, report = check_json(runner, sample)

    assert report["today"] == TODAY
    assert report["summary"] == {
        "kpis": 15,
        "kpis_healthy": 12,
        "kpis_unknown": 0,
        "objectives": {
            "on track": 5,
            "needs attention": 3,
            "off track": 1,
            "accomplished": 0,
            "no status": 0,
        },
        "check_ins_overdue": 3,
        "check_ins_stale": 2,
        "findings": {"error": 4, "warning": 11, "info": 1},
    }


def test_check_table_groups_findings_by_tab_in_workbook_order(
    runner: CliRunner, sample: Path
) -> None:
    result = runner.invoke(main, ["check", str(sample), "--today", TODAY])

    lines = result.output.splitlines()
    known = ("Strategy", "KPIs", "OKRs", "Check-ins", "Actuals")
    tabs = [line for line in lines if line in known]
    assert tabs == ["Strategy", "KPIs", "OKRs", "Check-ins", "Actuals"]
    assert "  E10   error     several-leads" in result.output
    assert "K9 names 2 leads (Sam Okafor, Ava Ross)" in result.output
    assert "  KPIs healthy:       12 of 15" in result.output
    assert "  Check-ins overdue:  3 (2 stale)" in result.output
    assert result.exit_code == 1


def test_new_empty_has_every_tab_and_no_rows(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "empty.xlsx"
    runner.invoke(main, ["new", "--empty", str(path)])

    code, report = check_json(runner, path)

    findings = report["findings"]
    assert isinstance(findings, list)
    assert {(f["tab"], f["code"]) for f in findings} == {
        ("Strategy", "ultimate-goal-incomplete"),
        ("Strategy", "pillar-count"),
    }
    assert code == 1


def test_new_refuses_to_replace_an_existing_file(
    runner: CliRunner, sample: Path
) -> None:
    before = sample.read_bytes()

    result = runner.invoke(main, ["new", str(sample)])

    assert result.exit_code == 1
    assert "already exists" in result.output
    assert sample.read_bytes() == before


def test_check_file_that_is_not_a_workbook_exits_2(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("Name,Target\nRevenue,100\n")

    result = runner.invoke(main, ["check", str(path)])

    assert result.exit_code == 2
    assert "notes.xlsx" in result.stderr
    assert "not an .xlsx file" in result.stderr
    assert "Traceback" not in result.output


def test_check_missing_tab_names_it_and_lists_the_tabs_found(
    tmp_path: Path, runner: CliRunner, sample: Path
) -> None:
    from openpyxl import load_workbook

    book = load_workbook(sample)
    del book["Check-ins"]
    path = tmp_path / "no-check-ins.xlsx"
    book.save(path)

    result = runner.invoke(main, ["check", str(path), "--format", "json"])

    assert result.exit_code == 2
    message = json.loads(result.stdout)["error"]
    assert "has no Check-ins tab" in message
    assert "'Strategy', 'KPIs', 'OKRs', 'Groups'" in message


def test_check_rejects_a_today_that_is_not_a_date(
    runner: CliRunner, sample: Path
) -> None:
    result = runner.invoke(main, ["check", str(sample), "--today", "15/05/2026"])

    assert result.exit_code == 2
    assert "'15/05/2026' is not a date like 2026-05-15" in result.output


def test_check_missing_file_says_so(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", str(tmp_path / "nope.xlsx")])

    assert result.exit_code == 2
    assert "nope.xlsx" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", sorted(main.commands), ids=sorted(main.commands))
def test_every_command_has_help_text(name: str) -> None:
    command = main.commands[name]

    assert isinstance(command, click.Command)
    assert command.help, f"goalsheet {name} has no help text"
