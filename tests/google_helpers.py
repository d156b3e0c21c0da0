"""Helpers shared by the Google sync tests: the sample served, and what to look at."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import responses

from sheets.google_client import RetryPolicy
from sheets.google_read import COLUMN_KEY
from sheets.google_sync import GoogleSyncReport, sync_google
from sheets.grid import Grids
from sheets.sample import write_sample
from sheets.xlsx import read_xlsx
from tests.google_fakes import FakeCredentials, FakeGoogle

TODAY = dt.date(2026, 5, 15)
NOW = dt.datetime(2026, 5, 15, 9, 30, tzinfo=dt.UTC)
OWNED_TABS = {"Dashboard", "Findings", "Sync log"}
NO_WAIT = RetryPolicy(sleep=lambda seconds: None)


def sample_grids(folder: Path) -> Grids:
    """The bundled sample workbook as the Excel reader sees it."""
    path = folder / "goals.xlsx"
    write_sample(path)
    return read_xlsx(path)


@contextmanager
def served(grids: Grids) -> Iterator[FakeGoogle]:
    """A workbook as a Google Sheet behind a mock of the API."""
    google = FakeGoogle.from_grids(copy.deepcopy(grids))
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        google.install(mock)
        yield google


def sync(fake: FakeGoogle, **options: Any) -> GoogleSyncReport:
    return sync_google(
        options.pop("spreadsheet", fake.spreadsheet_id),
        credentials=options.pop("credentials", FakeCredentials()),
        today=TODAY,
        now=NOW,
        policy=options.pop("policy", NO_WAIT),
        **options,
    )


@pytest.fixture(scope="module")
def google_sample(tmp_path_factory: pytest.TempPathFactory) -> Grids:
    """The sample workbook's grids, read once per test module."""
    return sample_grids(tmp_path_factory.mktemp("sample"))


@pytest.fixture
def fake(google_sample: Grids) -> Iterator[FakeGoogle]:
    """The sample as a Google Sheet behind a mock of the API."""
    with served(google_sample) as google:
        yield google


@pytest.fixture
def synced(fake: FakeGoogle) -> FakeGoogle:
    """The fake sheet after a first sync, with its requests forgotten."""
    sync(fake)
    fake.requests.clear()
    return fake


def actions(fake: FakeGoogle) -> list[str]:
    return [request.action for request in fake.requests]


def tagged(fake: FakeGoogle, tab: str, field: str) -> int:
    """Where the column goalsheet tagged as `tab`/`field` is now."""
    columns = [
        column
        for column, tags in fake.sheet(tab).tags.items()
        for tag in tags
        if tag["metadataKey"] == COLUMN_KEY and tag["metadataValue"] == f"{tab}/{field}"
    ]
    assert len(columns) == 1, columns
    return columns[0]


def people_columns(fake: FakeGoogle) -> Counter[tuple[str, str]]:
    """Every column no tag marks as goalsheet's, by content, wherever it now is.

    A column's cells and formats, row by row; comparing these before and after
    a sync shows that no person's cell or format changed or moved into
    another column's place.
    """
    found: Counter[tuple[str, str]] = Counter()
    for sheet in fake.sheets:
        if sheet.title in OWNED_TABS:
            continue
        columns: dict[int, list[tuple[int, str, str | None]]] = {}
        for (row, column), value in sheet.values.items():
            if column in sheet.tags:
                continue
            shown = json.dumps(value, sort_keys=True)
            format_ = sheet.formats.get((row, column))
            columns.setdefault(column, []).append((row, shown, format_))
        for cells in columns.values():
            found[(sheet.title, json.dumps(sorted(cells)))] += 1
    return found


def owned_cell(fake: FakeGoogle, tab: str, field: str, row: int) -> Any:
    """The value goalsheet wrote in an owned column, by the sheet's row number."""
    column = tagged(fake, tab, field)
    stored = fake.sheet(tab).values.get((row - 1, column))
    if stored is None:
        return None
    return next(iter(stored.values()))


def make_stale(fake: FakeGoogle, tab: str, field: str, row: int) -> Any:
    """Put a wrong value in an owned cell, as if the sheet were out of date.

    Returns the value goalsheet wrote there, which the next sync restores.
    """
    right = owned_cell(fake, tab, field, row)
    cell = (row - 1, tagged(fake, tab, field))
    fake.sheet(tab).values[cell] = {"stringValue": "out of date"}
    return right


def golden(name: str) -> Path:
    return Path(__file__).parent / "google" / name
