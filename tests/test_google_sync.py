"""A sync of a Google Sheet: request budgets, exact bodies, and Excel's results.

The exact request bodies of the sample's first sync are golden files under
tests/google/; after a deliberate change, regenerate them with
GOLDEN_UPDATE=1 python -m pytest tests/test_google_sync.py and review the diff.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import os
from pathlib import Path

import pytest

from rules.evaluate import evaluate
from sheets.google_read import serial_number
from sheets.google_values import encode
from sheets.grid import Grids, Sheet
from sheets.parse import read_workbook
from sheets.plan import WritePlan
from sheets.planner import plan_writes, same_value
from tests.google_fakes import FakeGoogle
from tests.google_helpers import (
    TODAY,
    actions,
    golden,
    make_stale,
    owned_cell,
    served,
    sync,
    tagged,
)
from tests.sheets_schema import assert_valid

CSAT_ROW = 6  # K4, Customer satisfaction


def test_first_sync_is_one_read_and_two_writes(fake: FakeGoogle) -> None:
    report = sync(fake)

    assert actions(fake) == ["get", "batchUpdate", "batchUpdateByDataFilter"]
    assert (report.reads, report.writes, report.retries) == (1, 2, 0)
    assert report.structure_written and report.values_written
    assert report.title == "Goals"


def test_the_read_asks_for_grid_data_limited_by_fields(fake: FakeGoogle) -> None:
    sync(fake)

    params = fake.requests[0].params
    assert params["includeGridData"] == ["true"]
    assert "columnMetadata.developerMetadata" in params["fields"][0]


def test_first_sync_bodies_are_the_golden_ones(fake: FakeGoogle) -> None:
    sync(fake)
    bodies = {
        "first_sync_structure.json": fake.bodies("batchUpdate")[0],
        "first_sync_values.json": fake.bodies("batchUpdateByDataFilter")[0],
    }

    for name, body in bodies.items():
        path = golden(name)
        if os.environ.get("GOLDEN_UPDATE") == "1":
            text = json.dumps(body, indent=1, ensure_ascii=False) + "\n"
            path.write_text(text, encoding="utf-8")
        assert body == json.loads(path.read_text(encoding="utf-8")), name


def test_every_request_body_is_valid_for_the_api(fake: FakeGoogle) -> None:
    sync(fake)
    make_stale(fake, "KPIs", "health", CSAT_ROW)
    sync(fake)

    schemas = {
        "batchUpdate": "BatchUpdateSpreadsheetRequest",
        "batchUpdateByDataFilter": "BatchUpdateValuesByDataFilterRequest",
    }
    for request in fake.requests:
        if request.body is not None:
            assert_valid(request.body, schemas[request.action])
    assert actions(fake).count("batchUpdateByDataFilter") == 2


def test_a_second_sync_sends_no_write(synced: FakeGoogle) -> None:
    report = sync(synced)

    assert actions(synced) == ["get"]
    assert (report.reads, report.writes) == (1, 0)
    assert (
        report.plan.cells == [] and report.plan.tabs == [] and report.plan.log is None
    )


def test_only_values_changed_is_one_read_and_one_write(synced: FakeGoogle) -> None:
    health = make_stale(synced, "KPIs", "health", CSAT_ROW)

    report = sync(synced)

    assert actions(synced) == ["get", "batchUpdateByDataFilter"]
    assert (report.reads, report.writes) == (1, 1)
    assert owned_cell(synced, "KPIs", "health", CSAT_ROW) == health
    log = synced.sheet("Sync log").values
    assert log[(2, 0)] == {"stringValue": "2026-05-15T09:30:00+00:00"}


def test_values_write_only_changed_cells(synced: FakeGoogle) -> None:
    right = make_stale(synced, "KPIs", "health", CSAT_ROW)

    sync(synced)

    body = synced.bodies("batchUpdateByDataFilter")[0]
    column = tagged(synced, "KPIs", "health")
    (tag,) = synced.sheet("KPIs").tags[column]
    lookup = {"metadataId": tag["metadataId"]}
    (health,) = [
        item["values"][0]
        for item in body["data"]
        if item["dataFilter"].get("developerMetadataLookup") == lookup
    ]
    assert health == [None] * (CSAT_ROW - 1) + [encode(right)]
    assert len(body["data"]) == 2  # the column and the Sync log row
    assert body["valueInputOption"] == "RAW"


def test_owned_columns_are_tagged_for_the_whole_document(fake: FakeGoogle) -> None:
    sync(fake)

    tags = [tag for tags in fake.sheet("OKRs").tags.values() for tag in tags]
    assert sorted(tag["metadataValue"] for tag in tags) == [
        "OKRs/check",
        "OKRs/expected",
        "OKRs/last_check_in",
        "OKRs/progress",
        "OKRs/suggested_status",
    ]
    assert {tag["visibility"] for tag in tags} == {"DOCUMENT"}
    headers = [fake.sheet("OKRs").values[(2, c)]["stringValue"] for c in range(16, 21)]
    assert headers == [
        "Progress",
        "Expected",
        "Suggested status",
        "Last check-in",
        "Check",
    ]


def test_dates_go_as_serial_numbers_in_a_date_formatted_column(
    fake: FakeGoogle,
) -> None:
    report = sync(fake)

    update = next(
        c for c in report.plan.cells if c.tab == "OKRs" and isinstance(c.value, dt.date)
    )
    column = tagged(fake, "OKRs", "last_check_in")
    stored = fake.sheet("OKRs").values[(update.row - 1, column)]
    assert stored == {"numberValue": serial_number(update.value)}
    assert fake.sheet("OKRs").formats[(update.row - 1, column)] == "DATE"
    assert (2, column) not in fake.sheet("OKRs").formats  # the header row keeps its own


def test_text_that_looks_like_a_formula_stays_text(synced: FakeGoogle) -> None:
    synced.set_cell("KPIs", CSAT_ROW, 12, "=1/0")

    sync(synced)

    check = owned_cell(synced, "KPIs", "check", CSAT_ROW)
    assert "'=1/0'" in check
    assert synced.bodies("batchUpdateByDataFilter")[0]["valueInputOption"] == "RAW"


def test_empty_id_cells_are_never_filled(fake: FakeGoogle) -> None:
    before = fake.sheet("OKRs").values.copy()

    report = sync(fake)

    missing = [f for f in report.result.findings if f.code == "missing-id"]
    assert len(missing) == 1
    assert "Type an ID such as" in missing[0].message
    row = missing[0].row
    assert row is not None
    assert (row - 1, 0) not in fake.sheet("OKRs").values
    assert all(fake.sheet("OKRs").values.get(cell) == v for cell, v in before.items())


def plan_of(grids: Grids) -> WritePlan:
    parsed = read_workbook(grids)
    return plan_writes(parsed, evaluate(parsed.workbook, TODAY, parsed.findings), grids)


def test_the_sample_plans_the_same_through_excel_and_google(
    google_sample: Grids, fake: FakeGoogle
) -> None:
    excel = plan_of(copy.deepcopy(google_sample))

    report = sync(fake)

    assert report.plan.cells == excel.cells
    assert report.plan.columns == excel.columns
    assert report.plan.highlights == excel.highlights
    assert report.plan.tabs == excel.tabs
    assert len(excel.cells) > 400


def test_the_sheet_then_says_what_the_excel_plan_says(
    google_sample: Grids, fake: FakeGoogle
) -> None:
    excel = plan_of(copy.deepcopy(google_sample))
    fields = {(c.tab, c.column): c.field for c in excel.columns}

    sync(fake)

    for write in excel.cells:
        found = owned_cell(
            fake, write.tab, fields[(write.tab, write.column)], write.row
        )
        wanted = write.value
        if isinstance(wanted, dt.date):
            wanted = serial_number(wanted)
        assert same_value(found, wanted), (write, found)


def test_ragged_and_empty_tabs_sync_like_excel(google_sample: Grids) -> None:
    grids = copy.deepcopy(google_sample)
    groups = grids.get("Groups")
    assert groups is not None
    groups.rows = []
    people = grids.get("People")
    assert people is not None
    people.rows = [row[: len(row) - n % 3] for n, row in enumerate(people.rows)]
    grids.sheets.append(Sheet("Notes", []))

    with served(grids) as google:
        report = sync(google)

    assert report.plan.cells == plan_of(copy.deepcopy(grids)).cells
    assert "Groups" not in report.plan.highlights


def test_a_sync_logs_its_start_and_outcome(
    synced: FakeGoogle, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="sheets.google_sync"):
        sync(synced)

    assert [r.getMessage() for r in caplog.records] == [
        f"sync of Google Sheet {synced.spreadsheet_id} started",
        f"sync of Google Sheet {synced.spreadsheet_id}: nothing changed, "
        "nothing written",
    ]


def test_golden_files_exist() -> None:
    for name in ("first_sync_structure.json", "first_sync_values.json"):
        assert Path(golden(name)).is_file(), f"run with GOLDEN_UPDATE=1 to write {name}"


def test_an_owned_tab_spelt_in_another_case_is_written_not_added(
    google_sample: Grids,
) -> None:
    grids = copy.deepcopy(google_sample)
    grids.sheets.append(Sheet("findings", [["old"], ["rows"], ["here"]]))

    with served(grids) as google:
        sync(google)

        added = [
            request["addSheet"]["properties"]["title"]
            for request in google.bodies("batchUpdate")[0]["requests"]
            if "addSheet" in request
        ]
        ranges = [
            item["dataFilter"].get("a1Range")
            for item in google.bodies("batchUpdateByDataFilter")[0]["data"]
        ]
    assert added == ["Dashboard", "Sync log"]
    assert any(str(r).startswith("'findings'!A1:") for r in ranges)
