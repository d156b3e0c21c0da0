"""A Google Sheet is edited while goalsheet works: never a misplaced cell.

People insert columns and edit cells between goalsheet's read and its write,
rename owned columns, keep their own conditional formats; Google answers
with errors. Each test checks that people's cells, formats and rules come
out exactly as the people left them.
"""

from __future__ import annotations

import copy
import logging

import pytest

from sheets.google_client import GoogleSheetError
from sheets.google_read import COLUMN_KEY
from sheets.grid import Grids
from sheets.plan import HIGHLIGHT_MARK
from tests.google_fake_sheet import FakeSheet
from tests.google_fakes import FakeCredentials, FakeGoogle
from tests.google_helpers import (
    actions,
    make_stale,
    owned_cell,
    people_columns,
    served,
    sync,
    tagged,
)

CSAT_ROW = 6  # K4, Customer satisfaction
LEAD = 4  # column E of the KPIs tab
OKR_HEADER_ROW = 3


def test_values_follow_their_tags_past_a_column_inserted_before_the_write(
    synced: FakeGoogle,
) -> None:
    health = make_stale(synced, "KPIs", "health", CSAT_ROW)
    health_then = tagged(synced, "KPIs", "health")
    seen: dict[str, object] = {}

    def person(google: FakeGoogle) -> None:
        google.insert_column("KPIs", 1)
        google.set_cell("KPIs", 1, 1, "Notes")
        google.set_cell("KPIs", CSAT_ROW, LEAD + 1, "Priya Nair and Ben Cole")
        seen["people"] = people_columns(google)

    synced.before_write = person
    report = sync(synced)

    assert (report.reads, report.writes) == (1, 1)
    assert tagged(synced, "KPIs", "health") == health_then + 1
    assert owned_cell(synced, "KPIs", "health", CSAT_ROW) == health
    kpis = synced.sheet("KPIs")
    target_now = kpis.values.get((CSAT_ROW - 1, health_then))
    assert target_now == {
        "numberValue": owned_cell(synced, "KPIs", "target_now", CSAT_ROW)
    }
    assert kpis.values[(CSAT_ROW - 1, LEAD + 1)] == {
        "stringValue": "Priya Nair and Ben Cole"
    }
    assert [cell for cell in kpis.values if cell[1] == 1] == [(0, 1)]
    assert people_columns(synced) == seen["people"]


def test_first_sync_lands_in_fresh_columns_past_a_column_inserted_before_it(
    fake: FakeGoogle,
) -> None:
    seen: dict[str, object] = {}

    def person(google: FakeGoogle) -> None:
        google.insert_column("OKRs", 0)
        google.set_cell("OKRs", OKR_HEADER_ROW, 0, "Notes")
        google.set_cell("OKRs", 7, 14, 1300)
        seen["people"] = people_columns(google)

    fake.before_write = person
    report = sync(fake)

    assert (report.reads, report.writes) == (1, 2)
    assert people_columns(fake) == seen["people"]
    okrs = fake.sheet("OKRs")
    headers = {
        field: okrs.values[(OKR_HEADER_ROW - 1, tagged(fake, "OKRs", field))]
        for field in ("progress", "expected", "suggested_status", "check")
    }
    assert headers == {
        "progress": {"stringValue": "Progress"},
        "expected": {"stringValue": "Expected"},
        "suggested_status": {"stringValue": "Suggested status"},
        "check": {"stringValue": "Check"},
    }
    assert okrs.values[(6, 14)] == {"numberValue": 1300}


def test_a_renamed_owned_column_is_still_found_by_its_tag(synced: FakeGoogle) -> None:
    column = tagged(synced, "KPIs", "health")
    synced.set_cell("KPIs", 1, column, "KPI health")
    width = synced.sheet("KPIs").column_count

    quiet = sync(synced)
    health = make_stale(synced, "KPIs", "health", CSAT_ROW)
    changed = sync(synced)

    assert quiet.writes == 0
    assert (changed.writes, changed.structure_written) == (1, False)
    assert owned_cell(synced, "KPIs", "health", CSAT_ROW) == health
    assert synced.sheet("KPIs").values[(0, column)] == {"stringValue": "KPI health"}
    assert synced.sheet("KPIs").column_count == width


def people_rule(sheet_id: int) -> dict[str, object]:
    return {
        "ranges": [
            {
                "sheetId": sheet_id,
                "startRowIndex": 2,
                "endRowIndex": 40,
                "startColumnIndex": 12,
                "endColumnIndex": 13,
            }
        ],
        "booleanRule": {
            "condition": {
                "type": "NUMBER_LESS",
                "values": [{"userEnteredValue": "0.9"}],
            },
            "format": {"textFormat": {"bold": True}},
        },
    }


def test_peoples_rules_are_kept_and_goalsheets_recognised(fake: FakeGoogle) -> None:
    kpis = fake.sheet("KPIs")
    mine = people_rule(kpis.sheet_id)
    kpis.rules.append(copy.deepcopy(mine))

    sync(fake)
    fake.requests.clear()
    again = sync(fake)

    assert again.writes == 0
    assert kpis.rules[0] == mine
    assert len(kpis.rules) == 4
    assert all(HIGHLIGHT_MARK in str(rule) for rule in kpis.rules[1:])


def test_changed_highlights_are_replaced_highest_index_first(
    synced: FakeGoogle,
) -> None:
    kpis = synced.sheet("KPIs")
    kpis.rules.insert(0, people_rule(kpis.sheet_id))
    kpis.rules.append(people_rule(kpis.sheet_id))
    ours = kpis.rules[2]["booleanRule"]
    ours["format"]["backgroundColorStyle"]["rgbColor"]["red"] = 0.1
    people_before = [kpis.rules[0], kpis.rules[4]]

    report = sync(synced)

    assert actions(synced) == ["get", "batchUpdate"]
    assert (report.writes, report.values_written) == (1, False)
    requests = synced.bodies("batchUpdate")[0]["requests"]
    deleted = [r["deleteConditionalFormatRule"]["index"] for r in requests[:3]]
    added = [r["addConditionalFormatRule"]["index"] for r in requests[3:]]
    assert deleted == [3, 2, 1]
    assert added == [2, 3, 4]
    assert kpis.rules[:2] == people_before
    assert sync(synced).writes == 0


def test_a_400_shows_googles_message_and_writes_no_values(fake: FakeGoogle) -> None:
    def person(google: FakeGoogle) -> None:
        google.sheets.append(FakeSheet(sheet_id=77, title="Findings"))

    fake.before_write = person

    with pytest.raises(GoogleSheetError) as raised:
        sync(fake)

    assert 'A sheet with the name "Findings" already exists.' in str(raised.value)
    assert raised.value.status == 400
    assert actions(fake) == ["get", "batchUpdate"]


def test_a_sheet_not_shared_names_the_service_account(fake: FakeGoogle) -> None:
    denied = {
        "error": {
            "code": 403,
            "message": "The caller does not have permission",
            "status": "PERMISSION_DENIED",
        }
    }
    fake.failures.append((403, denied))

    with pytest.raises(GoogleSheetError, match="not shared with goalsheet-sync@"):
        sync(fake, credentials=FakeCredentials())

    assert actions(fake) == ["get"]


def test_an_unknown_spreadsheet_is_404(fake: FakeGoogle) -> None:
    other = "1NoSuchSpreadsheetAnywhere0000000000000000"

    with pytest.raises(GoogleSheetError) as raised:
        sync(fake, spreadsheet=f"https://docs.google.com/spreadsheets/d/{other}/edit")

    assert raised.value.reason == f"No spreadsheet with ID {other}; check the URL."


def test_a_busy_google_is_retried_inside_a_sync(
    fake: FakeGoogle, caplog: pytest.LogCaptureFixture
) -> None:
    busy = {"error": {"code": 429, "message": "Quota", "status": "RESOURCE_EXHAUSTED"}}
    fake.failures.append((429, busy))

    with caplog.at_level(logging.WARNING, logger="sheets.google_client"):
        report = sync(fake)

    assert actions(fake) == ["get", "get", "batchUpdate", "batchUpdateByDataFilter"]
    assert (report.reads, report.writes, report.retries) == (1, 2, 1)
    assert len(caplog.records) == 1


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("goals.xlsx", id="file"),
        pytest.param("https://example.com/spreadsheets/d/abc", id="other-site"),
        pytest.param("https://docs.google.com/document/d/" + "x" * 30, id="doc"),
    ],
)
def test_anything_but_a_sheet_is_refused_before_any_request(
    fake: FakeGoogle, target: str
) -> None:
    with pytest.raises(GoogleSheetError, match="is not a Google Sheets spreadsheet"):
        sync(fake, spreadsheet=target)

    assert fake.requests == []


def test_the_sync_log_grid_grows_when_its_rows_no_longer_fit(
    synced: FakeGoogle,
) -> None:
    log = synced.sheet("Sync log")
    log.row_count = 2
    make_stale(synced, "KPIs", "health", CSAT_ROW)

    report = sync(synced)

    assert (report.reads, report.writes) == (1, 2)
    (request,) = synced.bodies("batchUpdate")[0]["requests"]
    assert request == {
        "appendDimension": {"sheetId": log.sheet_id, "dimension": "ROWS", "length": 998}
    }
    assert (2, 0) in log.values


def test_a_column_tagged_by_someone_else_is_not_goalsheets(synced: FakeGoogle) -> None:
    kpis = synced.sheet("KPIs")
    column = tagged(synced, "KPIs", "health")
    for tag in kpis.tags[column]:
        tag["metadataKey"] = "another.tool"

    report = sync(synced)

    assert report.structure_written
    assert any(
        tag["metadataKey"] == COLUMN_KEY
        for tag in kpis.tags.get(column, [])
        if tag["metadataValue"] == "KPIs/health"
    )


def test_a_cleared_date_format_is_restored_without_rewriting_values(
    synced: FakeGoogle,
) -> None:
    okrs = synced.sheet("OKRs")
    column = tagged(synced, "OKRs", "last_check_in")
    for cell in [cell for cell in okrs.formats if cell[1] == column]:
        del okrs.formats[cell]

    report = sync(synced)

    assert actions(synced) == ["get", "batchUpdate"]
    assert (report.writes, report.values_written) == (1, False)
    (request,) = synced.bodies("batchUpdate")[0]["requests"]
    assert request["repeatCell"]["range"]["startColumnIndex"] == column
    assert request["repeatCell"]["cell"]["userEnteredFormat"]["numberFormat"] == {
        "type": "DATE",
        "pattern": "yyyy-mm-dd",
    }
    assert sync(synced).writes == 0


def test_a_persons_own_number_format_on_an_owned_column_is_kept(
    synced: FakeGoogle,
) -> None:
    okrs = synced.sheet("OKRs")
    column = tagged(synced, "OKRs", "progress")
    for cell in [cell for cell in okrs.formats if cell[1] == column]:
        okrs.formats[cell] = "NUMBER"

    report = sync(synced)

    assert report.writes == 0
    assert {okrs.formats[cell] for cell in okrs.formats if cell[1] == column} == {
        "NUMBER"
    }


def test_a_tag_a_moved_column_would_misplace_is_undone_before_any_value(
    google_sample: Grids,
) -> None:
    grids = copy.deepcopy(google_sample)
    kpis = grids.get("KPIs")
    assert kpis is not None
    kpis.rows[0] = [*kpis.rows[0], "Health"]
    seen: dict[str, object] = {}

    def person(google: FakeGoogle) -> None:
        google.insert_column("KPIs", 0)
        seen["people"] = people_columns(google)

    with served(grids) as google:
        google.before_write = person
        with pytest.raises(GoogleSheetError, match="Run the sync again"):
            sync(google)

        assert actions(google) == ["get", "batchUpdate", "batchUpdate"]
        kpi_tags = google.sheet("KPIs").tags
        assert not any(
            tag["metadataValue"] == "KPIs/health"
            for tags in kpi_tags.values()
            for tag in tags
        )
        assert people_columns(google) == seen["people"]

        again = sync(google)

        assert again.writes == 2
        column = tagged(google, "KPIs", "health")
        assert google.sheet("KPIs").values[(0, column)] == {"stringValue": "Health"}


def test_a_persons_rule_deleted_by_a_shifted_index_is_restored(
    synced: FakeGoogle, caplog: pytest.LogCaptureFixture
) -> None:
    kpis = synced.sheet("KPIs")
    ours = kpis.rules[1]["booleanRule"]
    ours["format"]["backgroundColorStyle"]["rgbColor"]["red"] = 0.1
    mine = people_rule(kpis.sheet_id)

    def person(google: FakeGoogle) -> None:
        google.sheet("KPIs").rules.insert(0, copy.deepcopy(mine))

    synced.before_write = person
    with caplog.at_level(logging.WARNING, logger="sheets.google_sync"):
        report = sync(synced)

    assert actions(synced) == ["get", "batchUpdate", "batchUpdate"]
    assert report.writes == 2
    assert kpis.rules[0] == mine
    assert "changed during the sync" in caplog.records[0].getMessage()
    assert sync(synced).writes == 1
    assert kpis.rules[0] == mine
    assert len(kpis.rules) == 4
    assert sync(synced).writes == 0
