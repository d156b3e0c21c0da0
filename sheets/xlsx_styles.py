"""The styles part: find or add the few styles goalsheet writes with.

Entries are only ever appended, so every index a cell or rule already uses
keeps its meaning; an identical existing entry is reused, and the part is
only rewritten when something had to be added.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]

from sheets.xlsx_cells import attribute, set_attribute

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
FIRST_CUSTOM_FORMAT = 164
BUILTIN_FORMATS = {"0%": 9, "General": 0, "0": 1, "0.00": 2}
DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48)])
DATE_FORMAT_IDS |= frozenset([*range(50, 59), *range(71, 82)])
AFTER_DXFS = (b"tableStyles", b"colors", b"extLst")

MINIMAL_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<styleSheet xmlns="' + MAIN.encode() + b'">'
    b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    b'<fills count="2"><fill><patternFill patternType="none"/></fill>'
    b'<fill><patternFill patternType="gray125"/></fill></fills>'
    b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
    b"</border></borders>"
    b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    b"</cellStyleXfs>"
    b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    b'xfId="0"/></cellXfs>'
    b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    b"</cellStyles>"
    b'<dxfs count="0"/><tableStyles count="0"/></styleSheet>'
)

DXF = (
    '<{p}dxf><{p}font><{p}color rgb="FF{font}"/></{p}font><{p}fill><{p}patternFill>'
    '<{p}bgColor rgb="FF{fill}"/></{p}patternFill></{p}fill></{p}dxf>'
)

_ROOT = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)styleSheet(?=[\s/>])")
_TAG = re.compile(
    rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<\?.*?\?>"
    rb"|<(/?)[A-Za-z_][\w.:-]*((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S,
)
_QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'|\[[^\]]*\]|\\.')


@dataclass
class _Section:
    """The entries of one list element (cellXfs, fonts, dxfs) as raw XML."""

    name: bytes
    entries: list[bytes]
    added: list[bytes] = field(default_factory=list)

    def index_of(self, entry: bytes) -> int:
        """Index of an identical entry, appending it when there is none."""
        every = self.entries + self.added
        if entry in every:
            return every.index(entry)
        self.added.append(entry)
        return len(every)


class StyleBook:
    """A workbook's styles, read once, with the entries goalsheet adds."""

    def __init__(self, xml: bytes | None) -> None:
        self.xml = MINIMAL_STYLES if xml is None or _empty(xml) else xml
        root = _ROOT.search(self.xml)
        self.prefix = root.group(1) if root else b""
        tree: ET.Element = SafeET.fromstring(self.xml)
        self.formats, self.format_ids = _number_formats(tree)
        self.new_formats: dict[str, int] = {}
        self.made: dict[tuple[int | None, str], int | None] = {}
        self.dxf_colours = [_dxf_colours(dxf) for dxf in _children(tree, "dxfs")]
        self.xfs = _Section(b"cellXfs", self._entries(b"cellXfs"))
        self.fonts = _Section(b"fonts", self._entries(b"fonts"))
        self.dxfs = _Section(b"dxfs", self._entries(b"dxfs"))

    @property
    def changed(self) -> bool:
        return bool(self.new_formats or self.xfs.added or self.fonts.added) or bool(
            self.dxfs.added
        )

    def number_style(self, code: str) -> int | None:
        """The cell style of a new cell showing numbers with `code`."""
        if not self.xfs.entries:
            return None
        format_id = self._format_id(code)
        for index, entry in enumerate(self.xfs.entries):
            if _plain_xf(entry, format_id):
                return index
        p = self.prefix
        entry = (
            b"<" + p + b'xf numFmtId="' + str(format_id).encode() + b'" fontId="0" '
            b'fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        )
        return self.xfs.index_of(entry)

    def formatted(self, style: int | None, code: str) -> int | None:
        """A style showing numbers with `code`: `style` when it does, else a copy."""
        key = (style, code)
        if key not in self.made:
            self.made[key] = self._formatted(style, code)
        return self.made[key]

    def _formatted(self, style: int | None, code: str) -> int | None:
        if style is None:
            return self.number_style(code)
        if not 0 <= style < len(self.xfs.entries):
            return style
        entry = self.xfs.entries[style]
        if not entry.startswith(b"<" + self.prefix + b"xf"):
            return style
        current = int(attribute(b"numFmtId", entry) or b"0")
        if is_date_code(code) and self._is_date_format(current):
            return style
        if current == self._known_format_id(code):
            return style
        format_id = str(self._format_id(code)).encode()
        head_end = entry.index(b">") + 1
        head = entry[:head_end].removesuffix(b">")
        self_closing = head.endswith(b"/")
        head = set_attribute(head.removesuffix(b"/"), b"numFmtId", format_id)
        head = set_attribute(head, b"applyNumberFormat", b"1")
        copy = head + (b"/>" if self_closing else b">") + entry[head_end:]
        return self.xfs.index_of(copy)

    def bold_style(self) -> int | None:
        """The cell style of a header: the default font in bold."""
        if not self.fonts.entries or not self.xfs.entries:
            return None
        font = self.fonts.entries[0]
        p = self.prefix
        if not font.startswith(b"<" + p + b"font"):
            return None
        if b"<" + p + b"b/>" not in font and b"<" + p + b"b " not in font:
            if font.rstrip().endswith(b"/>"):
                font = font.rstrip()[:-2] + b"><" + p + b"b/></" + p + b"font>"
            else:
                cut = font.index(b">") + 1
                font = font[:cut] + b"<" + p + b"b/>" + font[cut:]
        font_id = str(self.fonts.index_of(font)).encode()
        entry = (
            b"<" + p + b'xf numFmtId="0" fontId="' + font_id + b'" fillId="0" '
            b'borderId="0" xfId="0" applyFont="1"/>'
        )
        return self.xfs.index_of(entry)

    def dxf(self, fill: str, font: str) -> int:
        """The differential style of a highlight with these RGB colours."""
        wanted = (fill.upper(), font.upper())
        for index, colours in enumerate(self.dxf_colours):
            if colours == wanted:
                return index
        p = self.prefix
        entry = DXF.format(p=p.decode(), fill=wanted[0], font=wanted[1]).encode()
        index = self.dxfs.index_of(entry)
        if index == len(self.dxf_colours):
            self.dxf_colours.append(wanted)
        return index

    def colours_of(self, dxf_id: int) -> tuple[str, str] | None:
        """(fill, font) RGB of an existing plain highlight style, else None."""
        if 0 <= dxf_id < len(self.dxf_colours):
            return self.dxf_colours[dxf_id]
        return None

    def serialise(self) -> bytes:
        """The part with every added entry in place and counts updated."""
        edits: list[tuple[int, int, bytes]] = []
        if self.new_formats:
            entries = b"".join(
                b"<"
                + self.prefix
                + b'numFmt numFmtId="'
                + str(number).encode()
                + b'" formatCode='
                + quoteattr(code).encode("utf-8")
                + b"/>"
                for code, number in self.new_formats.items()
            )
            existing = len(self._entries(b"numFmts"))
            edits.append(self._append(b"numFmts", entries, existing))
        for section in (self.fonts, self.xfs, self.dxfs):
            if section.added:
                total = len(section.entries)
                edits.append(self._append(section.name, b"".join(section.added), total))
        xml = self.xml
        for start, end, replacement in sorted(edits, reverse=True):
            xml = xml[:start] + replacement + xml[end:]
        return xml

    def _known_format_id(self, code: str) -> int | None:
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        return self.formats.get(code, self.new_formats.get(code))

    def _format_id(self, code: str) -> int:
        known_id = self._known_format_id(code)
        if known_id is not None:
            return known_id
        taken = [*self.format_ids, *self.new_formats.values()]
        number = max([FIRST_CUSTOM_FORMAT - 1, *taken]) + 1
        self.new_formats[code] = number
        return number

    def _is_date_format(self, format_id: int) -> bool:
        if format_id in DATE_FORMAT_IDS:
            return True
        return is_date_code(self.format_ids.get(format_id, "General"))

    def _section(self, name: bytes) -> re.Match[bytes] | None:
        p = re.escape(self.prefix)
        pattern = (
            rb"<" + p + name + rb"(?=[\s/>])[^>]*?(?:/>|>.*?</" + p + name + rb"\s*>)"
        )
        return re.search(pattern, self.xml, re.S)

    def _entries(self, section: bytes) -> list[bytes]:
        """The raw XML of each child of a list element, wrappers and all."""
        found = self._section(section)
        if found is None:
            return []
        text = found.group(0)
        if text[: text.index(b">")].rstrip().endswith(b"/"):
            return []
        return _top_level(text[text.index(b">") + 1 : text.rindex(b"</")])

    def _append(
        self, name: bytes, entries: bytes, existing: int
    ) -> tuple[int, int, bytes]:
        """The edit that adds entries to a list element, creating it if absent."""
        found = self._section(name)
        p = self.prefix
        count = str(existing + len(_top_level(entries))).encode()
        if found is None:
            position = self._position_for(name)
            element = (
                b"<"
                + p
                + name
                + b' count="'
                + count
                + b'">'
                + entries
                + b"</"
                + p
                + name
                + b">"
            )
            return position, position, element
        text = found.group(0)
        head_end = text.index(b">") + 1
        head = text[:head_end].removesuffix(b">")
        closing = b"</" + p + name + b">"
        if head.endswith(b"/"):
            head = set_attribute(head.removesuffix(b"/"), b"count", count)
            return found.start(), found.end(), head + b">" + entries + closing
        head = set_attribute(head, b"count", count)
        body = text[head_end : text.rindex(b"</")]
        return found.start(), found.end(), head + b">" + body + entries + closing

    def _position_for(self, name: bytes) -> int:
        if name == b"numFmts":
            root = _ROOT.search(self.xml)
            return self.xml.index(b">", root.end() if root else 0) + 1
        for later in AFTER_DXFS:
            found = self._section(later)
            if found is not None:
                return found.start()
        return self.xml.rindex(b"</")


def _empty(xml: bytes) -> bool:
    """True for a stylesheet without a single entry, which no program can use."""
    root = _ROOT.search(xml)
    if root is None:
        return False
    inner = xml[xml.index(b">", root.end()) + 1 : xml.rfind(b"</")]
    return not _top_level(inner) and not xml[
        root.end() : xml.index(b">", root.end())
    ].endswith(b"/")


def _top_level(xml: bytes) -> list[bytes]:
    """The complete sibling elements a run of XML holds, each as its bytes."""
    found = []
    depth = 0
    start = 0
    for match in _TAG.finditer(xml):
        closing, attrs = match.group(1), match.group(2)
        if closing is None:
            continue
        if closing:
            depth -= 1
            if depth == 0:
                found.append(xml[start : match.end()])
            continue
        empty = attrs.rstrip().endswith(b"/")
        if depth == 0:
            start = match.start()
            if empty:
                found.append(match.group(0))
        if not empty:
            depth += 1
    return found


def is_date_code(code: str) -> bool:
    """True when a number format code shows dates or times."""
    bare = _QUOTED.sub("", code).lower()
    return any(letter in bare for letter in "dmyhs") and "general" not in bare


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(root: ET.Element, name: str) -> list[ET.Element]:
    for child in root:
        if _local(child.tag) == name:
            return list(child)
    return []


def _number_formats(root: ET.Element) -> tuple[dict[str, int], dict[int, str]]:
    """Custom number formats by code, and the code of every id in use."""
    formats: dict[str, int] = {}
    ids: dict[int, str] = {}
    for entry in _children(root, "numFmts"):
        try:
            number = int(entry.get("numFmtId", ""))
        except ValueError:
            continue
        formats.setdefault(entry.get("formatCode", ""), number)
        ids[number] = entry.get("formatCode", "")
    return formats, ids


def _dxf_colours(dxf: ET.Element) -> tuple[str, str] | None:
    """(fill, font) of a dxf that sets only a fill and a font colour."""
    parts = {_local(child.tag): child for child in dxf}
    if set(parts) != {"font", "fill"}:
        return None
    font_children = list(parts["font"])
    fill_children = [
        node for node in parts["fill"].iter() if _local(node.tag) == "bgColor"
    ]
    if len(font_children) != 1 or _local(font_children[0].tag) != "color":
        return None
    if len(fill_children) != 1:
        return None
    font = font_children[0].get("rgb", "")[-6:].upper()
    fill = fill_children[0].get("rgb", "")[-6:].upper()
    return (fill, font) if font and fill else None


def _plain_xf(entry: bytes, format_id: int) -> bool:
    """True for an xf that sets only a number format over the defaults."""
    if not entry.rstrip().endswith(b"/>"):
        return False
    wanted = {
        b"numFmtId": str(format_id).encode(),
        b"fontId": b"0",
        b"fillId": b"0",
        b"borderId": b"0",
    }
    if any(attribute(name, entry) != value for name, value in wanted.items()):
        return False
    return attribute(b"xfId", entry) in (None, b"0")
