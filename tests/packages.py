"""Minimal .xlsx packages written by hand, for cases no spreadsheet program saves."""

from __future__ import annotations

import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"


def write_package(path: Path, sheet_data: str, prefix: str = "") -> Path:
    """A one-tab package, "Data", around the given <sheetData> content.

    `prefix` ("x:") writes the worksheet with a namespace prefix, as some
    programs do.
    """
    namespace = f'xmlns:{prefix[:-1]}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    p = prefix
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{CONTENT_TYPES}">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "_rels/.rels": _relationships("officeDocument", "xl/workbook.xml"),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": _relationships("worksheet", "worksheets/s1.xml"),
        "xl/worksheets/s1.xml": (
            f"<{p}worksheet {namespace}><{p}sheetData>{sheet_data}</{p}sheetData>"
            f"</{p}worksheet>"
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>\n' + text)
    return path


def _relationships(kind: str, target: str) -> str:
    return (
        f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
        f'Type="{RELATIONSHIPS}/{kind}" Target="{target}"/></Relationships>'
    )
