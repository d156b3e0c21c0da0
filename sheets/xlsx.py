"""Read an .xlsx workbook into grids of cell values, with python-calamine."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter

from python_calamine import CalamineWorkbook

from sheets.container import RESAVE
from sheets.errors import WorkbookError
from sheets.grid import CellValue, ErrorValue, Grids, Sheet, column_letter
from sheets.package import PackageInfo, SheetPart, inspect_package

MAX_CELLS = 10_000_000
MAX_COLUMN_LETTERS = 3
TOO_FAR_COLUMN = 1 << 30
ERROR_OVERLAP_BYTES = 64 << 10

# The only error codes calamine accepts; any other fails the whole workbook.
CALAMINE_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", ""}
)

_NAME = rb"(?:[A-Za-z_][\w.-]*:)?"
_QUOTE = rb"[\"']"

# Any r attribute holding a cell reference, in every spelling XML allows; an
# attribute merely ending in r matches too, which can only overstate the reach.
_CELL_REF = re.compile(rb"r\s*=\s*" + _QUOTE + rb"\s*([A-Za-z]+)([0-9]{1,10})")

# A cell or row tag without an r attribute, or one broken by a stray '<'.
_MISSING_REF = re.compile(
    rb"<" + _NAME + rb"(?:c|row)(?=[\s/>])(?:(?![\s:\"']r\s*=)[^<>])*[<>]"
)
_ROW_START = re.compile(rb"<" + _NAME + rb"row(?=[\s/>])")
_CELL_START = re.compile(rb"<" + _NAME + rb"c(?=[\s/>])")
_ROW_REF = re.compile(
    rb"<" + _NAME + rb"row(?=\s)[^>]*?[\s:\"']r\s*=\s*" + _QUOTE + rb"\s*([0-9]{1,10})"
)

_ERROR_CELL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c\s"
    rb"([^>]*?(?<![\w:.-])t\s*=\s*[\"']e[\"'][^>]*)>"
)
_CELL_END = re.compile(rb"</" + _NAME + rb"c\s*>")
_VALUE = re.compile(rb"<" + _NAME + rb"v(?:\s[^>]*)?>([^<]*)</")
_REF_ATTRIBUTE = re.compile(
    rb"(?<![\w:.-])r\s*=\s*" + _QUOTE + rb"([A-Za-z]{1,3})([0-9]{1,7})" + _QUOTE
)
_VM_ATTRIBUTE = re.compile(rb"(?<![\w:.-])vm\s*=")


def read_xlsx(path: str | os.PathLike[str], source: str | None = None) -> Grids:
    """Read the values of every worksheet, hidden ones too, keeping formula errors.

    rows[0] of each sheet is its row 1 and column 0 is column A; blank cells
    are None, formula cells give their cached result, dates come as dates.
    """
    source = source or str(path)
    scans: dict[str, WorksheetScan] = {}

    def scan(sheet: SheetPart, chunk: bytes) -> None:
        scans.setdefault(sheet.part, WorksheetScan()).feed(chunk)

    info = inspect_package(path, source, scan)
    _refuse_too_many_cells(info, scans)
    return Grids(source, _read_sheets(path, info, scans))


@dataclass
class ErrorCell:
    """A t="e" cell as written: its attributes and where its code sits."""

    attributes: bytes
    value: re.Match[bytes] | None
    complete: bool

    def code(self) -> str:
        if self.value is None:
            return ""
        return self.value.group(1).decode("utf-8", "replace").strip()


def find_error_cells(xml: bytes) -> Iterator[ErrorCell]:
    """Every t="e" cell in a stretch of worksheet XML, the last maybe cut off."""
    for match in _ERROR_CELL.finditer(xml):
        attributes = match.group(1)
        if attributes.endswith(b"/"):
            continue
        end = _CELL_END.search(xml, match.end())
        if end is None:
            yield ErrorCell(attributes, None, complete=False)
            continue
        value = _VALUE.search(xml, match.end(), end.start())
        yield ErrorCell(attributes, value, complete=True)


@dataclass
class WorksheetScan:
    """What a worksheet's raw XML tells before calamine reads it.

    calamine lays a sheet out as a dense grid up to its farthest cell, so one
    cell at XFD1048576 would ask for billions of cells and abort the process;
    the reach found here is checked first. calamine also reads formula errors
    as empty strings, so their codes are collected here.
    """

    last_row: int = 0
    last_column: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    foreign_errors: bool = False
    unlabelled: bool = False
    row_tags: int = 0
    last_row_tag: int = 0
    widest_row: int = 0
    open_row_cells: int = 0
    error_pending: bool = False
    overlap: bytes = b""

    def feed(self, chunk: bytes) -> None:
        """Take the next piece of the sheet's XML, cut just before a tag."""
        self._measure_reach(chunk)
        if not self.unlabelled and _MISSING_REF.search(chunk):
            self.unlabelled = True
        if self.unlabelled:
            self._count_positions(chunk)
        if self.error_pending or b'"e"' in chunk or b"'e'" in chunk:
            self.error_pending = self._collect_errors(self.overlap + chunk)
        self.overlap = chunk[-ERROR_OVERLAP_BYTES:]

    def reach(self) -> tuple[int, int]:
        """The farthest row and column a reader may place a value in."""
        if not self.unlabelled:
            return self.last_row, self.last_column
        rows = max(self.last_row, self.last_row_tag) + self.row_tags
        return rows, self.last_column + self.widest_row

    def _measure_reach(self, chunk: bytes) -> None:
        refs = _CELL_REF.findall(chunk)
        if not refs:
            return
        self.last_row = max(self.last_row, max(map(int, map(itemgetter(1), refs))))
        for letters in set(map(itemgetter(0), refs)):
            self.last_column = max(self.last_column, _column_number(letters))

    def _count_positions(self, chunk: bytes) -> None:
        """Bound where cells without an r attribute land: they follow the last one.

        Such a cell goes one column right of the cell before it, and such a row
        one below the row before it, so counting tags gives a safe upper bound.
        """
        pieces = _ROW_START.split(chunk)
        cells = list(map(len, map(_CELL_START.findall, pieces)))
        cells[0] += self.open_row_cells
        self.row_tags += len(pieces) - 1
        self.widest_row = max(self.widest_row, max(cells))
        self.open_row_cells = cells[-1]
        row_refs = _ROW_REF.findall(chunk)
        if row_refs:
            self.last_row_tag = max(self.last_row_tag, max(map(int, row_refs)))

    def _collect_errors(self, window: bytes) -> bool:
        """Record error cells; True when the last one continues past the window.

        A cell without an r attribute cannot be placed without counting every
        cell before it, and a picture in a cell is stored as #VALUE! with value
        metadata (vm); both stay blank. A cell longer than the overlap kept
        between chunks is not seen either.
        """
        pending = False
        for cell in find_error_cells(window):
            pending = not cell.complete
            code = cell.code()
            self.foreign_errors |= code not in CALAMINE_ERRORS
            ref = _REF_ATTRIBUTE.search(cell.attributes)
            if ref and code and not _VM_ATTRIBUTE.search(cell.attributes):
                position = (int(ref.group(2)), _column_number(ref.group(1)) - 1)
                self.errors[position] = code
        return pending


def _column_number(letters: bytes) -> int:
    """1-based column number of letters such as b"AB"; huge when out of range."""
    if len(letters) > MAX_COLUMN_LETTERS:
        return TOO_FAR_COLUMN
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - ord("A") + 1
    return number


def _refuse_too_many_cells(info: PackageInfo, scans: dict[str, WorksheetScan]) -> None:
    reaches = {
        sheet.name: scans[sheet.part].reach()
        for sheet in info.worksheets()
        if sheet.part in scans
    }
    total = sum(rows * columns for rows, columns in reaches.values())
    if total <= MAX_CELLS:
        return

    name, (rows, columns) = max(
        reaches.items(), key=lambda item: item[1][0] * item[1][1]
    )
    raise WorkbookError(
        info.source,
        f"is too large to read: tab {name!r} reaches row {rows:,} and column "
        f"{column_letter(columns - 1)}, {total:,} cells in all, over goalsheet's "
        f"limit of {MAX_CELLS:,}. Delete the unused rows and columns (Ctrl+End "
        "shows the last cell Excel keeps) and save again.",
    )


def _read_sheets(
    path: str | os.PathLike[str], info: PackageInfo, scans: dict[str, WorksheetScan]
) -> list[Sheet]:
    foreign = {part for part, scan in scans.items() if scan.foreign_errors}
    with _reading(info.source):
        opened = _with_classic_errors(path, foreign) if foreign else path
        workbook = CalamineWorkbook.from_object(opened)

    sheets = []
    with workbook:
        for part in info.worksheets():
            with _reading(info.source):
                sheet = workbook.get_sheet_by_name(part.name)
                rows = sheet.to_python(skip_empty_area=False)
            sheets.append(Sheet(part.name, _cell_rows(rows, scans.get(part.part))))
    return sheets


def _with_classic_errors(path: str | os.PathLike[str], parts: set[str]) -> io.BytesIO:
    """An in-memory copy of the XML parts, with newer error codes read as #N/A.

    calamine refuses a whole workbook over one #SPILL! or #CALC!, so it gets
    this copy; the real codes, collected by the scan, are put back afterwards.
    The package has been checked already, so zipfile may read it.
    """
    copy = io.BytesIO()
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(copy, "w") as patched:
        for entry in original.infolist():
            if not entry.filename.lower().endswith((".xml", ".rels")):
                continue
            data = original.read(entry)
            if entry.filename in parts:
                data = _classic_error_codes(data)
            patched.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    copy.seek(0)
    return copy


def _classic_error_codes(xml: bytes) -> bytes:
    pieces = []
    start = 0
    for cell in find_error_cells(xml):
        if cell.value is None or cell.code() in CALAMINE_ERRORS:
            continue
        pieces += [xml[start : cell.value.start(1)], b"#N/A"]
        start = cell.value.end(1)
    return b"".join(pieces) + xml[start:]


@contextmanager
def _reading(source: str) -> Iterator[None]:
    """Turn anything calamine raises into a WorkbookError that names the file."""
    try:
        yield
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as error:  # pyo3 raises a Rust panic as a BaseException
        summary = _summary(error)
        raise WorkbookError(
            source, f"could not be read ({summary}). {RESAVE}"
        ) from error


def _summary(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    text = lines[0].rstrip(".") if lines else type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _cell_rows(
    rows: Sequence[Sequence[CellValue]], scan: WorksheetScan | None
) -> list[list[CellValue]]:
    """calamine's rows with blanks as None and formula errors put back."""
    values = [[None if value == "" else value for value in row] for row in rows]
    for (row, column), code in (scan.errors if scan else {}).items():
        cells = values[row - 1] if 0 < row <= len(values) else []
        if column < len(cells) and cells[column] is None:
            cells[column] = ErrorValue(code)
    return values
