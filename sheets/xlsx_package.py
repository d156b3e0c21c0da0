"""The zip package being edited: its parts, and the new package laid out.

Parts are looked up the way Excel does, with forward slashes and in any
case; changed and added parts wait in spool files until the package is
written, unchanged ones are copied byte for byte.
"""

from __future__ import annotations

import posixpath
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, BinaryIO, cast

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]

from sheets.errors import WorkbookError
from sheets.package import PackageInfo
from sheets.xlsx_book import (
    STYLES_CONTENT,
    STYLES_TYPE,
    WORKSHEET_CONTENT,
    WORKSHEET_TYPE,
    add_override,
    add_relationship,
    add_sheet,
    remove_override,
    remove_relationship,
)
from sheets.xlsx_styles import StyleBook
from sheets.xlsx_zip import NewData, ZipWriter, compress, new_entry, rewritten_entry

READ_BYTES = 1 << 20
SPOOL_BYTES = 16 << 20
MAX_SMALL_PART = 64 << 20


class Package:
    """An open package with the parts an edit changes, adds and removes."""

    def __init__(self, path: Path, info: PackageInfo) -> None:
        self.path = path
        self.source = info.source
        self.workbook = info.workbook
        self.archive = zipfile.ZipFile(path)
        self.entries = {
            _key(entry.filename): entry for entry in self.archive.infolist()
        }
        self.folder = posixpath.dirname(_clean(info.workbook))
        name = posixpath.basename(_clean(info.workbook))
        self.rels_part = self.entry(
            posixpath.join(self.folder, "_rels", name + ".rels")
        )
        self.relations = self._relations()
        self.rewritten: dict[str, NewData] = {}
        self.added: list[tuple[str, NewData]] = []
        self.removed: list[str] = []

    def close(self) -> None:
        self.archive.close()
        for _, data in self.added:
            data.spool.close()
        for data in self.rewritten.values():
            data.spool.close()

    @property
    def changed(self) -> bool:
        return bool(self.rewritten or self.added)

    def entry(self, name: str) -> str:
        """The entry name of a part that must exist."""
        entry = self.entries.get(_key(name))
        if entry is None:
            raise WorkbookError(
                self.source, f"has no {name} part. Open and re-save it in Excel."
            )
        return entry.filename

    def read(self, name: str) -> bytes:
        """A small part whole: workbook, relationships, styles, an owned tab."""
        entry = self.entries[_key(name)]
        if entry.file_size > MAX_SMALL_PART:
            raise WorkbookError(
                self.source, f"has an oversized {name}; open and re-save it in Excel."
            )
        return self.archive.read(entry)

    def stream(self, name: str) -> Iterator[bytes]:
        """A part in pieces, as it inflates."""
        with self.archive.open(self.entries[_key(name)]) as stream:
            yield from _chunks(stream)

    def compress(self, chunks: Iterable[bytes], name: str | None = None) -> NewData:
        """New content, compressed like the part it replaces."""
        kind = zipfile.ZIP_DEFLATED
        if name is not None:
            kind = self.entries[_key(name)].compress_type
        # Closed in close(), once the package is written.
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        return compress(chunks, cast(BinaryIO, spool), kind)

    def replace(self, name: str, data: NewData) -> None:
        self.rewritten[self.entries[_key(name)].filename] = data

    def fresh_sheet_part(self) -> str:
        """A worksheet part name no entry uses."""
        taken = set(self.entries) | {_key(added) for added, _ in self.added}
        number = 1
        while True:
            part = posixpath.join(self.folder, "worksheets", f"sheet{number}.xml")
            if _key(part) not in taken:
                return part
            number += 1

    def related(self, kind: str) -> str | None:
        """The entry name of the workbook's part of a kind, such as styles."""
        for relation, target in self.relations:
            if relation != kind:
                continue
            target = target.replace("\\", "/")
            if target.startswith("/"):
                name = posixpath.normpath(target).lstrip("/")
            else:
                name = posixpath.normpath(posixpath.join(self.folder, target))
            entry = self.entries.get(_key(name))
            if entry is not None:
                return entry.filename
        return None

    def link(
        self,
        styles: StyleBook,
        new_sheets: list[tuple[str, str]],
        drop_calc_chain: bool,
    ) -> None:
        """Styles, tab list, relationships and content types to match the parts."""
        types_name = self.entry("[Content_Types].xml")
        rels, types = self.read(self.rels_part), self.read(types_name)
        workbook = self.read(self.workbook)
        if styles.changed:
            xml = styles.serialise()
            styles_part = self.related("styles")
            if styles_part is None:
                part = posixpath.join(self.folder, "styles.xml")
                self.added.append((part, self.compress([xml])))
                rels, _ = add_relationship(rels, STYLES_TYPE, "styles.xml")
                types = add_override(types, part, STYLES_CONTENT)
            else:
                self.replace(styles_part, self.compress([xml], styles_part))
        for name, part in new_sheets:
            target = posixpath.relpath(part, self.folder or ".")
            rels, relation = add_relationship(rels, WORKSHEET_TYPE, target)
            types = add_override(types, part, WORKSHEET_CONTENT)
            workbook = add_sheet(workbook, name, relation)
        calc_chain = self.related("calcChain")
        if drop_calc_chain and calc_chain is not None:
            self.removed.append(calc_chain)
            rels = remove_relationship(rels, "calcChain")
            types = remove_override(types, calc_chain)
        for name, xml in ((self.rels_part, rels), (types_name, types)):
            if xml != self.read(name):
                self.replace(name, self.compress([xml], name))
        if workbook != self.read(self.workbook):
            self.replace(self.workbook, self.compress([workbook], self.workbook))

    def write(self, stream: BinaryIO) -> None:
        """The whole new package: entries in their order, new parts last."""
        like = self.archive.infolist()[0]
        writer = ZipWriter(stream, self.archive.comment)
        removed = {_key(name) for name in self.removed}
        with self.path.open("rb") as raw:
            for entry in self.archive.infolist():
                if _key(entry.filename) in removed:
                    continue
                data = self.rewritten.get(entry.filename)
                if data is None:
                    writer.copy(raw, entry)
                else:
                    writer.add(rewritten_entry(entry), data)
        for name, data in self.added:
            writer.add(new_entry(name, like), data)
        writer.close()

    def _relations(self) -> list[tuple[str, str]]:
        root = SafeET.fromstring(self.read(self.rels_part))
        found = []
        for element in root.iter():
            if element.tag.rpartition("}")[2] != "Relationship":
                continue
            if element.get("TargetMode", "").lower() == "external":
                continue
            kind = element.get("Type", "").rpartition("/")[2]
            found.append((kind, element.get("Target", "")))
        return found


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while block := stream.read(READ_BYTES):
        yield block


def _clean(name: str) -> str:
    return name.replace("\\", "/").lstrip("/")


def _key(name: str) -> str:
    """How a part is looked up: forward slashes, any case."""
    return _clean(name).casefold()
