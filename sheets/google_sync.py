"""A sync of a Google Sheet: one read, then at most a structure and a values write.

The evaluation and the write plan are the Excel sync's; what differs is where
owned columns are found (by their developer metadata first, then by header)
and that empty ID cells are never filled: no request can fill a cell only if
it is still empty, so the missing-id finding suggests an ID instead.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from google.auth.credentials import Credentials

from rules.evaluate import Evaluation, evaluate
from sheets.cells import SERIAL_EPOCH
from sheets.google_apply import Structure, created_tags, plan_structure
from sheets.google_client import (
    GoogleSheetError,
    RequestCounts,
    RetryPolicy,
    SheetsClient,
    parse_spreadsheet_id,
)
from sheets.google_read import READ_FIELDS, GoogleBook, read_book
from sheets.google_values import ColumnKey, TabWrite, owned_tab_writes, values_body
from sheets.google_verify import (
    RESPONSE_FIELDS,
    misplaced_tags,
    response_options,
    restored_rules,
    untag,
)
from sheets.grid import Grids
from sheets.owned import FORMATS
from sheets.parse import Parsed, read_workbook
from sheets.plan import NumberFormat, WritePlan
from sheets.planner import plan_writes
from sheets.sync import log_row

logger = logging.getLogger(__name__)


@dataclass
class GoogleSyncReport:
    """What a sync of a Google Sheet found, what it wrote, and in how many requests."""

    source: str
    spreadsheet_id: str
    title: str
    result: Evaluation
    plan: WritePlan
    reads: int
    writes: int
    retries: int
    structure_written: bool
    values_written: bool

    @property
    def written(self) -> bool:
        return self.writes > 0


def sync_google(
    spreadsheet: str,
    *,
    credentials: Credentials,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    policy: RetryPolicy | None = None,
) -> GoogleSyncReport:
    """Write the results of one evaluation into the sheet's owned places.

    `spreadsheet` is a docs.google.com URL or the bare ID; anything else is
    refused before any request. `today` defaults to the Settings tab's, then
    the clock's. Nothing is written when nothing changed.
    """
    spreadsheet_id = parse_spreadsheet_id(spreadsheet)
    source = f"Google Sheet {spreadsheet_id}"
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    logger.info("sync of %s started", source)
    client = SheetsClient(spreadsheet_id, credentials, policy=policy, source=source)
    book = read_book(client.get(READ_FIELDS), source)
    parsed = read_workbook(book.grids)
    tags = locate_tagged_columns(parsed, book)
    read_owned_dates(parsed, book.grids)
    day = today or parsed.workbook.settings.today or now.astimezone().date()
    result = evaluate(parsed.workbook, day, parsed.findings)

    plan = plan_writes(parsed, result, book.grids)
    if plan.changes_values:
        plan.log = log_row(plan, result, now)
    tab_writes = owned_tab_writes(plan, book)
    _refuse_non_grid_tabs(book, [write.title for write in tab_writes], source)
    canonical = {table.name: name for name, table in parsed.tables.items()}
    structure = plan_structure(plan, book, canonical, tags, tab_writes)
    if structure.requests:
        tags |= _apply_structure(client, structure)
    body = values_body(plan, tags, tab_writes)
    if body is not None:
        client.update_values(body)

    counts = client.counts
    _log_outcome(source, plan, tab_writes, counts)
    return GoogleSyncReport(
        source=source,
        spreadsheet_id=spreadsheet_id,
        title=book.title,
        result=result,
        plan=plan,
        reads=counts.reads,
        writes=counts.writes,
        retries=counts.retries,
        structure_written=bool(structure.requests),
        values_written=body is not None,
    )


def _log_outcome(
    source: str, plan: WritePlan, tab_writes: list[TabWrite], counts: RequestCounts
) -> None:
    if not counts.writes:
        logger.info("sync of %s: nothing changed, nothing written", source)
        return
    logger.info(
        "sync of %s wrote %d cells and %s in %d requests",
        source,
        len(plan.cells),
        ", ".join(write.title for write in tab_writes) or "no tabs",
        counts.reads + counts.writes,
    )


def _apply_structure(
    client: SheetsClient, structure: Structure
) -> dict[ColumnKey, int]:
    """Send the structure request; undo what a person's edit meanwhile misplaced.

    Returns the ids of the tags it created. A tag that landed on a column other
    than the one read, because a person inserted a column in between, is
    removed again and the sync stops before writing any value.
    """
    body = {"requests": structure.requests, **response_options(structure.checks)}
    fields = RESPONSE_FIELDS if structure.checks else None
    reply = client.batch_update(body, fields)
    tags = created_tags(structure, reply)
    misplaced = misplaced_tags(structure.checks, reply, tags)
    repairs = untag(misplaced) + restored_rules(structure.requests, reply)
    if repairs:
        logger.warning(
            "%s changed during the sync; undoing %d misplaced changes",
            client.source,
            len(repairs),
        )
        client.batch_update({"requests": repairs})
    if misplaced:
        raise GoogleSheetError(
            client.source,
            "changed while goalsheet was syncing (a column moved before the "
            "write); no values were written. Run the sync again.",
        )
    return tags


def locate_tagged_columns(parsed: Parsed, book: GoogleBook) -> dict[ColumnKey, int]:
    """Put every tagged owned column where its tag says; the tags by column.

    A tag wins over the header: a person may have moved or renamed the
    column. Owned columns without a tag keep the place their header gives.
    """
    found: dict[ColumnKey, int] = {}
    for name, table in parsed.tables.items():
        tab = book.tab(table.name)
        if tab is None or not table.headers:
            continue
        owned = {spec.field for spec in table.spec.owned_columns()}
        for tag in tab.tags:
            if tag.tab != name or tag.field not in owned:
                continue
            table.positions[tag.field] = tag.column
            table.headers += [""] * (tag.column + 1 - len(table.headers))
            found[(table.name, tag.field)] = tag.metadata_id
    return found


def read_owned_dates(parsed: Parsed, grids: Grids) -> None:
    """Serial numbers in owned date columns read as the dates they were written as.

    Dates arrive as numbers, recognised by the cell's date format; a person may
    have cleared that format, and the column would then never compare equal.
    """
    for table in parsed.tables.values():
        sheet = grids.get(table.name)
        if sheet is None:
            continue
        for spec in table.spec.owned_columns():
            index = table.positions.get(spec.field)
            if index is None or FORMATS.get(spec.field) is not NumberFormat.DATE:
                continue
            for values in sheet.rows[table.header_row :]:
                value = values[index] if index < len(values) else None
                if isinstance(value, float) and 1 <= value < 2958466:
                    values[index] = SERIAL_EPOCH + dt.timedelta(days=int(value))


def _refuse_non_grid_tabs(book: GoogleBook, titles: list[str], source: str) -> None:
    for title in titles:
        tab = book.tab(title)
        if tab is not None and not tab.grid:
            raise GoogleSheetError(
                source,
                f"has a tab {title!r} that is not a grid of cells; rename it so "
                "goalsheet can add its own.",
            )
