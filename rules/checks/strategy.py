"""Checks of the Strategy tab: a complete ultimate goal and 3 to 5 pillars."""

from __future__ import annotations

from collections.abc import Iterator

from rules.findings import Finding, finding
from rules.records import Kind, Workbook


def check_strategy(book: Workbook) -> Iterator[Finding]:
    tab = book.tab("Strategy")
    stated = {item.kind for item in book.strategy if item.kind and item.statement}
    missing = [
        kind
        for kind in (Kind.PURPOSE, Kind.FOR_WHOM, Kind.VISION)
        if kind not in stated
    ]
    if missing:
        column = book.column(tab, "kind")
        yield finding(
            "ultimate-goal-incomplete",
            tab=tab,
            row=None,
            column=column.header,
            letter=column.letter,
            missing=_and_list([kind.value for kind in missing]),
        )

    pillars = [item for item in book.strategy if item.kind is Kind.PILLAR]
    limits = book.settings
    if not limits.min_pillars <= len(pillars) <= limits.max_pillars:
        yield finding("pillar-count", tab=tab, row=None, count=len(pillars))

    for item in book.strategy:
        words = len(item.statement.split())
        if words > limits.max_statement_words:
            yield book.finding_at(
                "statement-too-long",
                item,
                "statement",
                value=item.statement,
                count=words,
                limit=limits.max_statement_words,
            )


def _and_list(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]
