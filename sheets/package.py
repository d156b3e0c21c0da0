"""Open an .xlsx package safely: refuse hostile or unreadable files before parsing."""

from __future__ import annotations

import os
import posixpath
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote
from xml.parsers import expat

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]

from sheets.errors import WorkbookError

MAX_UNPACKED_BYTES = 1 << 30
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 4 << 20
MAX_ENTRIES = 20_000
MAX_PARSED_PART_BYTES = 64 << 20
MAX_STRING_CHARS = 32_767
MAX_RUN_BYTES = 2 << 20

CHUNK_BYTES = 1 << 20
RAW_READ_BYTES = 64 << 10
SNIFF_BYTES = 4096

RESAVE = "Open and re-save it in Excel."
SAVE_AS_XLSX = "Save it from Excel or Google Sheets as .xlsx."
STRICT_PREFIX = "http://purl.oclc.org/ooxml/"
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
LOCAL_HEADER = struct.Struct("<4s22xHH")

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


class _Refusal(Exception):
    """A reason to refuse the file; inspect_package adds the file's name."""


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
    except _Refusal as refusal:
        raise WorkbookError(source, str(refusal)) from None


def _inspect(
    file: Path, source: str, on_worksheet_chunk: ChunkHook | None
) -> PackageInfo:
    head = _sniff(file)
    if not head.startswith(b"PK"):
        raise _Refusal(_not_a_zip_reason(file, head))

    with _Package.open(file) as package:
        package.refuse_open_document()
        info = package.read_workbook(source)
        for kind, part in package.support_parts():
            package.check(kind, part)
        for sheet in info.worksheets():
            for chunk in package.chunks(sheet.part):
                if on_worksheet_chunk is not None:
                    on_worksheet_chunk(sheet, chunk)
    return info


def _sniff(file: Path) -> bytes:
    try:
        with file.open("rb") as stream:
            return stream.read(SNIFF_BYTES)
    except FileNotFoundError:
        raise _Refusal("was not found; check the path and try again.") from None
    except OSError as error:
        raise _Refusal(f"could not be opened ({error.strerror}).") from None


def _not_a_zip_reason(file: Path, head: bytes) -> str:
    if not head:
        return f"is empty. {SAVE_AS_XLSX}"
    if head.startswith(OLE_MAGIC):
        if _file_contains(file, ENCRYPTED_STREAM):
            return (
                "is password-protected; remove the password (File > Info > "
                "Protect Workbook > Encrypt with Password) and save again."
            )
        return (
            "is an old Excel 97-2003 .xls file (or another old Office file); "
            "open it in Excel and save it as .xlsx."
        )
    if _looks_like_text(head):
        return (
            "is not an .xlsx file (it is plain text, such as CSV). Open it in "
            "Excel or Google Sheets and save it as .xlsx."
        )
    return f"is not an .xlsx file (it is not a zip package). {SAVE_AS_XLSX}"


def _file_contains(file: Path, needle: bytes) -> bool:
    overlap = b""
    with file.open("rb") as stream:
        while block := stream.read(CHUNK_BYTES):
            if needle in overlap + block:
                return True
            overlap = block[-len(needle) :]
    return False


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3
    return True


class _Package:
    """An open zip package whose entries are inflated and checked here."""

    def __init__(self, archive: zipfile.ZipFile, raw: BinaryIO, size: int) -> None:
        self.archive = archive
        self.raw = raw
        self.size = size
        self.entries = _index_entries(archive)
        self.workbook_rels: dict[str, tuple[str, str]] = {}
        self.workbook_folder = ""

    @classmethod
    def open(cls, file: Path) -> _Package:
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
            reason = _damaged(f"its zip package cannot be opened: {error}")
            raise _Refusal(reason) from None
        except (ValueError, struct.error, OverflowError, NotImplementedError):
            raise _Refusal(_damaged("its zip package cannot be opened")) from None
        raw = file.open("rb")
        try:
            return cls(archive, raw, file.stat().st_size)
        except BaseException:
            archive.close()
            raw.close()
            raise

    def __enter__(self) -> _Package:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.archive.close()
        self.raw.close()

    def find(self, name: str) -> zipfile.ZipInfo | None:
        entry = self.entries.get(_entry_key(name))
        return entry or self.entries.get(_entry_key(unquote(name)))

    def refuse_open_document(self) -> None:
        """Name an OpenDocument spreadsheet for what it is."""
        mimetype = self.find("mimetype")
        if mimetype is None or mimetype.file_size > 200:
            return
        if b"".join(self.chunks(mimetype.filename)).startswith(
            b"application/vnd.oasis.opendocument"
        ):
            raise _Refusal(
                "is an OpenDocument spreadsheet (.ods), not .xlsx; open it in "
                "Excel, LibreOffice or Google Sheets and save it as .xlsx."
            )

    def read_workbook(self, source: str) -> PackageInfo:
        """Find the workbook part and list its tabs, refusing Strict OOXML."""
        workbook = self._workbook_part()
        if workbook.filename.lower().endswith(".bin"):
            raise _Refusal(
                "is an Excel Binary Workbook (.xlsb), which goalsheet does not read; "
                "in Excel choose File > Save As > Excel Workbook (.xlsx)."
            )
        root = self.parse(workbook)
        if _namespace(root.tag).startswith(STRICT_PREFIX):
            raise _Refusal(STRICT_REASON)
        if _local(root.tag) != "workbook":
            raise _Refusal(
                f"is not an Excel workbook (its main part is {_shown(workbook)}). "
                f"{SAVE_AS_XLSX}"
            )

        self.workbook_folder = posixpath.dirname(_clean(workbook.filename))
        self.workbook_rels = self._relationships(workbook.filename)
        sheets = tuple(self._sheets(root))
        if not any(sheet.kind is SheetKind.WORKSHEET for sheet in sheets):
            raise _Refusal(f"has no worksheets. {SAVE_AS_XLSX}")
        return PackageInfo(source, workbook.filename, sheets, _date1904(root))

    def support_parts(self) -> list[tuple[str, str]]:
        """The shared strings and styles parts, as (kind, entry name)."""
        parts = []
        for kind, target in self.workbook_rels.values():
            entry = self.find(_resolve(self.workbook_folder, target))
            if kind in {"sharedStrings", "styles"} and entry is not None:
                parts.append((kind, entry.filename))
        return parts

    def check(self, kind: str, part: str) -> None:
        """Stream one part through the checks; shared strings also get measured."""
        if kind != "sharedStrings":
            for _chunk in self.chunks(part):
                pass
            return
        if not _strings_may_be_long(self.chunks(part)):
            return
        longest = _longest_string(self.chunks(part))
        if longest > MAX_STRING_CHARS:
            raise _Refusal(
                f"has a text of {longest:,} characters in {_clean(part)}, over "
                f"Excel's limit of {MAX_STRING_CHARS:,} per cell; refusing it as "
                f"unsafe. {RESAVE}"
            )

    def parse(self, entry: zipfile.ZipInfo) -> ET.Element:
        if entry.file_size > MAX_PARSED_PART_BYTES:
            raise _Refusal(
                f"has an oversized {_shown(entry)} ({entry.file_size:,} bytes); "
                f"it may have been tampered with. {RESAVE}"
            )
        data = b"".join(self.chunks(entry.filename))
        try:
            root: ET.Element = SafeET.fromstring(data)
        except (ET.ParseError, LookupError, ValueError):
            raise _Refusal(_damaged(f"{_shown(entry)} is not valid XML")) from None
        return root

    def chunks(self, part: str) -> Iterator[bytes]:
        """Yield a part inflated and checked, each chunk cut just before a '<'."""
        entry = self.entries[_entry_key(part)]
        blocks = self._inflate(entry)
        carry = _checked_head(entry, blocks)
        for block in blocks:
            buffer = carry + block
            cut = max(buffer.rfind(b"<"), 0)
            carry = buffer[cut:]
            if len(carry) > MAX_RUN_BYTES:
                raise _Refusal(
                    f"has a value over {MAX_RUN_BYTES >> 20} MB long in "
                    f"{_shown(entry)}, more than any cell can hold; refusing it "
                    "as unsafe."
                )
            if cut:
                yield buffer[:cut]
        if carry:
            yield carry

    def _inflate(self, entry: zipfile.ZipInfo) -> Iterator[bytes]:
        """Decompress an entry here, so its real size counts, not its header."""
        if entry.flag_bits & 0x1:
            raise _Refusal(f"has an encrypted zip entry ({_shown(entry)}). {RESAVE}")
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refusal(
                f"uses a zip compression that Excel never writes ({_shown(entry)}). "
                f"{RESAVE}"
            )

        self.raw.seek(self._data_offset(entry))
        stored = entry.compress_type == zipfile.ZIP_STORED
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        left = entry.compress_size
        produced = 0
        checksum = 0
        while left > 0 or inflater.unconsumed_tail:
            pending = inflater.unconsumed_tail
            if not pending:
                pending = self.raw.read(min(RAW_READ_BYTES, left))
                left -= len(pending)
                if not pending:
                    raise _Refusal(_damaged(f"{_shown(entry)} is cut short"))
            try:
                block = pending if stored else inflater.decompress(pending, CHUNK_BYTES)
            except zlib.error:
                raise _Refusal(
                    _damaged(f"{_shown(entry)} cannot be unpacked")
                ) from None
            produced += len(block)
            if produced > entry.file_size:
                raise _Refusal(
                    f"has more data in {_shown(entry)} than its zip directory "
                    f"declares; it may have been tampered with. {RESAVE}"
                )
            checksum = zlib.crc32(block, checksum)
            if block:
                yield block
        rest = b"" if stored else inflater.flush()
        produced += len(rest)
        checksum = zlib.crc32(rest, checksum)
        if rest and produced <= entry.file_size:
            yield rest
        if produced != entry.file_size or checksum != entry.CRC:
            raise _Refusal(_damaged(f"{_shown(entry)} fails its checksum"))

    def _data_offset(self, entry: zipfile.ZipInfo) -> int:
        if not 0 <= entry.header_offset < self.size:
            raise _Refusal(_damaged(f"{_shown(entry)} is cut short"))
        self.raw.seek(entry.header_offset)
        header = self.raw.read(LOCAL_HEADER.size)
        if len(header) < LOCAL_HEADER.size:
            raise _Refusal(_damaged(f"{_shown(entry)} is cut short"))
        signature, name_length, extra_length = LOCAL_HEADER.unpack(header)
        start: int = entry.header_offset + LOCAL_HEADER.size
        start += name_length + extra_length
        if signature != b"PK\x03\x04" or start + entry.compress_size > self.size:
            raise _Refusal(_damaged(f"{_shown(entry)} is cut short"))
        return start

    def _workbook_part(self) -> zipfile.ZipInfo:
        for kind, target in self._relationships("").values():
            entry = self.find(_resolve("", target))
            if kind == "officeDocument" and entry is not None:
                return entry

        entry = self.find("xl/workbook.xml")
        if entry is None:
            raise _Refusal(
                f"contains no workbook; it is not an .xlsx file. {SAVE_AS_XLSX}"
            )
        return entry

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Map the relationship ids of a part to (type suffix, target)."""
        folder, name = posixpath.split(_clean(part))
        entry = self.find(posixpath.join(folder, "_rels", f"{name}.rels"))
        if entry is None:
            return {}

        rels = {}
        for element in self.parse(entry).iter():
            kind = element.get("Type", "")
            if _local(element.tag) != "Relationship":
                continue
            if kind.startswith(STRICT_PREFIX):
                raise _Refusal(STRICT_REASON)
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
                raise _Refusal(
                    f"has two tabs named {name!r}; it may have been tampered "
                    f"with. {RESAVE}"
                )
            seen.add(name.casefold())

            kind, target = self.workbook_rels.get(_relationship_id(element), ("", ""))
            entry = self.find(_resolve(self.workbook_folder, target))
            sheet_kind = SHEET_KINDS.get(kind, SheetKind.WORKSHEET)
            if entry is not None and target:
                yield SheetPart(name, entry.filename, _state(element), sheet_kind)
            elif sheet_kind is SheetKind.WORKSHEET:
                raise _Refusal(
                    f"has a tab {name!r} whose cells are missing from the file. "
                    f"{RESAVE}"
                )


def _index_entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Index entries by normalised name, refusing duplicates and zip bombs."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _Refusal(f"has {len(infos):,} parts, far more than a workbook needs.")

    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise _Refusal(
            f"would unpack to {total / (1 << 30):.1f} GB, over goalsheet's limit "
            f"of {MAX_UNPACKED_BYTES >> 30} GB; refusing it as a possible zip bomb."
        )

    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise _Refusal(
                f"has a part ({_shown(info)}) that unpacks {ratio:,.0f} times "
                "larger; refusing it as a possible zip bomb."
            )
        key = _entry_key(info.filename)
        if info.is_dir():
            continue
        if key in entries:
            raise _Refusal(
                f"contains duplicate parts ({_shown(info)}); it may have been "
                f"tampered with. {RESAVE}"
            )
        entries[key] = info
    return entries


def _checked_head(entry: zipfile.ZipInfo, blocks: Iterator[bytes]) -> bytes:
    """Read blocks until the root element starts, refusing a DTD on the way."""
    head = b""
    for block in blocks:
        head += block
        if _prolog_is_safe(entry, head, final=False):
            return head
    _prolog_is_safe(entry, head, final=True)
    return head


def _prolog_is_safe(entry: zipfile.ZipInfo, head: bytes, final: bool) -> bool:
    """True once the root element is reached, False while more bytes are needed.

    A DTD, and with it every entity bomb and external entity, can only come
    before the root element, so the prolog is all that needs reading.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")):
        raise _Refusal(
            f"has {_shown(entry)} encoded as UTF-16, which Excel never writes. {RESAVE}"
        )

    text = head.removeprefix(b"\xef\xbb\xbf")
    position = 0
    while True:
        position = len(text) - len(text[position:].lstrip())
        rest = text[position : position + 4]
        if len(rest) < 4 and b"<!--".startswith(rest):
            return final
        if rest.startswith(b"<!") and rest != b"<!--":
            raise _Refusal(
                f"contains an XML document type declaration ({_shown(entry)}), "
                "which spreadsheets never need; refusing it as unsafe."
            )
        if not rest.startswith(b"<?") and rest != b"<!--":
            return True

        closing = b"?>" if rest.startswith(b"<?") else b"-->"
        end = text.find(closing, position + 2)
        if end < 0 and len(text) > CHUNK_BYTES:
            raise _Refusal(
                f"has an unusually long XML header in {_shown(entry)}; refusing "
                "it as unsafe."
            )
        if end < 0:
            return final
        position = end + len(closing)


_SI_TAG = re.compile(rb"(</?(?:[A-Za-z_][\w.-]*:)?si(?=[\s/>])[^>]*>)")


def _strings_may_be_long(chunks: Iterator[bytes]) -> bool:
    """A fast filter: could any shared string be longer than a cell holds?

    Text never takes fewer bytes than characters, so a string can only be too
    long when its <si> element spans that many bytes. Anything unusual (CDATA,
    nesting, an empty <si/>) goes to the exact count instead.
    """
    inside = False
    open_bytes = 0
    for chunk in chunks:
        if b"<![CDATA[" in chunk:
            return True
        pieces = _SI_TAG.split(chunk)
        lengths = list(map(len, pieces[0::2]))
        lengths[0] += open_bytes
        if max(lengths) > MAX_STRING_CHARS:
            return True

        tags = pieces[1::2]
        closes = tags[0::2] if inside else tags[1::2]
        opens = b"".join(tags[1::2] if inside else tags[0::2])
        if b"</" in opens or b"/>" in opens:
            return True
        if b"".join(closes).count(b"</") != len(closes):
            return True

        inside ^= len(tags) % 2 == 1
        open_bytes = lengths[-1]
    return False


class _StringCounter:
    """Expat handlers that measure the text of each <si>, phonetic runs aside."""

    def __init__(self) -> None:
        self.depth = {"si": 0, "t": 0, "rPh": 0}
        self.length = 0
        self.longest = 0

    def start(self, name: str, _attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local in self.depth:
            self.depth[local] += 1
        if local == "si" and self.depth["si"] == 1:
            self.length = 0

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local in self.depth:
            self.depth[local] -= 1
        if local == "si" and self.depth["si"] == 0:
            self.longest = max(self.longest, self.length)

    def text(self, data: str) -> None:
        if self.depth["si"] and self.depth["t"] and not self.depth["rPh"]:
            self.length += len(data)


def _longest_string(chunks: Iterator[bytes]) -> int:
    """Count the characters of every shared string exactly."""
    counter = _StringCounter()
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    parser.CharacterDataHandler = counter.text
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            if counter.length > MAX_STRING_CHARS:
                return counter.length
        parser.Parse(b"", True)
    except (expat.ExpatError, LookupError, ValueError):
        raise _Refusal(_damaged("its shared strings are not valid XML")) from None
    return counter.longest


def _entry_key(name: str) -> str:
    return _clean(name).casefold()


def _clean(name: str) -> str:
    return name.replace("\\", "/").lstrip("/")


def _resolve(folder: str, target: str) -> str:
    """The part a relationship target names, seen from its source's folder."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target)) if target else ""


def _shown(entry: zipfile.ZipInfo) -> str:
    return _clean(entry.filename)


def _damaged(detail: str) -> str:
    return (
        f"is damaged ({detail}). Download or export it again, or open and "
        "re-save it in Excel."
    )


STRICT_REASON = (
    "is saved as Strict Open XML Spreadsheet, which goalsheet does not read; "
    "in Excel choose File > Save As > Excel Workbook (.xlsx)."
)


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
