"""Open the zip container of an .xlsx file and inflate its parts within limits."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]

MAX_UNPACKED_BYTES = 1 << 30
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 4 << 20
MAX_ENTRIES = 20_000
MAX_PARSED_PART_BYTES = 64 << 20
MAX_RUN_BYTES = 2 << 20
MAX_PROLOG_BYTES = 1 << 20

SNIFF_BYTES = 4096
SEARCH_BLOCK_BYTES = 1 << 20

RESAVE = "Open and re-save it in Excel."
SAVE_AS_XLSX = "Save it from Excel or Google Sheets as .xlsx."
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
LOCAL_HEADER = struct.Struct("<4s22xHH")


class Refusal(Exception):
    """A reason to refuse the file; inspect_package adds the file's name."""


def refuse_unless_zip(file: Path) -> None:
    """Refuse a file that is not a zip package, naming what it is instead."""
    head = _sniff(file)
    if not head.startswith(b"PK"):
        raise Refusal(_not_a_zip_reason(file, head))


def _sniff(file: Path) -> bytes:
    try:
        with file.open("rb") as stream:
            return stream.read(SNIFF_BYTES)
    except FileNotFoundError:
        raise Refusal("was not found; check the path and try again.") from None
    except OSError as error:
        raise Refusal(f"could not be opened ({error.strerror}).") from None


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
        while block := stream.read(SEARCH_BLOCK_BYTES):
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


class Container:
    """An open zip package whose entries are inflated and checked here.

    chunk_bytes caps each inflated block; raw_read_bytes is how much of the
    file one read takes.
    """

    def __init__(
        self,
        archive: zipfile.ZipFile,
        raw: BinaryIO,
        size: int,
        *,
        chunk_bytes: int,
        raw_read_bytes: int,
    ) -> None:
        self.archive = archive
        self.raw = raw
        self.size = size
        self.chunk_bytes = chunk_bytes
        self.raw_read_bytes = raw_read_bytes
        self.entries = _index_entries(archive)

    @classmethod
    def open(cls, file: Path, *, chunk_bytes: int, raw_read_bytes: int) -> Container:
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
            reason = damaged(f"its zip package cannot be opened: {error}")
            raise Refusal(reason) from None
        except (ValueError, struct.error, OverflowError, NotImplementedError):
            raise Refusal(damaged("its zip package cannot be opened")) from None
        raw = file.open("rb")
        try:
            return cls(
                archive,
                raw,
                file.stat().st_size,
                chunk_bytes=chunk_bytes,
                raw_read_bytes=raw_read_bytes,
            )
        except BaseException:
            archive.close()
            raw.close()
            raise

    def __enter__(self) -> Container:
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
            raise Refusal(
                "is an OpenDocument spreadsheet (.ods), not .xlsx; open it in "
                "Excel, LibreOffice or Google Sheets and save it as .xlsx."
            )

    def verify(self, part: str) -> None:
        """Stream one part through every check without keeping it."""
        for _chunk in self.chunks(part):
            pass

    def parse(self, entry: zipfile.ZipInfo) -> ET.Element:
        if entry.file_size > MAX_PARSED_PART_BYTES:
            raise Refusal(
                f"has an oversized {shown(entry)} ({entry.file_size:,} bytes); "
                f"it may have been tampered with. {RESAVE}"
            )
        data = b"".join(self.chunks(entry.filename))
        try:
            root: ET.Element = SafeET.fromstring(data)
        except (ET.ParseError, LookupError, ValueError):
            raise Refusal(damaged(f"{shown(entry)} is not valid XML")) from None
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
                raise Refusal(
                    f"has a value over {MAX_RUN_BYTES >> 20} MB long in "
                    f"{shown(entry)}, more than any cell can hold; refusing it "
                    "as unsafe."
                )
            if cut:
                yield buffer[:cut]
        if carry:
            yield carry

    def _inflate(self, entry: zipfile.ZipInfo) -> Iterator[bytes]:
        """Decompress an entry here, so its real size counts, not its header."""
        if entry.flag_bits & 0x1:
            raise Refusal(f"has an encrypted zip entry ({shown(entry)}). {RESAVE}")
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refusal(
                f"uses a zip compression that Excel never writes ({shown(entry)}). "
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
                pending = self.raw.read(min(self.raw_read_bytes, left))
                left -= len(pending)
                if not pending:
                    raise Refusal(damaged(f"{shown(entry)} is cut short"))
            try:
                block = (
                    pending
                    if stored
                    else inflater.decompress(pending, self.chunk_bytes)
                )
            except zlib.error:
                raise Refusal(damaged(f"{shown(entry)} cannot be unpacked")) from None
            produced += len(block)
            if produced > entry.file_size:
                raise Refusal(
                    f"has more data in {shown(entry)} than its zip directory "
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
            raise Refusal(damaged(f"{shown(entry)} fails its checksum"))

    def _data_offset(self, entry: zipfile.ZipInfo) -> int:
        if not 0 <= entry.header_offset < self.size:
            raise Refusal(damaged(f"{shown(entry)} is cut short"))
        self.raw.seek(entry.header_offset)
        header = self.raw.read(LOCAL_HEADER.size)
        if len(header) < LOCAL_HEADER.size:
            raise Refusal(damaged(f"{shown(entry)} is cut short"))
        signature, name_length, extra_length = LOCAL_HEADER.unpack(header)
        start: int = entry.header_offset + LOCAL_HEADER.size
        start += name_length + extra_length
        if signature != b"PK\x03\x04" or start + entry.compress_size > self.size:
            raise Refusal(damaged(f"{shown(entry)} is cut short"))
        return start


def _index_entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Index entries by normalised name, refusing duplicates and zip bombs."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise Refusal(f"has {len(infos):,} parts, far more than a workbook needs.")

    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise Refusal(
            f"would unpack to {total / (1 << 30):.1f} GB, over goalsheet's limit "
            f"of {MAX_UNPACKED_BYTES >> 30} GB; refusing it as a possible zip bomb."
        )

    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise Refusal(
                f"has a part ({shown(info)}) that unpacks {ratio:,.0f} times "
                "larger; refusing it as a possible zip bomb."
            )
        key = _entry_key(info.filename)
        if info.is_dir():
            continue
        if key in entries:
            raise Refusal(
                f"contains duplicate parts ({shown(info)}); it may have been "
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
        raise Refusal(
            f"has {shown(entry)} encoded as UTF-16, which Excel never writes. {RESAVE}"
        )

    text = head.removeprefix(b"\xef\xbb\xbf")
    position = 0
    while True:
        position = len(text) - len(text[position:].lstrip())
        rest = text[position : position + 4]
        if len(rest) < 4 and b"<!--".startswith(rest):
            return final
        if rest.startswith(b"<!") and rest != b"<!--":
            raise Refusal(
                f"contains an XML document type declaration ({shown(entry)}), "
                "which spreadsheets never need; refusing it as unsafe."
            )
        if not rest.startswith(b"<?") and rest != b"<!--":
            return True

        closing = b"?>" if rest.startswith(b"<?") else b"-->"
        end = text.find(closing, position + 2)
        if end < 0 and len(text) > MAX_PROLOG_BYTES:
            raise Refusal(
                f"has an unusually long XML header in {shown(entry)}; refusing "
                "it as unsafe."
            )
        if end < 0:
            return final
        position = end + len(closing)


def _entry_key(name: str) -> str:
    return clean(name).casefold()


def clean(name: str) -> str:
    """A part name with forward slashes and no leading slash."""
    return name.replace("\\", "/").lstrip("/")


def shown(entry: zipfile.ZipInfo) -> str:
    """An entry's name as a message shows it."""
    return clean(entry.filename)


def damaged(detail: str) -> str:
    """The reason for a file that cannot be read as it is."""
    return (
        f"is damaged ({detail}). Download or export it again, or open and "
        "re-save it in Excel."
    )
