"""Package-level edits: the tab list, relationships and content types.

Each edit splices one element into or out of the part's XML and leaves every
other byte alone.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from sheets.xlsx_tabs import RELATIONSHIPS

WORKSHEET_TYPE = f"{RELATIONSHIPS}/worksheet"
STYLES_TYPE = f"{RELATIONSHIPS}/styles"
WORKSHEET_CONTENT = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
)
STYLES_CONTENT = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
)
PREFIX = rb"((?:[A-Za-z_][\w.-]*:)?)"


def _closing(xml: bytes, name: bytes) -> tuple[int, bytes]:
    """Where the last </name> starts, and the prefix it is written with."""
    matches = list(re.finditer(rb"</" + PREFIX + name + rb"\s*>", xml))
    if not matches:
        raise ValueError(f"no </{name.decode()}> in the part")
    return matches[-1].start(), matches[-1].group(1)


def _attr(value: str) -> bytes:
    return b'"' + escape(value, {'"': "&quot;"}).encode("utf-8") + b'"'


def add_relationship(rels: bytes, kind: str, target: str) -> tuple[bytes, str]:
    """The relationships part with one more entry, and that entry's fresh id."""
    taken = {m.decode() for m in re.findall(rb"\bId\s*=\s*[\"']([^\"']*)", rels)}
    numbers = [int(m) for m in re.findall(r"rId(\d+)", " ".join(taken))]
    number = max(numbers, default=0) + 1
    while f"rId{number}" in taken:
        number += 1
    fresh = f"rId{number}"
    at, p = _closing(rels, b"Relationships")
    entry = (
        b"<"
        + p
        + b"Relationship Id="
        + _attr(fresh)
        + b" Type="
        + _attr(kind)
        + b" Target="
        + _attr(target)
        + b"/>"
    )
    return rels[:at] + entry + rels[at:], fresh


def add_override(types: bytes, part: str, content_type: str) -> bytes:
    """[Content_Types].xml with an Override for a new part."""
    at, p = _closing(types, b"Types")
    entry = (
        b"<"
        + p
        + b"Override PartName="
        + _attr("/" + part.lstrip("/"))
        + b" ContentType="
        + _attr(content_type)
        + b"/>"
    )
    return types[:at] + entry + types[at:]


def add_sheet(workbook: bytes, name: str, relationship: str) -> bytes:
    """The workbook part with a tab appended to its list of sheets."""
    ids = [int(m) for m in re.findall(rb"\bsheetId\s*=\s*[\"'](\d+)", workbook)]
    sheet_id = str(max(ids, default=0) + 1)
    at, p = _closing(workbook, b"sheets")
    root = re.search(rb"<" + PREFIX + rb"workbook(?=[\s/>])[^>]*>", workbook)
    declared = re.search(
        rb"xmlns:([A-Za-z_][\w.-]*)\s*=\s*[\"']" + re.escape(RELATIONSHIPS.encode()),
        root.group(0) if root else b"",
    )
    r = declared.group(1) if declared else b"r"
    declaration = b"" if declared else b' xmlns:r="' + RELATIONSHIPS.encode() + b'"'
    entry = (
        b"<"
        + p
        + b"sheet name="
        + _attr(name)
        + b' sheetId="'
        + sheet_id.encode()
        + b'" '
        + r
        + b":id="
        + _attr(relationship)
        + declaration
        + b"/>"
    )
    return workbook[:at] + entry + workbook[at:]


def remove_relationship(rels: bytes, kind_suffix: str) -> bytes:
    """The relationships part without entries of one type, such as calcChain."""
    pattern = (
        rb"<"
        + PREFIX
        + rb"Relationship(?=\s)[^>]*?Type\s*=\s*[\"'][^\"']*/"
        + re.escape(kind_suffix.encode())
        + rb"[\"'][^>]*?(?:/>|>\s*</\1Relationship\s*>)"
    )
    return re.sub(pattern, b"", rels)


def remove_override(types: bytes, part: str) -> bytes:
    """[Content_Types].xml without the Override of a removed part."""
    name = re.escape(("/" + part.lstrip("/")).encode())
    pattern = (
        rb"<"
        + PREFIX
        + rb"Override(?=\s)[^>]*?PartName\s*=\s*[\"']"
        + name
        + rb"[\"'][^>]*?(?:/>|>\s*</\1Override\s*>)"
    )
    return re.sub(pattern, b"", types, flags=re.I)
