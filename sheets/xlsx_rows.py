"""Splice cell writes into a worksheet's XML as it streams by.

Only the rows that receive a write are taken apart; every other byte of the
sheet passes through as it was.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from sheets.errors import WorkbookError
from sheets.plan import CellWrite, PlanValue
from sheets.xlsx_cells import (
    Encoded,
    attribute,
    cell_ref,
    cell_xml,
    cleared_xml,
    encode,
    new_cell,
    set_attribute,
)
from sheets.xlsx_scan import (
    ATTRS,
    PREFIX,
    Cell,
    Damaged,
    RowWrites,
    Unplaced,
    column_styles,
    find_cells,
    grown,
    holds,
    patterns,
    place,
    row_number,
    safe_cut,
    scan_end,
    then_end,
    widen_spans,
)
from sheets.xlsx_styles import StyleBook

NO_POSITIONS = (
    "was saved by a program that leaves out cell positions; open and re-save it "
    "in Excel, then sync again."
)
NO_SHEET = "its cells part is damaged. Open and re-save it in Excel, then sync again."

_SHEET_DATA = re.compile(rb"<" + PREFIX + rb"sheetData(?=[\s/>])" + ATTRS + rb">")
_ROOT = re.compile(rb"<" + PREFIX + rb"worksheet(?=[\s/>])")

OUT_BYTES = 1 << 18

TailEdit = Callable[[bytes, bytes], bytes | None]


class WorksheetSplice:
    """One pass over a worksheet that applies writes and a tail edit."""

    def __init__(
        self,
        where: tuple[str, str],
        writes: RowWrites,
        styles: StyleBook,
        date1904: bool,
        tail_edit: TailEdit | None = None,
    ) -> None:
        self.source, self.tab = where
        self.writes = writes
        self.styles = styles
        self.date1904 = date1904
        self.tail_edit = tail_edit
        self.changed = False
        self.removed_formula = False
        self.column_styles: list[tuple[int, int, int]] = []
        self.pending = deque(sorted(writes))
        self.encoded: dict[tuple[type, PlanValue], Encoded | None] = {}
        self.p = patterns(b"")
        self.prefix = b""

    def run(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """The sheet's XML with the edits made, in pieces of about OUT_BYTES."""
        pieces: list[bytes] = []
        size = 0
        for piece in self._run(chunks):
            pieces.append(piece)
            size += len(piece)
            if size >= OUT_BYTES:
                yield b"".join(pieces)
                pieces.clear()
                size = 0
        yield b"".join(pieces)

    def _run(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        stream = iter(chunks)
        head = b""
        match = None
        for chunk in stream:
            head += chunk
            match = _SHEET_DATA.search(head)
            if match:
                break
        if match is None:
            raise WorkbookError(
                self.source, f"tab {self.tab!r} has no cells part; {NO_SHEET}"
            )
        self.prefix = match.group(1)
        self.p = patterns(self.prefix)
        root = _ROOT.search(head)
        root_prefix = root.group(1) if root else self.prefix
        yield self._head(head[: match.start()])

        rest = head[match.end() :]
        if match.group(2).rstrip().endswith(b"/"):
            new_rows = self._new_rows(None)
            if new_rows:
                self.changed = True
                yield b"<" + self.prefix + b"sheetData>" + new_rows
                yield b"</" + self.prefix + b"sheetData>"
            else:
                yield match.group(0)
            tail = b"".join([rest, *stream])
        else:
            yield match.group(0)
            tail_parts: list[bytes] = []
            yield from self._rows(rest, stream, tail_parts)
            tail = b"".join(tail_parts)
        yield self._tail(tail, root_prefix)

    def _head(self, head: bytes) -> bytes:
        self.column_styles = column_styles(head, self.p)
        dimension = self.p.dimension.search(head)
        if dimension is None:
            return head
        tag = dimension.group(1)
        extent = grown(attribute(b"ref", tag), self.writes)
        if extent is None:
            return head
        tag = set_attribute(tag.rstrip(b"/ "), b"ref", extent.encode())
        element = b"<" + self.prefix + b"dimension" + tag + b"/>"
        return head[: dimension.start()] + element + head[dimension.end() :]

    def _rows(
        self, rest: bytes, stream: Iterator[bytes], tail: list[bytes]
    ) -> Iterator[bytes]:
        carry = rest
        capture: list[bytes] | None = None
        capture_tag = b""
        for chunk in then_end(stream):
            buffer = carry + chunk
            final = not chunk
            limit = len(buffer) if final else scan_end(buffer)
            if self.writes and self.p.missing_ref.search(buffer, 0, limit):
                raise WorkbookError(self.source, f"tab {self.tab!r} {NO_POSITIONS}")
            emitted = 0
            last = 0
            for match in self.p.row.finditer(buffer, 0, limit):
                last = match.end()
                if match.group(2) is None:
                    continue
                closing, name, attrs = match.group(1), match.group(2), match.group(3)
                if name == b"sheetData":
                    if capture is not None or not closing:
                        raise WorkbookError(self.source, f"tab {self.tab!r} {NO_SHEET}")
                    yield buffer[emitted : match.start()]
                    yield self._new_rows(None)
                    yield match.group(0)
                    tail.append(buffer[match.end() :])
                    tail.extend(stream)
                    return
                if closing:
                    if capture is not None:
                        capture.append(buffer[emitted : match.end()])
                        emitted = match.end()
                        yield self._edit_row(capture_tag, b"".join(capture))
                        capture = None
                    continue
                number = row_number(attrs)
                if number is None and not self.writes:
                    continue
                if number is None:
                    raise WorkbookError(self.source, f"tab {self.tab!r} {NO_POSITIONS}")
                if not self.pending or self.pending[0] > number:
                    continue
                yield buffer[emitted : match.start()]
                emitted = match.start()
                yield self._new_rows(number)
                if number not in self.writes:
                    continue
                if attrs.rstrip().endswith(b"/"):
                    yield self._edit_row(match.group(0), b"")
                    emitted = match.end()
                    continue
                capture_tag = match.group(0)
                capture = []
                emitted = match.end()
            cut = limit if final else safe_cut(buffer, last, limit)
            if capture is not None:
                capture.append(buffer[emitted:cut])
            else:
                yield buffer[emitted:cut]
            carry = buffer[cut:]
            if final:
                break
        raise WorkbookError(self.source, f"tab {self.tab!r} {NO_SHEET}")

    def _tail(self, tail: bytes, root_prefix: bytes) -> bytes:
        if self.tail_edit is None:
            return tail
        edited = self.tail_edit(tail, root_prefix)
        if edited is None:
            return tail
        self.changed = True
        return edited

    def _new_rows(self, before: int | None) -> bytes:
        """Rows that receive writes but do not exist yet, up to `before`."""
        made = []
        while self.pending and (before is None or self.pending[0] < before):
            number = self.pending.popleft()
            cells = self._row_cells(number, b"", [], None)
            if cells:
                self.changed = True
                p = self.prefix
                start = b"<" + p + b'row r="' + str(number).encode() + b'">'
                made.append(start + cells + b"</" + p + b"row>")
        if self.pending and self.pending[0] == before:
            self.pending.popleft()
        return b"".join(made)

    def _edit_row(self, start_tag: bytes, row: bytes) -> bytes:
        """A row with its writes made; the bytes as they were when nothing differs."""
        number = row_number(start_tag) or 0
        whole = start_tag + row
        body_start = len(start_tag)
        body_end = body_start + (row.rindex(b"</") if row else 0)
        try:
            cells = self._cells(whole, body_start, body_end, number)
        except Unplaced:
            raise WorkbookError(
                self.source, f"tab {self.tab!r} {NO_POSITIONS}"
            ) from None
        except Damaged:
            raise WorkbookError(self.source, f"tab {self.tab!r} {NO_SHEET}") from None
        row_style = None
        if attribute(b"customFormat", start_tag) in (b"1", b"true"):
            style = attribute(b"s", start_tag)
            row_style = int(style) if style and style.isdigit() else None
        before = self.changed
        self.changed = False
        body = self._row_cells(
            number, whole[body_start:body_end], cells, row_style, body_start
        )
        if not self.changed:
            self.changed = before
            return whole
        self.changed = True
        tag = start_tag.rstrip(b">").rstrip().removesuffix(b"/")
        tag = widen_spans(tag, self.writes[number])
        tail = whole[body_end:] if row else b"</" + self.prefix + b"row>"
        return tag + b">" + body + tail

    def _cells(self, whole: bytes, start: int, end: int, number: int) -> list[Cell]:
        """The row's cells; only the last when every write lands after it."""
        if whole.find(b"<!", start, end) >= 0 or whole.find(b"extLst", start, end) >= 0:
            return find_cells(whole, start, end, self.p)
        last = whole.rfind(b"<" + self.prefix + b"c", start, end)
        if last < 0:
            return []
        tail = find_cells(whole, last, end, self.p)
        if len(tail) == 1 and min(self.writes[number]) > tail[0].column:
            tail[0].end = end
            return tail
        return find_cells(whole, start, end, self.p)

    def _row_cells(
        self,
        number: int,
        body: bytes,
        cells: list[Cell],
        row_style: int | None,
        offset: int = 0,
    ) -> bytes:
        """The row's content with each write applied in column order."""
        writes = sorted(self.writes[number].items())
        row_text = str(number).encode()
        if not cells or writes[0][0] > cells[-1].column:
            added = [self._new_cell(row_text, c, w, row_style) for c, w in writes]
            at = cells[-1].end - offset if cells else 0
            return body[:at] + b"".join(added) + body[at:]

        columns = [cell.column for cell in cells]
        pieces: list[tuple[int, int, int, bytes]] = []
        for column, write in writes:
            cell, index = place(cells, columns, column)
            if cell is None:
                at = cells[index - 1].end - offset if index else 0
                xml = self._new_cell(row_text, column, write, row_style)
                pieces.append((at, at, column, xml))
                continue
            replacement = self._rewrite(cell, write, number)
            if replacement is not None:
                start, end = cell.start - offset, cell.end - offset
                pieces.append((start, end, column, replacement))
        for start, end, _, replacement in sorted(pieces, reverse=True):
            body = body[:start] + replacement + body[end:]
        return body

    def _new_cell(
        self, row: bytes, column: int, write: CellWrite, row_style: int | None
    ) -> bytes:
        """A cell for a write where there was none; b"" for a blank value."""
        encoded = self._encode(write.value)
        if encoded is None:
            return b""
        inherited = row_style
        if inherited is None and self.column_styles:
            inherited = self._column_style(column)
        style = self._style(write, encoded, None, inherited)
        self.changed = True
        chosen = style if style is not None else inherited
        return new_cell(self.prefix, column, row, encoded, chosen)

    def _encode(self, value: PlanValue) -> Encoded | None:
        key = (type(value), value)
        if key not in self.encoded:
            self.encoded[key] = encode(value, self.date1904, self.prefix)
        return self.encoded[key]

    def _rewrite(self, cell: Cell, write: CellWrite, number: int) -> bytes | None:
        """A cell's new XML, or None when it already holds the value."""
        encoded = self._encode(write.value)
        inner = cell.inner or b""
        has_formula = self.p.formula.search(inner) is not None
        if not has_formula and holds(cell, encoded, self.p):
            return None
        if has_formula:
            if self.p.shared.search(inner) and b"shared" in inner:
                raise WorkbookError(
                    self.source,
                    f"cell {cell_ref(number, cell.column)} on tab {self.tab!r} holds "
                    "a formula that other cells share, in a column goalsheet owns; "
                    "move the formula to another column, then sync again.",
                )
            self.removed_formula = True
        self.changed = True
        extension = self.p.extension.search(inner)
        kept = extension.group(0) if extension else b""
        if encoded is None:
            return cleared_xml(cell.attributes, self.prefix, kept)
        own = attribute(b"s", cell.attributes)
        own_style = int(own) if own and own.isdigit() else None
        style = self._style(write, encoded, own_style, None)
        return cell_xml(cell.attributes, encoded, style, self.prefix, kept)

    def _style(
        self, write: CellWrite, encoded: Encoded, own: int | None, inherited: int | None
    ) -> int | None:
        """The style to set, None to leave the cell's own as it is."""
        code = write.format.value if write.format else encoded.date_format
        if code is None:
            return None
        if own is not None:
            return self.styles.formatted(own, code) if encoded.date_format else None
        return self.styles.formatted(inherited, code)

    def _column_style(self, column: int) -> int | None:
        for low, high, style in self.column_styles:
            if low <= column <= high:
                return style
        return None
