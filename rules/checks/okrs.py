"""Checks of the OKRs tab's structure: objectives, key results and alignment."""

from __future__ import annotations

from collections.abc import Iterator

from rules.findings import Finding, shown_number
from rules.records import Okr, ResultKind, Workbook
from rules.timeframes import Span, Timeframe


def check_okr_structure(book: Workbook) -> Iterator[Finding]:
    objectives = {
        okr.id.casefold(): okr for okr in book.okrs if okr.id and okr.is_objective
    }
    results = _key_results_by_objective(book)
    aligned = {okr.aligned_to.casefold() for okr in book.okrs if okr.aligned_to}
    limits = book.settings

    for okr in book.okrs:
        if okr.is_objective:
            yield from _check_objective(book, okr, results, aligned, objectives)
        else:
            yield from _check_key_result(book, okr, objectives)

    for key, children in results.items():
        parent = objectives.get(key)
        if parent is not None and len(children) > limits.max_key_results:
            yield book.finding_at(
                "too-many-key-results",
                children[limits.max_key_results],
                "objective",
                value=parent.id,
                goal=parent.label,
                count=len(children),
                limit=limits.max_key_results,
            )
    yield from _check_objective_counts(book)


def _key_results_by_objective(book: Workbook) -> dict[str, list[Okr]]:
    results: dict[str, list[Okr]] = {}
    for okr in book.okrs:
        if not okr.is_objective and okr.objective:
            results.setdefault(okr.objective.casefold(), []).append(okr)
    return results


def _check_objective(
    book: Workbook,
    okr: Okr,
    results: dict[str, list[Okr]],
    aligned: set[str],
    objectives: dict[str, Okr],
) -> Iterator[Finding]:
    key = okr.id.casefold()
    if okr.id and key not in results and key not in aligned:
        yield book.finding_at("objective-without-children", okr, "id", goal=okr.label)

    company = book.is_company(okr.group)
    if okr.timeframe is not None:
        if company and not _is_year(okr.timeframe):
            yield book.finding_at(
                "company-okr-not-annual",
                okr,
                "timeframe",
                value=okr.timeframe_text,
                goal=okr.label,
            )
        if not company and not _is_quarter(okr.timeframe):
            yield book.finding_at(
                "group-okr-not-quarterly",
                okr,
                "timeframe",
                value=okr.timeframe_text,
                goal=okr.label,
            )

    if company:
        return
    if not okr.aligned_to:
        yield book.finding_at(
            "objective-not-aligned", okr, "aligned_to", goal=okr.label
        )
    parent = objectives.get(okr.aligned_to.casefold())
    if parent is not None:
        yield from _check_within(book, okr, parent)
    if "approved" in book.columns.get(okr.tab, {}) and not okr.approved:
        yield book.finding_at("okr-not-approved", okr, "approved", goal=okr.label)


def _check_key_result(
    book: Workbook, okr: Okr, objectives: dict[str, Okr]
) -> Iterator[Finding]:
    if not okr.objective:
        yield book.finding_at(
            "key-result-without-objective", okr, "objective", goal=okr.label
        )
    if okr.result_kind is None or okr.target is None:
        yield book.finding_at("key-result-is-task", okr, "target", goal=okr.label)
    elif okr.result_kind is ResultKind.METRIC and (okr.start or 0.0) == okr.target:
        yield book.finding_at(
            "start-equals-target",
            okr,
            "start",
            value=shown_number(okr.start or 0.0),
            goal=okr.label,
        )
    parent = objectives.get(okr.objective.casefold())
    if parent is not None:
        yield from _check_within(book, okr, parent)


def _check_within(book: Workbook, child: Okr, parent: Okr) -> Iterator[Finding]:
    """A child's own timeframe lies inside its parent's."""
    if child.timeframe is None or parent.timeframe is None:
        return
    if not parent.timeframe.contains(child.timeframe):
        yield book.finding_at(
            "timeframe-outside-parent",
            child,
            "timeframe",
            value=child.timeframe_text,
            goal=child.label,
            parent=parent.label,
            parent_timeframe=parent.timeframe_text,
        )


def _check_objective_counts(book: Workbook) -> Iterator[Finding]:
    """Few objectives per group and timeframe."""
    limit = book.settings.max_objectives
    counts: dict[tuple[str, str], list[Okr]] = {}
    for okr in book.okrs:
        if not okr.is_objective:
            continue
        group = book.root_group if book.is_company(okr.group) else okr.group
        when = str(okr.timeframe) if okr.timeframe else okr.timeframe_text
        counts.setdefault((group.casefold(), when), []).append(okr)
    for objectives in counts.values():
        if len(objectives) <= limit:
            continue
        first = objectives[0]
        group = book.root_group if book.is_company(first.group) else first.group
        yield book.finding_at(
            "too-many-objectives",
            objectives[limit],
            "group",
            value=first.group,
            group=group,
            count=len(objectives),
            timeframe=first.timeframe_text or "no timeframe",
            limit=limit,
        )


def check_okr_time(book: Workbook) -> Iterator[Finding]:
    """A group with OKRs has some time for them on the Groups tab."""
    for group in book.groups or []:
        if group.okr_time is None or group.okr_time > 0:
            continue
        if any(_in_group(book, okr, group.name) for okr in book.okrs):
            yield book.finding_at(
                "okrs-without-okr-time",
                group,
                "okr_time",
                value="0",
                group=group.name,
            )


def _in_group(book: Workbook, okr: Okr, group: str) -> bool:
    """Whether an OKR is the group's; a blank Group means the root group."""
    if book.is_company(group):
        return book.is_company(okr.group)
    return okr.group.casefold() == group.casefold()


def _is_year(timeframe: Timeframe) -> bool:
    days = (timeframe.end - timeframe.start).days + 1
    return timeframe.span is Span.YEAR or 360 <= days <= 366


def _is_quarter(timeframe: Timeframe) -> bool:
    days = (timeframe.end - timeframe.start).days + 1
    return timeframe.span is Span.QUARTER or 88 <= days <= 92
