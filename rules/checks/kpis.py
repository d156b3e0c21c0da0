"""Checks of the KPIs tab: the four questions, targets and how many per group."""

from __future__ import annotations

from collections.abc import Iterator

from rules.findings import Finding, shown_number
from rules.records import TargetType, Workbook

# The questions every KPI answers, besides its target, by field.
_QUESTIONS = {
    "priority": "key priority",
    "metric": "metric",
    "calculation": "calculation",
}


def check_kpis(book: Workbook) -> Iterator[Finding]:
    for kpi in book.kpis:
        unanswered = [field for field in _QUESTIONS if not getattr(kpi, field)]
        if unanswered:
            headers = [book.column(kpi.tab, field).header for field in unanswered]
            yield book.finding_at(
                "kpi-question-unanswered",
                kpi,
                unanswered[0],
                goal=kpi.label,
                missing=", ".join(_QUESTIONS[field] for field in unanswered),
                columns=", ".join(headers),
            )
        if kpi.target is None:
            yield book.finding_at("kpi-without-target", kpi, "target", goal=kpi.label)
        elif (
            kpi.target_type is TargetType.BETWEEN
            and kpi.upper is not None
            and kpi.upper < kpi.target
        ):
            yield book.finding_at(
                "upper-below-target",
                kpi,
                "upper",
                value=kpi.upper,
                goal=kpi.label,
                upper=shown_number(kpi.upper),
                target=shown_number(kpi.target),
            )

    yield from _check_kpi_counts(book)


def _check_kpi_counts(book: Workbook) -> Iterator[Finding]:
    """At most a handful of KPIs for the company and for each group."""
    limit = book.settings.max_kpis_per_group
    counts: dict[str, int] = {}
    for kpi in book.kpis:
        group = book.root_group if book.is_company(kpi.group) else kpi.group
        key = group.casefold()
        counts[key] = counts.get(key, 0) + 1
        if counts[key] == limit + 1:
            total = sum(1 for k in book.kpis if _same_group(book, k.group, group))
            yield book.finding_at(
                "too-many-kpis",
                kpi,
                "group",
                value=kpi.group,
                group=group,
                count=total,
                limit=limit,
            )


def _same_group(book: Workbook, group: str, other: str) -> bool:
    if book.is_company(group):
        return book.is_company(other)
    return group.casefold() == other.casefold()
