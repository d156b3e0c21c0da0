"""Checks that names and IDs point at something: goals, people, groups, pillars."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rules.findings import Finding
from rules.records import Kpi, Okr, Record, Workbook

_LEAD_SEPARATORS = re.compile(r"\s*(?:[,;&/+]|\band\b)\s*", re.IGNORECASE)


def split_leads(text: str) -> list[str]:
    """The people a Lead cell names: "Ana, Bo" and "Ana and Bo" name two."""
    return [name for name in _LEAD_SEPARATORS.split(text.strip()) if name]


def check_leads(book: Workbook) -> Iterator[Finding]:
    """Every goal has exactly one lead."""
    for goal in book.goals():
        leads = split_leads(goal.lead)
        if not leads:
            yield book.finding_at("no-lead", goal, "lead", goal=goal.label)
        elif len(leads) > 1:
            yield book.finding_at(
                "several-leads",
                goal,
                "lead",
                value=goal.lead,
                goal=goal.label,
                count=len(leads),
            )


def check_ids(book: Workbook) -> Iterator[Finding]:
    """Goal IDs are present and unique across the KPIs and OKRs tabs."""
    seen: dict[str, Record] = {}
    for goal in book.goals():
        if not goal.id:
            yield book.finding_at(
                "missing-id", goal, "id", suggestion=suggest_id(book, goal)
            )
            continue
        key = goal.id.casefold()
        first = seen.get(key)
        if first is None:
            seen[key] = goal
            continue
        other = f"row {first.row}"
        if first.tab != goal.tab:
            other = f"the {first.tab} tab, row {first.row}"
        yield book.finding_at("duplicate-id", goal, "id", value=goal.id, other=other)


def suggest_id(book: Workbook, goal: Kpi | Okr) -> str:
    """A fresh ID in the workbook's own style: K7, O4 or KR2.3."""
    taken = {g.id.casefold() for g in book.goals() if g.id}
    if isinstance(goal, Kpi):
        prefix = "K"
    elif goal.is_objective:
        prefix = "O"
    else:
        parent = goal.objective.removeprefix("O").removeprefix("o")
        prefix = f"KR{parent}." if parent else "KR"
    number = 1
    while f"{prefix}{number}".casefold() in taken:
        number += 1
    return f"{prefix}{number}"


def goal_ids(book: Workbook) -> set[str]:
    return {goal.id.casefold() for goal in book.goals() if goal.id}


def check_goal_references(book: Workbook) -> Iterator[Finding]:
    """Objective, Aligned to and a check-in's Goal name existing goals."""
    objectives = {okr.id.casefold() for okr in book.okrs if okr.id and okr.is_objective}
    kpis = {kpi.id.casefold() for kpi in book.kpis if kpi.id}
    for okr in book.okrs:
        if okr.objective and okr.objective.casefold() not in objectives:
            yield book.finding_at("unknown-goal", okr, "objective", value=okr.objective)
        aligned = okr.aligned_to.casefold()
        if aligned and aligned not in objectives and aligned not in kpis:
            yield book.finding_at(
                "unknown-goal", okr, "aligned_to", value=okr.aligned_to
            )

    known = goal_ids(book)
    for check_in in book.check_ins:
        if check_in.goal and check_in.goal.casefold() not in known:
            yield book.finding_at("unknown-goal", check_in, "goal", value=check_in.goal)


def check_people_references(book: Workbook) -> Iterator[Finding]:
    """Leads, authors and managers are on the People tab, when there is one."""
    if book.people is None:
        return
    known = person_keys(book)
    named: list[tuple[Record, str, str]] = []
    for leads in (book.goals(), book.strategy, book.groups or []):
        named += [(record, "lead", record.lead) for record in leads]
    named += [(check_in, "by", check_in.by) for check_in in book.check_ins]
    named += [(person, "manager", person.manager) for person in book.people]
    for record, field, text in named:
        for name in split_leads(text):
            if name.casefold() not in known:
                yield book.finding_at("unknown-person", record, field, value=name)


def person_keys(book: Workbook) -> set[str]:
    """Every casefolded way a person may be named: full name, e-mail."""
    keys: set[str] = set()
    for person in book.people or []:
        for text in (person.name, person.email):
            if text:
                keys.add(text.casefold())
    return keys


def check_group_references(book: Workbook) -> Iterator[Finding]:
    """Groups named on other tabs exist on the Groups tab, when there is one."""
    if book.groups is None:
        return
    known = {group.name.casefold() for group in book.groups if group.name}
    known.add(book.root_group.casefold())
    named: list[tuple[Record, str]] = []
    named += [(goal, goal.group) for goal in book.goals()]
    named += [(person, person.group) for person in book.people or []]
    for record, name in named:
        if name and name.casefold() not in known:
            yield book.finding_at("unknown-group", record, "group", value=name)
    for group in book.groups:
        if group.parent and group.parent.casefold() not in known:
            yield book.finding_at("unknown-group", group, "parent", value=group.parent)


def check_pillar_references(book: Workbook) -> Iterator[Finding]:
    """Pillars named on the KPIs and OKRs tabs are pillars of the strategy."""
    names = book.pillar_names()
    choices = _choices(sorted(set(names.values())))
    for goal in book.goals():
        if goal.pillar and goal.pillar.casefold() not in names:
            yield book.finding_at(
                "unknown-pillar", goal, "pillar", value=goal.pillar, choices=choices
            )


def _choices(names: list[str]) -> str:
    return ", ".join(names) if names else "(none yet: add Pillar rows)"
