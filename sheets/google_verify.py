"""Whether a structure request landed where it was meant to, and how to undo it if not.

A structure request can only address an existing column or rule by its index.
A person who inserts a column or changes rules between goalsheet's read and
its write shifts those indexes. The answer to the request shows where each
new tag landed and which rule each deletion removed; when one went astray,
one more request undoes it before any value is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sheets.google_read import cell_value
from sheets.grid import CellValue
from sheets.plan import HIGHLIGHT_MARK

Json = dict[str, Any]

# What the answer of a structure request carries when tags need checking.
RESPONSE_FIELDS = (
    "replies,updatedSpreadsheet.sheets(properties.title,"
    "data(startRow,startColumn,rowData.values.effectiveValue,"
    "columnMetadata.developerMetadata))"
)


@dataclass(frozen=True)
class HeaderCheck:
    """A tag put on an existing column by index: the header it must sit under."""

    title: str
    field: str
    header_row: int
    header: CellValue


def response_options(checks: list[HeaderCheck]) -> Json:
    """Ask the structure request to answer with the header rows it tagged."""
    if not checks:
        return {}
    rows = dict.fromkeys((check.title, check.header_row) for check in checks)
    return {
        "includeSpreadsheetInResponse": True,
        "responseIncludeGridData": True,
        "responseRanges": [f"{_quoted(title)}!{row}:{row}" for title, row in rows],
    }


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def misplaced_tags(
    checks: list[HeaderCheck], reply: Json, tags: dict[tuple[str, str], int]
) -> list[int]:
    """Ids of new tags that landed on a column not headed as the read saw it."""
    headers = _tagged_headers(reply)
    misplaced = []
    for check in checks:
        ident = tags[(check.title, check.field)]
        found = headers.get(ident, _MISSING)
        if found != check.header:
            misplaced.append(ident)
    return misplaced


_MISSING = object()


def _tagged_headers(reply: Json) -> dict[int, object]:
    """The header cell under each tag in the answer's header rows, by tag id."""
    found: dict[int, object] = {}
    sheets = (reply.get("updatedSpreadsheet") or {}).get("sheets") or []
    for sheet in sheets:
        for block in sheet.get("data") or []:
            left = int(block.get("startColumn", 0))
            rows = block.get("rowData") or [{}]
            cells = rows[0].get("values") or []
            for offset, column in enumerate(block.get("columnMetadata") or []):
                index = left + offset
                cell = cells[index - left] if index - left < len(cells) else {}
                for metadata in column.get("developerMetadata") or []:
                    if "metadataId" in metadata:
                        found[int(metadata["metadataId"])] = cell_value(cell)
    return found


def untag(idents: list[int]) -> list[Json]:
    return [
        {
            "deleteDeveloperMetadata": {
                "dataFilter": {"developerMetadataLookup": {"metadataId": ident}}
            }
        }
        for ident in idents
    ]


def restored_rules(requests: list[Json], reply: Json) -> list[Json]:
    """People's rules a deletion by index removed by mistake, added back.

    Each goes back where it was deleted from, less the deletions that came
    after it below it, so that it keeps its place among people's rules.
    """
    replies = reply.get("replies") or []
    deletions = [
        (position, request["deleteConditionalFormatRule"])
        for position, request in enumerate(requests)
        if "deleteConditionalFormatRule" in request
    ]
    restored = []
    for order, (position, deletion) in enumerate(deletions):
        answer = replies[position] if position < len(replies) else {}
        rule = (answer.get("deleteConditionalFormatRule") or {}).get("rule")
        if rule is None or HIGHLIGHT_MARK in str(rule.get("booleanRule")):
            continue
        below = sum(
            1
            for _, later in deletions[order + 1 :]
            if later["sheetId"] == deletion["sheetId"]
            and later["index"] < deletion["index"]
        )
        restored.append(
            {
                "addConditionalFormatRule": {
                    "index": max(deletion["index"] - below, 0),
                    "rule": rule,
                }
            }
        )
    return restored
