"""A sync of an .xlsx file: read, parse, evaluate, plan, diff, apply."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from rules.checks.references import suggest_id
from rules.evaluate import Evaluation, evaluate
from rules.records import Kpi, Okr
from sheets.parse import Parsed, read_workbook
from sheets.plan import CellWrite, WritePlan
from sheets.planner import plan_writes
from sheets.xlsx import read_xlsx
from sheets.xlsx_patch import FileStamp, apply_plan

logger = logging.getLogger(__name__)


@dataclass
class SyncReport:
    """What a sync found and what it wrote."""

    source: str
    result: Evaluation
    plan: WritePlan
    written: bool
    changed_parts: list[str] = field(default_factory=list)


def sync_xlsx(
    path: Path,
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    out: Path | None = None,
) -> SyncReport:
    """Write the results of one evaluation into the file's owned places.

    `today` defaults to the Settings tab's, then the clock's; `out` writes a
    copy and leaves `path` untouched. Nothing is written when nothing changed.
    """
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    logger.info("sync of %s started", path)
    stamp = FileStamp.of(path)
    grids = read_xlsx(path)
    parsed = read_workbook(grids)
    id_writes = fill_missing_ids(parsed)
    day = today or parsed.workbook.settings.today or now.astimezone().date()
    result = evaluate(parsed.workbook, day, parsed.findings)

    plan = plan_writes(parsed, result, grids)
    plan.cells[:0] = id_writes
    if plan.changes_values:
        plan.log = log_row(plan, result, now)
    applied = apply_plan(path, plan, out=out, stamp=stamp)
    if out is not None and not applied.written:
        shutil.copyfile(path, out)
    if applied.written:
        logger.info(
            "sync of %s wrote %d cells and %s to %s",
            path,
            len(plan.cells),
            _tab_names(plan) or "no tabs",
            out or path,
        )
    else:
        logger.info("sync of %s: nothing changed, nothing written", path)
    return SyncReport(
        source=str(path),
        result=result,
        plan=plan,
        written=applied.written,
        changed_parts=list(applied.changed_parts),
    )


def fill_missing_ids(parsed: Parsed) -> list[CellWrite]:
    """Give every goal without an ID a fresh one, in the records and as writes.

    Only where the tab has an ID column; the goal's other findings then refer
    to the new ID, and the file gets it in the same write.
    """
    book = parsed.workbook
    writes: list[CellWrite] = []
    for name in ("kpis", "okrs"):
        goals: list[Kpi | Okr] = list(getattr(book, name))
        for index, goal in enumerate(goals):
            column = parsed.tables[_tab_of(name)].positions.get("id")
            if goal.id or column is None:
                continue
            fresh = suggest_id(book, goal)
            goals[index] = goal.model_copy(update={"id": fresh})
            book = book.model_copy(update={name: goals})
            writes.append(
                CellWrite(tab=goal.tab, row=goal.row, column=column, value=fresh)
            )
    parsed.workbook = book
    return writes


def _tab_of(field_name: str) -> str:
    return {"kpis": "KPIs", "okrs": "OKRs"}[field_name]


def log_row(
    plan: WritePlan, result: Evaluation, now: dt.datetime
) -> list[str | int | float | bool | dt.date | None]:
    """The Sync log row of a sync that changed something."""
    summary = result.summary
    findings = summary.severities
    text = (
        f"{summary.kpis_healthy} of {summary.kpis} KPIs healthy; "
        f"{findings['error']} errors, {findings['warning']} warnings"
    )
    return [now.isoformat(), len(plan.cells), _tab_names(plan), text]


def _tab_names(plan: WritePlan) -> str:
    return ", ".join(tab.name for tab in plan.tabs)
