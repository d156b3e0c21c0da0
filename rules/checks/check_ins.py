"""Checks of the check-ins: on time, explained when off track, known @mentions."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rules.cadence import Cadence, CadenceState, latest_check_ins
from rules.findings import Finding
from rules.progress import match_key
from rules.records import Status, Workbook

# An @ inside a word, as in a plain e-mail address, starts no mention.
_MENTION = re.compile(
    r"(?<![\w.+-])@" r"([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?(?:[ \t]+\w+)*)"
)
# The most words a person's name is looked for in after an @.
_NAME_WORDS = 4
_EXPLANATIONS = {"why": "why", "plan": "the plan", "help": "how others can help"}


def check_cadence(
    book: Workbook, cadences: dict[str, Cadence], closed: set[str]
) -> Iterator[Finding]:
    """Goals whose lead has not checked in for more than a cadence.

    `closed` holds the keys of goals that need no more check-ins.
    """
    for goal in book.goals():
        key = match_key(goal.id)
        cadence = cadences.get(key)
        if cadence is None or key in closed or cadence.days is None:
            continue
        if cadence.state not in (CadenceState.OVERDUE, CadenceState.STALE):
            continue
        since = "its timeframe began"
        if cadence.last is not None and cadence.last.date is not None:
            since = cadence.last.date.isoformat()
        code = (
            "check-in-stale"
            if cadence.state is CadenceState.STALE
            else ("check-in-overdue")
        )
        yield book.finding_at(
            code,
            goal,
            "lead",
            value=goal.lead,
            goal=goal.label,
            since=since,
            cadence=cadence.days,
        )


def check_explanations(book: Workbook, unhealthy: set[str]) -> Iterator[Finding]:
    """The latest update on an off-track goal or unhealthy KPI explains itself.

    `unhealthy` holds the keys of KPIs whose health is unhealthy.
    """
    for key, check_in in latest_check_ins(book.check_ins).items():
        if check_in.status is Status.OFF_TRACK:
            reason = "off track"
        elif key in unhealthy:
            reason = "the KPI is unhealthy"
        else:
            continue
        missing = [field for field in _EXPLANATIONS if not getattr(check_in, field)]
        if missing:
            yield book.finding_at(
                "update-missing-why",
                check_in,
                missing[0],
                goal=check_in.goal,
                reason=reason,
                missing=" or ".join(_EXPLANATIONS[field] for field in missing),
            )


def check_mentions(book: Workbook) -> Iterator[Finding]:
    """Every @mention in an update names someone on the People tab."""
    if book.people is None:
        return
    names = {
        " ".join(text.casefold().split())
        for person in book.people
        for text in (person.name, person.email)
        if text.strip()
    }
    for check_in in book.check_ins:
        for field in ("why", "plan", "help", "note"):
            for mention in _unknown_mentions(getattr(check_in, field), names):
                yield book.finding_at("unknown-mention", check_in, field, value=mention)


def _unknown_mentions(text: str, names: set[str]) -> Iterator[str]:
    """Mentions whose first few words are no known name or e-mail."""
    if "@" not in text:
        return
    for match in _MENTION.finditer(text):
        words = match[1].casefold().split()
        prefixes = (" ".join(words[:size]) for size in range(1, _NAME_WORDS + 1))
        if not any(prefix in names for prefix in prefixes):
            yield "@" + match[1].split()[0]
