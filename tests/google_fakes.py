"""A small, honest fake of the Google Sheets API for offline tests.

It keeps a spreadsheet's state (cells with their effective values and number
formats, grid sizes, column developer metadata, conditional-format rules)
and applies the requests goalsheet sends to it, the way Google would: tagged
columns follow insertions, null values are skipped, writes past a range or
the grid are refused, a batchUpdate applies whole or not at all. Every body
it receives and every answer it gives is checked against the discovery
document. People's edits between a read and a write go through the same state.
"""

from __future__ import annotations

import copy
import json
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import responses
from google.auth.credentials import Credentials

from sheets.google_read import READ_FIELDS, read_book
from sheets.grid import CellValue, Grids
from tests.google_fake_sheet import FakeSheet, Refused, extended
from tests.sheets_schema import apply_mask, assert_valid, mask_problems, parse_mask

API = "https://sheets.googleapis.com/v4/spreadsheets"
SPREADSHEET_ID = "1FakeGoalsheetSpreadsheetIdForTests0123456"
SERVICE_EMAIL = "goalsheet-sync@lumen-analytics.iam.gserviceaccount.com"

Json = dict[str, Any]


class FakeCredentials(Credentials):
    """A fixed token: no token endpoint is ever called."""

    def __init__(self, email: str | None = SERVICE_EMAIL) -> None:
        super().__init__()
        self.token = "test-token"
        if email is not None:
            self.service_account_email = email

    def refresh(self, request: object) -> None:
        raise AssertionError("tests never refresh a token")


@dataclass
class Recorded:
    method: str
    action: str
    params: dict[str, list[str]]
    body: Json | None


class FakeGoogle:
    """One spreadsheet behind a `responses` mock."""

    def __init__(
        self, spreadsheet_id: str = SPREADSHEET_ID, title: str = "Goals"
    ) -> None:
        self.spreadsheet_id = spreadsheet_id
        self.title = title
        self.sheets: list[FakeSheet] = []
        self.requests: list[Recorded] = []
        self.failures: deque[tuple[int, Json | str]] = deque()
        self.before_write: Callable[[FakeGoogle], None] | None = None
        self.next_metadata_id = 1001

    @classmethod
    def from_grids(cls, grids: Grids, **options: Any) -> FakeGoogle:
        fake = cls(**options)
        for index, sheet in enumerate(grids.sheets):
            width = max((len(row) for row in sheet.rows), default=0)
            tab = FakeSheet(
                sheet_id=0 if index == 0 else 1_000_000 + 7919 * index,
                title=sheet.name,
                row_count=max(1000, len(sheet.rows)),
                column_count=max(26, width),
            )
            for r, row in enumerate(sheet.rows):
                for c, value in enumerate(row):
                    tab.set((r, c), value)
            fake.sheets.append(tab)
        return fake

    def install(self, mock: responses.RequestsMock) -> None:
        base = re.escape(API) + r"/([^/:?]+)"
        mock.add_callback("GET", re.compile(base + r"(\?.*)?$"), self._get)
        mock.add_callback(
            "POST", re.compile(base + r":batchUpdate(\?.*)?$"), self._structure
        )
        mock.add_callback(
            "POST", re.compile(base + r"/values:batchUpdateByDataFilter$"), self._values
        )

    # What people do between goalsheet's read and its write.

    def sheet(self, title: str) -> FakeSheet:
        return next(sheet for sheet in self.sheets if sheet.title == title)

    def insert_column(self, title: str, index: int) -> None:
        self.sheet(title).insert_columns(index, 1)

    def set_cell(self, title: str, row: int, column: int, value: CellValue) -> None:
        """Set a cell by the sheet's row number (1-based) and 0-based column."""
        self.sheet(title).set((row - 1, column), value)

    def grids(self) -> Grids:
        """The spreadsheet as goalsheet's reader would see it now."""
        return read_book(
            apply_mask(self.snapshot(), parse_mask(READ_FIELDS)), "fake"
        ).grids

    def snapshot(self) -> Json:
        return {
            "spreadsheetId": self.spreadsheet_id,
            "properties": {"title": self.title, "locale": "en_US"},
            "sheets": [sheet.json(index) for index, sheet in enumerate(self.sheets)],
            "spreadsheetUrl": (
                f"https://docs.google.com/spreadsheets/d/{self.spreadsheet_id}/edit"
            ),
        }

    def count(self, action: str) -> int:
        return sum(1 for request in self.requests if request.action == action)

    def bodies(self, action: str) -> list[Json]:
        return [
            r.body for r in self.requests if r.action == action and r.body is not None
        ]

    # The three endpoints.

    def _answer(self, request: Any, action: str) -> tuple[int, Json | str, Json | None]:
        parts = urlsplit(request.url)
        params = parse_qs(parts.query)
        body = json.loads(request.body) if request.body else None
        self.requests.append(Recorded(request.method, action, params, body))
        if self.failures:
            status, payload = self.failures.popleft()
            return status, payload, body
        if parts.path.split("/")[3].split(":")[0] != self.spreadsheet_id:
            return (
                404,
                _error(404, "Requested entity was not found.", "NOT_FOUND"),
                body,
            )
        return 0, "", body

    def _get(self, request: Any) -> tuple[int, dict[str, str], str]:
        status, payload, _ = self._answer(request, "get")
        if status:
            return _reply(status, payload)
        fields = parse_qs(urlsplit(request.url).query).get("fields", [""])[0]
        assert not mask_problems(fields, "Spreadsheet"), mask_problems(
            fields, "Spreadsheet"
        )
        answer = self.snapshot()
        assert_valid(answer, "Spreadsheet")
        return _reply(200, apply_mask(answer, parse_mask(fields)) if fields else answer)

    def _structure(self, request: Any) -> tuple[int, dict[str, str], str]:
        status, payload, body = self._answer(request, "batchUpdate")
        if status:
            return _reply(status, payload)
        assert body is not None
        assert_valid(body, "BatchUpdateSpreadsheetRequest")
        self._people_edit()
        saved = copy.deepcopy((self.sheets, self.next_metadata_id))
        try:
            replies = [self._apply(item) for item in body["requests"]]
        except Refused as refusal:
            self.sheets, self.next_metadata_id = saved
            return _reply(400, _error(400, str(refusal), "INVALID_ARGUMENT"))
        answer: Json = {"spreadsheetId": self.spreadsheet_id, "replies": replies}
        if body.get("includeSpreadsheetInResponse"):
            answer["updatedSpreadsheet"] = self._updated(body)
        assert_valid(answer, "BatchUpdateSpreadsheetResponse")
        fields = parse_qs(urlsplit(request.url).query).get("fields", [""])[0]
        if fields:
            assert not mask_problems(fields, "BatchUpdateSpreadsheetResponse")
            answer = apply_mask(answer, parse_mask(fields))
        return _reply(200, answer)

    def _updated(self, body: Json) -> Json:
        """The spreadsheet after a batchUpdate, grid data only for whole rows asked."""
        whole = self.snapshot()
        if not body.get("responseIncludeGridData"):
            for sheet in whole["sheets"]:
                sheet.pop("data", None)
            return whole
        wanted: dict[str, list[int]] = {}
        for text in body.get("responseRanges", []):
            found = re.fullmatch(r"'((?:[^']|'')+)'!(\d+):(\d+)", text)
            assert found and found.group(2) == found.group(3), text
            wanted.setdefault(found.group(1).replace("''", "'"), []).append(
                int(found.group(2))
            )
        for sheet in whole["sheets"]:
            rows = wanted.get(sheet["properties"]["title"], [])
            block = sheet["data"][0]
            sheet["data"] = [
                {
                    "startRow": row - 1,
                    "rowData": block["rowData"][row - 1 : row],
                    "columnMetadata": block["columnMetadata"],
                }
                for row in rows
            ]
        return whole

    def _values(self, request: Any) -> tuple[int, dict[str, str], str]:
        status, payload, body = self._answer(request, "batchUpdateByDataFilter")
        if status:
            return _reply(status, payload)
        assert body is not None
        assert_valid(body, "BatchUpdateValuesByDataFilterRequest")
        if body.get("valueInputOption") != "RAW":
            return _reply(
                400,
                _error(400, "valueInputOption must be RAW here", "INVALID_ARGUMENT"),
            )
        self._people_edit()
        saved = copy.deepcopy(self.sheets)
        try:
            answers = [self._write(item) for item in body["data"]]
        except Refused as refusal:
            self.sheets = saved
            return _reply(400, _error(400, str(refusal), "INVALID_ARGUMENT"))
        answer = {
            "spreadsheetId": self.spreadsheet_id,
            "totalUpdatedCells": sum(a["updatedCells"] for a in answers),
            "responses": answers,
        }
        assert_valid(answer, "BatchUpdateValuesByDataFilterResponse")
        return _reply(200, answer)

    def _people_edit(self) -> None:
        hook, self.before_write = self.before_write, None
        if hook is not None:
            hook(self)

    # batchUpdate requests, one at a time.

    def _by_id(self, sheet_id: int) -> FakeSheet:
        for sheet in self.sheets:
            if sheet.sheet_id == sheet_id:
                return sheet
        raise Refused(f"No grid with id: {sheet_id}")

    def _apply(self, item: Json) -> Json:
        ((kind, spec),) = item.items()
        handler = getattr(self, "_do_" + kind, None)
        if handler is None:
            raise AssertionError(f"the fake does not know {kind}; teach it first")
        reply: Json = handler(spec)
        return reply

    def _do_addSheet(self, spec: Json) -> Json:
        properties = spec["properties"]
        if any(s.title == properties["title"] for s in self.sheets):
            raise Refused(
                f'A sheet with the name "{properties["title"]}" already exists.'
            )
        if any(s.sheet_id == properties["sheetId"] for s in self.sheets):
            raise Refused("A sheet with that id already exists.")
        grid = properties.get("gridProperties", {})
        sheet = FakeSheet(
            properties["sheetId"],
            properties["title"],
            grid.get("rowCount", 1000),
            grid.get("columnCount", 26),
        )
        self.sheets.append(sheet)
        return {
            "addSheet": {"properties": sheet.json(len(self.sheets) - 1)["properties"]}
        }

    def _do_appendDimension(self, spec: Json) -> Json:
        sheet = self._by_id(spec["sheetId"])
        if spec["dimension"] == "ROWS":
            sheet.row_count += spec["length"]
        else:
            sheet.column_count += spec["length"]
        return {}

    def _do_insertDimension(self, spec: Json) -> Json:
        where = spec["range"]
        sheet = self._by_id(where["sheetId"])
        if where["dimension"] != "COLUMNS":
            raise AssertionError("the fake inserts columns only")
        if not 0 <= where["startIndex"] < sheet.column_count:
            raise Refused("insertDimension: range is outside the grid")
        sheet.insert_columns(
            where["startIndex"], where["endIndex"] - where["startIndex"]
        )
        return {}

    def _do_createDeveloperMetadata(self, spec: Json) -> Json:
        metadata = copy.deepcopy(spec["developerMetadata"])
        where = metadata["location"]["dimensionRange"]
        sheet = self._by_id(where["sheetId"])
        column = where["startIndex"]
        if where["endIndex"] != column + 1 or not 0 <= column < sheet.column_count:
            raise Refused("Developer metadata must sit on exactly one column")
        if metadata.get("visibility") not in {"DOCUMENT", "PROJECT"}:
            raise Refused("Developer metadata must have a visibility")
        metadata["metadataId"] = self.next_metadata_id
        self.next_metadata_id += 1
        metadata["location"]["locationType"] = "COLUMN"
        sheet.tags.setdefault(column, []).append(metadata)
        return {
            "createDeveloperMetadata": {"developerMetadata": copy.deepcopy(metadata)}
        }

    def _do_deleteDeveloperMetadata(self, spec: Json) -> Json:
        lookup = spec["dataFilter"]["developerMetadataLookup"]
        deleted = []
        for sheet in self.sheets:
            for tags in sheet.tags.values():
                for tag in list(tags):
                    if all(tag.get(key) == value for key, value in lookup.items()):
                        tags.remove(tag)
                        deleted.append(tag)
            sheet.tags = {c: tags for c, tags in sheet.tags.items() if tags}
        return {"deleteDeveloperMetadata": {"deletedDeveloperMetadata": deleted}}

    def _do_repeatCell(self, spec: Json) -> Json:
        where = spec["range"]
        sheet = self._by_id(where["sheetId"])
        kind = (
            spec["cell"]
            .get("userEnteredFormat", {})
            .get("numberFormat", {})
            .get("type")
        )
        if spec["fields"] != "userEnteredFormat.numberFormat" or kind is None:
            return {}
        for r in range(
            where.get("startRowIndex", 0), where.get("endRowIndex", sheet.row_count)
        ):
            for c in range(
                where.get("startColumnIndex", 0),
                where.get("endColumnIndex", sheet.column_count),
            ):
                sheet.formats[(r, c)] = kind
        return {}

    def _do_updateDimensionProperties(self, spec: Json) -> Json:
        self._by_id(spec["range"]["sheetId"])
        return {}

    def _do_deleteConditionalFormatRule(self, spec: Json) -> Json:
        sheet = self._by_id(spec["sheetId"])
        if not 0 <= spec["index"] < len(sheet.rules):
            raise Refused(
                f"No conditional format on sheet {spec['sheetId']} "
                f"at index {spec['index']}"
            )
        return {"deleteConditionalFormatRule": {"rule": sheet.rules.pop(spec["index"])}}

    def _do_addConditionalFormatRule(self, spec: Json) -> Json:
        rule = copy.deepcopy(spec["rule"])
        sheet = self._by_id(rule["ranges"][0]["sheetId"])
        if not 0 <= spec["index"] <= len(sheet.rules):
            raise Refused("addConditionalFormatRule: index out of range")
        for grid in rule["ranges"]:
            inside = (
                grid.get("endRowIndex", 0) <= sheet.row_count
                and grid.get("endColumnIndex", 0) <= sheet.column_count
            )
            if not inside:
                raise Refused(
                    "Range exceeds grid limits. "
                    f"Max rows: {sheet.row_count}, max columns: {sheet.column_count}"
                )
        sheet.rules.insert(spec["index"], rule)
        return {}

    # values:batchUpdateByDataFilter ranges, one at a time.

    def _write(self, item: Json) -> Json:
        target = item["dataFilter"]
        if "developerMetadataLookup" in target:
            sheet, top, left, height, width = self._tagged(
                target["developerMetadataLookup"]
            )
        else:
            sheet, top, left, height, width = self._a1(target["a1Range"])
        values = item["values"]
        if item.get("majorDimension", "ROWS") == "COLUMNS":
            values = [list(row) for row in _transpose(values)]
        if len(values) > height or any(len(row) > width for row in values):
            raise Refused("Requested writing beyond the range the data filter matched")
        if top + height > sheet.row_count or left + width > sheet.column_count:
            raise Refused(
                f"Range exceeds grid limits. Max rows: {sheet.row_count}, "
                f"max columns: {sheet.column_count}"
            )
        written = 0
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                if value is None:
                    continue
                sheet.values.pop((top + r, left + c), None)
                stored = extended(value)
                if stored is not None:
                    sheet.values[(top + r, left + c)] = stored
                written += 1
        return {"updatedCells": written, "dataFilter": target}

    def _tagged(self, lookup: Json) -> tuple[FakeSheet, int, int, int, int]:
        matches = [
            (sheet, column)
            for sheet in self.sheets
            for column, tags in sheet.tags.items()
            for tag in tags
            if all(tag.get(key) == value for key, value in lookup.items())
        ]
        if len(matches) != 1:
            raise Refused(f"{len(matches)} ranges match the developer metadata lookup")
        sheet, column = matches[0]
        return sheet, 0, column, sheet.row_count, 1

    def _a1(self, text: str) -> tuple[FakeSheet, int, int, int, int]:
        found = re.fullmatch(r"'((?:[^']|'')+)'!([A-Z]+)(\d+):([A-Z]+)(\d+)", text)
        if found is None:
            raise Refused(f"Unable to parse range: {text}")
        title = found.group(1).replace("''", "'")
        sheet = next((s for s in self.sheets if s.title == title), None)
        if sheet is None:
            raise Refused(f"Unable to parse range: {text}")
        left, right = _letters(found.group(2)), _letters(found.group(4))
        top, bottom = int(found.group(3)) - 1, int(found.group(5))
        return sheet, top, left, bottom - top, right - left + 1


def _transpose(values: list[list[Any]]) -> list[list[Any]]:
    height = max((len(column) for column in values), default=0)
    return [
        [column[r] if r < len(column) else None for column in values]
        for r in range(height)
    ]


def _letters(text: str) -> int:
    number = 0
    for letter in text:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def _error(code: int, message: str, status: str) -> Json:
    return {"error": {"code": code, "message": message, "status": status}}


def _reply(status: int, payload: Json | str) -> tuple[int, dict[str, str], str]:
    if isinstance(payload, str):
        return status, {"Content-Type": "text/html"}, payload
    return status, {"Content-Type": "application/json"}, json.dumps(payload)
