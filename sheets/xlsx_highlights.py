"""goalsheet's own conditional-format highlights in a worksheet's XML.

A rule is goalsheet's when its formula holds HIGHLIGHT_MARK; it is stored as
AND(mark,condition), so the person-readable condition reads back unchanged.
People's rules, x14 extension rules among them, are never rewritten.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from sheets.plan import HIGHLIGHT_COLOURS, HIGHLIGHT_MARK, Highlight
from sheets.xlsx_cells import attribute
from sheets.xlsx_styles import StyleBook

MARKED = f"AND({HIGHLIGHT_MARK},"

# Children of a worksheet that come before conditionalFormatting (CT_Worksheet).
BEFORE_RULES = frozenset(
    {
        b"sheetCalcPr",
        b"sheetProtection",
        b"protectedRanges",
        b"scenarios",
        b"autoFilter",
        b"sortState",
        b"dataConsolidate",
        b"customSheetViews",
        b"mergeCells",
        b"phoneticPr",
        b"conditionalFormatting",
    }
)

_ATTRS = rb"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)"
_TAG = re.compile(
    rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<\?.*?\?>"
    rb"|<(/?)((?:[A-Za-z_][\w.-]*:)?)([A-Za-z_][\w.-]*)" + _ATTRS + rb">",
    re.S,
)
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?formula(?:\s[^>]*)?>(.*?)</", re.S)


def condition(formula: str) -> str:
    """The person-readable condition of a highlight formula, mark left out."""
    text = formula.strip().removeprefix("=")
    if text.startswith(MARKED) and text.endswith(")"):
        return text[len(MARKED) : -1]
    return text


def stored_formula(formula: str) -> str:
    """The formula a rule stores: the condition with the mark in front."""
    text = condition(formula)
    return text if HIGHLIGHT_MARK in text else f"{MARKED}{text})"


@dataclass(frozen=True)
class Rule:
    """A highlight as stored: where, when, which colours, in which order."""

    sqref: str
    condition: str
    colours: tuple[str, str] | None
    priority: int


@dataclass
class Element:
    """A child element of the worksheet, as a byte range, with its children's starts."""

    name: bytes
    start: int
    end: int
    children: list[tuple[bytes, int]]


def elements(tail: bytes) -> tuple[list[Element], int]:
    """The worksheet's children in a stretch of its XML, and where the root closes."""
    found: list[Element] = []
    depth = 0
    for match in _TAG.finditer(tail):
        closing, name, attrs = match.group(1), match.group(3), match.group(4)
        if name is None:
            continue
        if closing:
            depth -= 1
            if depth < 0:
                return found, match.start()
            if depth == 0:
                found[-1].end = match.end()
            continue
        if depth == 0:
            found.append(Element(name, match.start(), match.end(), []))
        elif depth == 1:
            found[-1].children.append((name, match.start()))
        if not attrs.rstrip().endswith(b"/"):
            depth += 1
    return found, len(tail)


@dataclass
class _Parsed:
    ours: list[Rule]
    removals: list[tuple[int, int]]
    people_priority: int
    insert_at: int


def _parse(tail: bytes, styles: StyleBook) -> _Parsed:
    found, root_end = elements(tail)
    ours: list[Rule] = []
    removals: list[tuple[int, int]] = []
    our_starts: set[int] = set()
    for element in found:
        if element.name != b"conditionalFormatting":
            continue
        xml = tail[element.start : element.end]
        sqref = (attribute(b"sqref", xml[: xml.index(b">")]) or b"").decode()
        rules = _rules(tail, element)
        mine = [(start, end, rule) for start, end, rule in rules if rule is not None]
        for start, _end, rule_xml in mine:
            ours.append(_read_rule(sqref, rule_xml, styles))
            our_starts.add(start)
        if mine and len(mine) == len(rules):
            removals.append((element.start, element.end))
        else:
            removals += [(start, end) for start, end, _ in mine]
    people = [
        int(match.group(2))
        for match in re.finditer(
            rb"<(?:[A-Za-z_][\w.-]*:)?cfRule\b[^>]*?(?<![\w:.-])priority\s*=\s*"
            rb"[\"'](\s*)([0-9]{1,9})",
            tail,
        )
        if match.start() not in our_starts
    ]
    insert_at = next((e.start for e in found if e.name not in BEFORE_RULES), root_end)
    ours.sort(key=lambda rule: rule.priority)
    return _Parsed(ours, removals, max(people, default=0), insert_at)


def _rules(tail: bytes, element: Element) -> list[tuple[int, int, bytes | None]]:
    """Each cfRule of a conditionalFormatting: its range, and its XML when ours."""
    rules: list[tuple[int, int, bytes | None]] = []
    children = element.children
    for index, (name, start) in enumerate(children):
        if name != b"cfRule":
            continue
        end = children[index + 1][1] if index + 1 < len(children) else None
        stop = end if end is not None else tail.rindex(b"</", start, element.end)
        xml = tail[start:stop]
        formulas = [html.unescape(f.decode("utf-8")) for f in _FORMULA.findall(xml)]
        mine = any(HIGHLIGHT_MARK in formula for formula in formulas)
        rules.append((start, stop, xml if mine else None))
    return rules


def _read_rule(sqref: str, xml: bytes, styles: StyleBook) -> Rule:
    head = xml[: xml.index(b">")]
    formula = _FORMULA.search(xml)
    text = html.unescape(formula.group(1).decode("utf-8")) if formula else ""
    dxf = attribute(b"dxfId", head)
    colours = styles.colours_of(int(dxf)) if dxf and dxf.isdigit() else None
    priority = attribute(b"priority", head) or b"0"
    return Rule(
        sqref, condition(text), colours, int(priority) if priority.isdigit() else 0
    )


def desired_rules(highlights: list[Highlight], first_priority: int) -> list[Rule]:
    return [
        Rule(
            h.range.upper(),
            condition(h.formula),
            HIGHLIGHT_COLOURS[h.style],
            first_priority + index,
        )
        for index, h in enumerate(highlights)
    ]


def rewrite_tail(
    tail: bytes, prefix: bytes, highlights: list[Highlight], styles: StyleBook
) -> bytes | None:
    """The worksheet's XML after sheetData with goalsheet's rules as desired.

    None when the rules there already are the desired ones.
    """
    parsed = _parse(tail, styles)
    wanted = desired_rules(highlights, parsed.people_priority + 1)
    if parsed.ours == wanted:
        return None

    p = prefix
    added = b"".join(
        _rule_xml(p, rule, highlight, styles)
        for rule, highlight in zip(wanted, highlights, strict=True)
    )
    edits = [(parsed.insert_at, parsed.insert_at, added)]
    edits += [(start, end, b"") for start, end in parsed.removals]
    for start, end, replacement in sorted(edits, reverse=True):
        tail = tail[:start] + replacement + tail[end:]
    return tail


def _rule_xml(p: bytes, rule: Rule, highlight: Highlight, styles: StyleBook) -> bytes:
    fill, font = HIGHLIGHT_COLOURS[highlight.style]
    dxf = styles.dxf(fill, font)
    formula = escape(stored_formula(highlight.formula)).encode("utf-8")
    return (
        b"<"
        + p
        + b"conditionalFormatting sqref="
        + quoteattr(rule.sqref).encode()
        + b"><"
        + p
        + b'cfRule type="expression" dxfId="'
        + str(dxf).encode()
        + b'" priority="'
        + str(rule.priority).encode()
        + b'"><'
        + p
        + b"formula>"
        + formula
        + b"</"
        + p
        + b"formula></"
        + p
        + b"cfRule></"
        + p
        + b"conditionalFormatting>"
    )
