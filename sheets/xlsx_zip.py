"""Write a zip package entry by entry, copying unchanged entries byte for byte.

Python's zipfile can only recompress what it copies; here an unchanged entry's
compressed bytes are copied as they are, with its name, compression method,
date and attributes, so nothing about it changes but its offset.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sheets.errors import WorkbookError

COPY_BYTES = 1 << 20
DEFLATE_LEVEL = 1
UTF8_NAMES = 0x800
DATA_DESCRIPTOR = 0x8
ZIP64_EXTRA = 0x0001
LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
CENTRAL_HEADER = struct.Struct("<IHHHHHHIIIHHHHHII")
END_RECORD = struct.Struct("<IHHHHIIH")
LOCAL_SIGNATURE = 0x04034B50
CENTRAL_SIGNATURE = 0x02014B50
END_SIGNATURE = 0x06054B50
LOCAL_FIXED = struct.Struct("<4s22xHH")


@dataclass(frozen=True)
class FileStamp:
    """What a file looked like when goalsheet read it: size, time and hash."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> FileStamp:
        """Stamp the file as it is now."""
        status = os.stat(path)
        return cls(status.st_size, status.st_mtime_ns, _sha256(Path(path)))

    def matches(self, path: Path) -> bool:
        """True when the file still has this size, time and content."""
        try:
            status = path.stat()
        except OSError:
            return False
        if (status.st_size, status.st_mtime_ns) != (self.size, self.mtime_ns):
            return False
        return _sha256(path) == self.sha256


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(COPY_BYTES):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class NewData:
    """The compressed bytes of a new or rewritten entry, kept in a spool file."""

    spool: BinaryIO
    compress_type: int
    crc: int
    size: int
    compressed: int


def compress(chunks: Iterable[bytes], spool: BinaryIO, compress_type: int) -> NewData:
    """Compress chunks into `spool`, deflated unless the entry was stored."""
    if compress_type != zipfile.ZIP_STORED:
        compress_type = zipfile.ZIP_DEFLATED
    packer = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    start = spool.tell()
    crc = size = 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        stored = compress_type == zipfile.ZIP_STORED
        spool.write(chunk if stored else packer.compress(chunk))
    if compress_type == zipfile.ZIP_DEFLATED:
        spool.write(packer.flush())
    return NewData(spool, compress_type, crc, size, spool.tell() - start)


class ZipWriter:
    """Lays entries into a new zip file; the central directory goes last."""

    def __init__(self, target: BinaryIO, comment: bytes = b"") -> None:
        self.target = target
        self.comment = comment
        self.central: list[bytes] = []

    def copy(self, source: BinaryIO, info: zipfile.ZipInfo) -> None:
        """Copy an entry's compressed bytes unchanged."""
        source.seek(info.header_offset)
        fixed = source.read(LOCAL_FIXED.size)
        signature, name_length, extra_length = LOCAL_FIXED.unpack(fixed)
        if signature != b"PK\x03\x04":
            raise ValueError(f"zip entry {info.filename} has no local header")
        source.seek(info.header_offset + LOCAL_FIXED.size + name_length + extra_length)
        offset = self._header(info, info.compress_type, info.CRC, info.file_size)
        left = info.compress_size
        while left > 0:
            block = source.read(min(COPY_BYTES, left))
            if not block:
                raise ValueError(f"zip entry {info.filename} is cut short")
            self.target.write(block)
            left -= len(block)
        self._record(info, info.compress_type, info.CRC, info.file_size, offset)

    def add(self, info: zipfile.ZipInfo, data: NewData) -> None:
        """Write a new entry with the metadata of `info` and the given content."""
        info.compress_size = data.compressed
        offset = self._header(info, data.compress_type, data.crc, data.size)
        data.spool.seek(0)
        left = data.compressed
        while left > 0:
            block = data.spool.read(min(COPY_BYTES, left))
            self.target.write(block)
            left -= len(block)
        self._record(info, data.compress_type, data.crc, data.size, offset)

    def close(self) -> None:
        """Write the central directory and the end record."""
        start = self.target.tell()
        for record in self.central:
            self.target.write(record)
        size = self.target.tell() - start
        count = len(self.central)
        self.target.write(
            END_RECORD.pack(
                END_SIGNATURE, 0, 0, count, count, size, start, len(self.comment)
            )
        )
        self.target.write(self.comment)

    def _header(self, info: zipfile.ZipInfo, method: int, crc: int, size: int) -> int:
        """Write a local header; returns where it starts."""
        offset = self.target.tell()
        name, flags = _name_bytes(info)
        extra = _without_zip64(info.extra)
        version = max(info.extract_version, 20 if method else 10)
        self.target.write(
            LOCAL_HEADER.pack(
                LOCAL_SIGNATURE,
                version,
                flags,
                method,
                *_dos_time(info),
                crc,
                info.compress_size,
                size,
                len(name),
                len(extra),
            )
        )
        self.target.write(name + extra)
        return offset

    def _record(
        self, info: zipfile.ZipInfo, method: int, crc: int, size: int, offset: int
    ) -> None:
        name, flags = _name_bytes(info)
        extra = _without_zip64(info.extra)
        made_by = (info.create_system << 8) | (info.create_version & 0xFF)
        version = max(info.extract_version, 20 if method else 10)
        header = CENTRAL_HEADER.pack(
            CENTRAL_SIGNATURE,
            made_by,
            version,
            flags,
            method,
            *_dos_time(info),
            crc,
            info.compress_size,
            size,
            len(name),
            len(extra),
            len(info.comment),
            0,
            info.internal_attr,
            info.external_attr,
            offset,
        )
        self.central.append(header + name + extra + info.comment)


def _name_bytes(info: zipfile.ZipInfo) -> tuple[bytes, int]:
    flags = info.flag_bits & ~DATA_DESCRIPTOR
    name = info.orig_filename
    if flags & UTF8_NAMES:
        return name.encode("utf-8"), flags
    try:
        return name.encode("cp437"), flags
    except UnicodeEncodeError:
        return name.encode("utf-8"), flags | UTF8_NAMES


def _dos_time(info: zipfile.ZipInfo) -> tuple[int, int]:
    year, month, day, hour, minute, second = info.date_time
    time = (hour << 11) | (minute << 5) | (second // 2)
    date = (max(year, 1980) - 1980) << 9 | (month << 5) | day
    return time, date


def _without_zip64(extra: bytes) -> bytes:
    """The extra field minus any zip64 record: sizes here always fit 32 bits."""
    kept = []
    position = 0
    while position + 4 <= len(extra):
        kind, length = struct.unpack_from("<HH", extra, position)
        end = position + 4 + length
        if kind != ZIP64_EXTRA:
            kept.append(extra[position:end])
        position = end
    return b"".join(kept)


def new_entry(name: str, like: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """Metadata for a new part, dated like an existing entry of the package."""
    info = zipfile.ZipInfo(name, like.date_time)
    info.create_system = like.create_system
    info.compress_type = zipfile.ZIP_DEFLATED
    if not name.isascii():
        info.flag_bits |= UTF8_NAMES
    return info


def rewritten_entry(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """Metadata for a changed part: the original's, sizes to be filled in."""
    copy = zipfile.ZipInfo(info.orig_filename, info.date_time)
    for name in (
        "flag_bits",
        "create_system",
        "create_version",
        "extract_version",
        "external_attr",
        "internal_attr",
        "extra",
        "comment",
        "compress_type",
    ):
        setattr(copy, name, getattr(info, name))
    return copy


@contextmanager
def atomic_file(
    target: Path, source: Path, stamp: FileStamp | None
) -> Iterator[BinaryIO]:
    """A temporary file beside `target` that replaces it when the block succeeds.

    Before the replace the source must still match `stamp`; otherwise the
    temporary file is removed and nothing is written.
    """
    handle, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w+b") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        _copy_mode(source if source.exists() else None, temporary)
        if stamp is not None and not stamp.matches(source):
            raise WorkbookError(str(source), CHANGED_ON_DISK)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


CHANGED_ON_DISK = (
    "changed on disk since goalsheet read it; nothing was written. Run sync again."
)


def _copy_mode(source: Path | None, temporary: Path) -> None:
    if source is not None:
        os.chmod(temporary, stat.S_IMODE(source.stat().st_mode))
        return
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(temporary, 0o666 & ~mask)


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
