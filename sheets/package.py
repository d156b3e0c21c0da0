"""Inspect an .xlsx package: check every part a reader opens, then list its tabs."""

from __future__ import annotations

import os
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sheets.container import (
    RESAVE,
    SAVE_AS_XLSX,
    Container,
    Refusal,
    clean,
    refuse_unless_zip,
    shown,
)
from sheets.errors import WorkbookError
from sheets.shared_strings import refuse_long_strings

# Worksheets reach on_worksheet_chunk in chunks of about CHUNK_BYTES, inflated
# from reads of RAW_READ_BYTES; smaller sizes change nothing that is read.
CHUNK_BYTES = 1 << 20
RAW_READ_BYTES = 64 << 10

STRICT_PREFIX = "http://purl.oclc.org/ooxml/"
STRICT_REASON = (
    "is saved as Strict Open XML Spreadsheet, which goalsheet does not read; "
    "in Excel choose File > Save As > Excel Workbook (.xlsx)."
)

ChunkHook = Callable[["SheetPart", bytes], None]


class SheetState(StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"
    VERY_HIDDEN = "veryHidden"


class SheetKind(StrEnum):
    WORKSHEET = "worksheet"
    CHARTSHEET = "chartsheet"
    DIALOGSHEET = "dialogsheet"
    MACROSHEET = "macrosheet"


SHEET_KINDS = {
    "worksheet": SheetKind.WORKSHEET,
    "chartsheet": SheetKind.CHARTSHEET,
    "dialogsheet": SheetKind.DIALOGSHEET,
    "xlMacrosheet": SheetKind.MACROSHEET,
    "xlIntlMacrosheet": SheetKind.MACROSHEET,
}


@dataclass(frozen=True)
class SheetPart:
    """One tab as the workbook declares it, with the zip entry that holds it."""

    name: str
    part: str
    state: SheetState
    kind: SheetKind


@dataclass(frozen=True)
class PackageInfo:
    """What a checked package holds: its tabs in order and its date system."""

    source: str
    workbook: str
    sheets: tuple[SheetPart, ...]
    date1904: bool

    def worksheets(self) -> list[SheetPart]:
        return [sheet for sheet in self.sheets if sheet.kind is SheetKind.WORKSHEET]


def inspect_package(
    path: str | os.PathLike[str],
    source: str | None = None,
    on_worksheet_chunk: ChunkHook | None = None,
) -> PackageInfo:
    """Check an .xlsx package for every known hazard and list its tabs.

    The parts a reader opens (workbook, relationships, shared strings, styles,
    worksheets) are inflated here in bounded chunks, so real sizes, DTDs and
    string lengths are checked before any parser sees them. Worksheet chunks,
    cut just before a '<', are also handed to on_worksheet_chunk.
    """
    source = source or str(path)
    try:
        return _inspect(Path(path), source, on_worksheet_chunk)
    except Refusal as refusal:
        raise WorkbookError(source, str(refusal)) from None


def _inspect(
    file: Path, source: str, on_worksheet_chunk: ChunkHook | None
) -> PackageInfo:
    refuse_unless_zip(file)

    with Container.open(
        file, chunk_bytes=CHUNK_BYTES, raw_read_bytes=RAW_READ_BYTES
    ) as container:
        container.refuse_open_document()
        workbook = _Workbook(container)
        info = workbook.read(source)
        for kind, part in workbook.support_parts():
            if kind == "sharedStrings":
                refuse_long_strings(container, part)
            else:
                container.verify(part)
        for sheet in info.worksheets():
            for chunk in container.chunks(sheet.part):
                if on_worksheet_chunk is not None:
                    on_worksheet_chunk(sheet, chunk)
    return info


class _Workbook:
    """The workbook part of an open container, with its relationships."""

    def __init__(self, container: Container) -> None:
        self.container = container
        self.rels: dict[str, tuple[str, str]] = {}
        self.folder = ""

    def read(self, source: str) -> PackageInfo:
        """Find the workbook part and list its tabs, refusing Strict OOXML."""
        workbook = self._workbook_part()
        if workbook.filename.lower().endswith(".bin"):
            raise Refusal(
                "is an Excel Binary Workbook (.xlsb), which goalsheet does not read; "
                "in Excel choose File > Save As > Excel Workbook (.xlsx)."
            )
        root = self.container.parse(workbook)
        if _namespace(root.tag).startswith(STRICT_PREFIX):
            raise Refusal(STRICT_REASON)
        if _local(root.tag) != "workbook":
            raise Refusal(
                f"is not an Excel workbook (its main part is {shown(workbook)}). "
                f"{SAVE_AS_XLSX}"
            )

        self.folder = posixpath.dirname(clean(workbook.filename))
        self.rels = self._relationships(workbook.filename)
        sheets = tuple(self._sheets(root))
        if not any(sheet.kind is SheetKind.WORKSHEET for sheet in sheets):
            raise Refusal(f"has no worksheets. {SAVE_AS_XLSX}")
        return PackageInfo(source, workbook.filename, sheets, _date1904(root))

    def support_parts(self) -> list[tuple[str, str]]:
        """The shared strings and styles parts, as (kind, entry name)."""
        parts = []
        for kind, target in self.rels.values():
            entry = self.container.find(_resolve(self.folder, target))
            if kind in {"sharedStrings", "styles"} and entry is not None:
                parts.append((kind, entry.filename))
        return parts

    def _workbook_part(self) -> zipfile.ZipInfo:
        for kind, target in self._relationships("").values():
            entry = self.container.find(_resolve("", target))
            if kind == "officeDocument" and entry is not None:
                return entry

        entry = self.container.find("xl/workbook.xml")
        if entry is None:
            raise Refusal(
                f"contains no workbook; it is not an .xlsx file. {SAVE_AS_XLSX}"
            )
        return entry

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Map the relationship ids of a part to (type suffix, target)."""
        folder, name = posixpath.split(clean(part))
        entry = self.container.find(posixpath.join(folder, "_rels", f"{name}.rels"))
        if entry is None:
            return {}

        rels = {}
        for element in self.container.parse(entry).iter():
            kind = element.get("Type", "")
            if _local(element.tag) != "Relationship":
                continue
            if kind.startswith(STRICT_PREFIX):
                raise Refusal(STRICT_REASON)
            if element.get("TargetMode", "").lower() != "external":
                target = element.get("Target", "")
                rels[element.get("Id", "")] = (kind.rpartition("/")[2], target)
        return rels

    def _sheets(self, root: ET.Element) -> Iterator[SheetPart]:
        seen: set[str] = set()
        for element in root.iter():
            if _local(element.tag) != "sheet":
                continue
            name = element.get("name", "")
            if name.casefold() in seen:
                raise Refusal(
                    f"has two tabs named {name!r}; it may have been tampered "
                    f"with. {RESAVE}"
                )
            seen.add(name.casefold())

            kind, target = self.rels.get(_relationship_id(element), ("", ""))
            entry = self.container.find(_resolve(self.folder, target))
            sheet_kind = SHEET_KINDS.get(kind, SheetKind.WORKSHEET)
            if entry is not None and target:
                yield SheetPart(name, entry.filename, _state(element), sheet_kind)
            elif sheet_kind is SheetKind.WORKSHEET:
                raise Refusal(
                    f"has a tab {name!r} whose cells are missing from the file. "
                    f"{RESAVE}"
                )


def _resolve(folder: str, target: str) -> str:
    """The part a relationship target names, seen from its source's folder."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target)) if target else ""


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _relationship_id(element: ET.Element) -> str:
    for key, value in element.attrib.items():
        if key.startswith("{") and _local(key) == "id":
            return value
    return ""


def _state(element: ET.Element) -> SheetState:
    try:
        return SheetState(element.get("state", "visible"))
    except ValueError:
        return SheetState.VISIBLE


def _date1904(root: ET.Element) -> bool:
    for element in root.iter():
        if _local(element.tag) == "workbookPr":
            return element.get("date1904", "").lower() in {"1", "true"}
    return False
