"""Apply a write plan to an .xlsx or .xlsm file by editing its package in place.

Every zip entry the plan does not change is copied byte for byte; changed
worksheets are spliced as they stream by; the result replaces the file
atomically, and only when something really changed.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sheets.errors import WorkbookError
from sheets.package import PackageInfo, SheetKind, SheetPart, inspect_package
from sheets.plan import CellWrite, Highlight, OwnedTab, PlanValue, WritePlan
from sheets.xlsx_highlights import rewrite_tail
from sheets.xlsx_package import Package
from sheets.xlsx_rows import TailEdit, WorksheetSplice
from sheets.xlsx_scan import RowWrites
from sheets.xlsx_styles import StyleBook
from sheets.xlsx_tabs import TabContent, new_sheet, rebuild_sheet
from sheets.xlsx_zip import CHANGED_ON_DISK, FileStamp, atomic_file

__all__ = ["SYNC_LOG_HEADER", "ApplyResult", "FileStamp", "add_tabs", "apply_plan"]

logger = logging.getLogger(__name__)

SYNC_LOG = "Sync log"
# The header row of a Sync log tab goalsheet creates; each plan.log row goes
# below the tab's last row, in these columns.
SYNC_LOG_HEADER: list[PlanValue] = [
    "Synced at",
    "Cells written",
    "Tabs written",
    "Summary",
]
FORBIDDEN_IN_NAMES = set("[]:*?/\\")
_ROW_NUMBER = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?row(?=\s)[^>]*?(?<![\w:.-])r\s*=\s*[\"'](\d+)"
)


@dataclass(frozen=True)
class ApplyResult:
    """What an apply did: whether it wrote, and which parts it changed."""

    written: bool
    changed_parts: list[str] = field(default_factory=list)
    removed_parts: list[str] = field(default_factory=list)
    target: Path | None = None


def apply_plan(
    path: str | Path,
    plan: WritePlan,
    *,
    out: Path | None = None,
    stamp: FileStamp | None = None,
) -> ApplyResult:
    """Write a plan's cells, highlights, owned tabs and log row into the file.

    A write whose cell already holds its value is skipped, and an owned tab
    or highlight list that is already as planned is left alone; when nothing
    is left to change, nothing is written (not even `out`) and the file is not
    touched. plan.log is appended to the Sync log tab only when something else
    changed. `stamp` refuses a file that changed since it was read; `out`
    writes there and leaves `path` as it was.
    """
    path = Path(path)
    if not (plan.cells or plan.highlights or plan.tabs or plan.log):
        return ApplyResult(written=False)
    with _Patch.open(path, stamp) as patch:
        patch.apply(plan)
        return patch.finish(out or path, stamp)


def add_tabs(
    path: str | Path,
    tabs: Sequence[OwnedTab],
    *,
    dropdowns: Mapping[str, Mapping[int, Sequence[str]]] | None = None,
    out: Path | None = None,
    stamp: FileStamp | None = None,
) -> ApplyResult:
    """Add new tabs (header row first) to a workbook, refusing names it has.

    `dropdowns` maps a tab name to {0-based column: choices}: a list
    validation under the header of that column.
    """
    path = Path(path)
    if not tabs:
        return ApplyResult(written=False)
    with _Patch.open(path, stamp) as patch:
        for tab in tabs:
            _check_name(tab.name)
            added = {name.casefold() for name, _ in patch.new_sheets}
            if patch.sheet(tab.name) is not None or tab.name.casefold() in added:
                raise WorkbookError(
                    patch.source,
                    f"already has a tab named {tab.name!r}; rename or delete it, "
                    "then try again.",
                )
            choices = (dropdowns or {}).get(tab.name, {})
            content = TabContent(tab.rows, tab.widths, None, choices)
            patch.add_sheet(tab.name, new_sheet(content, patch.styles, patch.date1904))
        return patch.finish(out or path, stamp)


def _check_name(name: str) -> None:
    if not name.strip() or len(name) > 31 or FORBIDDEN_IN_NAMES & set(name):
        raise ValueError(f"{name!r} cannot be a tab name in Excel")


class _Patch:
    """One edit of a workbook: the plan worked out into changed parts."""

    def __init__(self, path: Path, info: PackageInfo) -> None:
        self.path = path
        self.source = info.source
        self.info = info
        self.date1904 = info.date1904
        self.package = Package(path, info)
        styles_part = self.package.related("styles")
        self.styles = StyleBook(self.package.read(styles_part) if styles_part else None)
        self.new_sheets: list[tuple[str, str]] = []
        self.removed_formula = False

    @classmethod
    def open(cls, path: Path, stamp: FileStamp | None) -> _Patch:
        if stamp is not None and not stamp.matches(path):
            raise WorkbookError(str(path), CHANGED_ON_DISK)
        return cls(path, inspect_package(path))

    def __enter__(self) -> _Patch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.package.close()

    def sheet(self, name: str) -> SheetPart | None:
        for sheet in self.info.sheets:
            if sheet.name.casefold() == name.casefold():
                return sheet
        return None

    def apply(self, plan: WritePlan) -> None:
        """Work out every changed part of the plan, the Sync log last."""
        owned = {tab.name.casefold() for tab in plan.tabs}
        names: dict[str, str | None] = {}
        writes: dict[str, RowWrites] = {}
        for write in plan.cells:
            if write.tab not in names:
                mine = write.tab.casefold() in owned
                names[write.tab] = None if mine else self._worksheet(write.tab).name
            name = names[write.tab]
            if name is not None:
                rows = writes.setdefault(name, {})
                rows.setdefault(write.row, {})[write.column] = write
        highlights = {
            self._worksheet(tab).name: list(rules)
            for tab, rules in plan.highlights.items()
            if tab.casefold() not in owned and (self.sheet(tab) or rules)
        }
        for tab in plan.tabs:
            self._owned_tab(tab, _rules_for(plan.highlights, tab.name))
        for name in list(dict.fromkeys([*writes, *highlights])):
            self._splice(name, writes.get(name, {}), highlights.get(name))
        if plan.log is not None and self.package.changed:
            self._append_log(plan.log)

    def _owned_tab(self, tab: OwnedTab, highlights: list[Highlight] | None) -> None:
        content = TabContent(tab.rows, tab.widths, highlights)
        sheet = self.sheet(tab.name)
        if sheet is None:
            self.add_sheet(tab.name, new_sheet(content, self.styles, self.date1904))
            return
        self._refuse_unless_worksheet(sheet)
        old = self.package.read(sheet.part)
        built = rebuild_sheet(old, content, self.styles, self.date1904)
        if built.xml == old:
            return
        self.removed_formula |= built.removed_formula
        self.package.replace(sheet.part, self.package.compress([built.xml], sheet.part))

    def _splice(
        self, name: str, writes: RowWrites, highlights: list[Highlight] | None
    ) -> None:
        sheet = self._worksheet(name)
        tail_edit: TailEdit | None = None
        if highlights is not None:
            rules = highlights

            def tail_edit(tail: bytes, prefix: bytes) -> bytes | None:
                return rewrite_tail(tail, prefix, rules, self.styles)

        where = (self.source, sheet.name)
        splice = WorksheetSplice(where, writes, self.styles, self.date1904, tail_edit)
        chunks = splice.run(self.package.stream(sheet.part))
        data = self.package.compress(chunks, sheet.part)
        if not splice.changed:
            data.spool.close()
            return
        self.removed_formula |= splice.removed_formula
        self.package.replace(sheet.part, data)
        logger.debug("tab %r of %s rewritten", sheet.name, self.source)

    def _append_log(self, values: list[PlanValue]) -> None:
        """Add the log row after the last row of the Sync log tab."""
        sheet = self.sheet(SYNC_LOG)
        if sheet is None:
            content = TabContent([SYNC_LOG_HEADER, values], [20, 14, 30, 60])
            self.add_sheet(SYNC_LOG, new_sheet(content, self.styles, self.date1904))
            return
        self._refuse_unless_worksheet(sheet)
        old = self.package.read(sheet.part)
        last = _last_row(old)
        rows = [values] if last else [SYNC_LOG_HEADER, values]
        writes: RowWrites = {}
        for number, row in enumerate(rows, start=last + 1):
            writes[number] = {
                column: CellWrite(
                    tab=sheet.name, row=number, column=column, value=value
                )
                for column, value in enumerate(row)
            }
        where = (self.source, sheet.name)
        splice = WorksheetSplice(where, writes, self.styles, self.date1904)
        data = self.package.compress(splice.run([old]), sheet.part)
        self.package.replace(sheet.part, data)

    def add_sheet(self, name: str, xml: bytes) -> None:
        """Queue a new worksheet part for a tab that does not exist."""
        part = self.package.fresh_sheet_part()
        self.package.added.append((part, self.package.compress([xml])))
        self.new_sheets.append((name, part))

    def finish(self, target: Path, stamp: FileStamp | None) -> ApplyResult:
        """Lay out the new package and replace the target, if anything changed."""
        package = self.package
        if not package.changed:
            logger.debug("%s already says what the plan says", self.source)
            return ApplyResult(written=False)
        package.link(self.styles, self.new_sheets, self.removed_formula)
        with atomic_file(target, self.path, stamp) as stream:
            package.write(stream)
            stream.seek(0)
            with zipfile.ZipFile(stream) as check:
                check.namelist()
        changed = [*package.rewritten, *(name for name, _ in package.added)]
        logger.debug("wrote %s: %d parts changed", target, len(changed))
        return ApplyResult(True, changed, list(package.removed), target)

    def _worksheet(self, name: str) -> SheetPart:
        sheet = self.sheet(name)
        if sheet is None:
            raise WorkbookError(
                self.source, f"has no tab named {name!r}; run sync again."
            )
        self._refuse_unless_worksheet(sheet)
        return sheet

    def _refuse_unless_worksheet(self, sheet: SheetPart) -> None:
        if sheet.kind is not SheetKind.WORKSHEET:
            raise WorkbookError(
                self.source,
                f"has a tab {sheet.name!r} that is a {sheet.kind.value}, not a "
                "worksheet; rename it so goalsheet can add its own.",
            )


def _rules_for(
    highlights: Mapping[str, list[Highlight]], tab: str
) -> list[Highlight] | None:
    for name, rules in highlights.items():
        if name.casefold() == tab.casefold():
            return list(rules)
    return None


def _last_row(xml: bytes) -> int:
    """The number of the last row of a small sheet, 0 when it has none."""
    return max(map(int, _ROW_NUMBER.findall(xml)), default=0)
