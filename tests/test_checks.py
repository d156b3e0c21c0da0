"""Every finding code, firing and quiet, through the real parse-and-evaluate pipeline.

Each case edits the clean baseline of tests/workbooks.py and names the exact
findings as (tab, cell, code). A firing case's id starts with the code it is
about; a quiet case is the near miss at the edge of the same rule.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rules.findings import KINDS, Severity
from sheets.grid import ErrorValue
from tests.workbooks import (
    ACTUALS,
    TODAY,
    Add,
    Change,
    Drop,
    Edit,
    NewColumn,
    Place,
    Rename,
    Tab,
    add,
    baseline,
    changed,
    done_key_result,
    done_objective,
    kpi,
    places,
    run,
)

D = dt.date


def words(count: int) -> str:
    return " ".join(["word"] * count)


def pillars(count: int) -> Add:
    return add(
        "Strategy",
        *({"Kind": "Pillar", "Statement": f"Extra pillar {n}"} for n in range(count)),
    )


def objectives(*ids: str, **values: object) -> Add:
    """Objectives that each have one key result already done."""
    rows = [row for goal_id in ids for row in done_objective(goal_id, **values)]
    return add("OKRs", *rows)


def actuals(*rows: list[object]) -> Tab:
    """The baseline's Actuals tab with rows added below it."""
    return Tab("Actuals", [*ACTUALS, *(list(row) for row in rows)])


def settings(*rows: list[object]) -> Tab:
    return Tab("Settings", [["Setting", "Value"], *(list(row) for row in rows)])


def case(
    case_id: str, changes: list[Change], expected: set[Place]
) -> pytest.ParameterSet:
    return pytest.param(changes, expected, id=case_id)


def quiet(case_id: str, *changes: Change) -> pytest.ParameterSet:
    return pytest.param(list(changes), id=case_id)


FIRING = [
    # Cells and columns
    case(
        "missing-column",
        [Drop("KPIs", column="KPI")],
        {("KPIs", "1", "missing-column")},
    ),
    case(
        "missing-column/settings-value",
        [Tab("Settings", [["Setting"], ["Max KPIs"]])],
        {("Settings", "1", "missing-column")},
    ),
    case(
        "duplicate-column",
        [NewColumn("KPIs", "Owner", ("Bo Chen", "Bo Chen", "Bo Chen"))],
        {("KPIs", "N1", "duplicate-column")},
    ),
    case(
        "bad-number",
        [Edit("KPIs", 2, {"Upper": "lots"})],
        {("KPIs", "K2", "bad-number")},
    ),
    case(
        "bad-number/key-result-start",
        [Edit("OKRs", 3, {"Start": "ten"})],
        {("OKRs", "L3", "bad-number")},
    ),
    case(
        "bad-number/pasted",
        [actuals(["K3", "Actual", "TBC"])],
        {("Actuals", "C6", "bad-number")},
    ),
    case(
        "ambiguous-number",
        [Edit("KPIs", 2, {"Upper": "1,200"})],
        {("KPIs", "K2", "ambiguous-number")},
    ),
    case(
        "ambiguous-number/pasted-decimal-comma",
        [actuals(), Edit("Actuals", 2, {"Apr 2026": "120,5"})],
        {("Actuals", "E2", "ambiguous-number")},
    ),
    case(
        "unknown-locale",
        [settings(["Number locale", "Klingon"])],
        {("Settings", "B2", "unknown-locale")},
    ),
    case(
        "bad-date",
        [add("Check-ins", {"Date": "last Friday", "Goal": "K1", "By": "Ana Lima"})],
        {("Check-ins", "A11", "bad-date")},
    ),
    case(
        "bad-timeframe",
        [Edit("OKRs", 6, {"Timeframe": "next quarter"})],
        {("OKRs", "I6", "bad-timeframe")},
    ),
    case(
        "unknown-choice",
        [Edit("KPIs", 2, {"Target type": "above"})],
        {("KPIs", "I2", "unknown-choice")},
    ),
    case(
        "unknown-choice/approved",
        [Edit("OKRs", 6, {"Approved": "maybe"})],
        {("OKRs", "P6", "unknown-choice"), ("OKRs", "P6", "okr-not-approved")},
    ),
    case(
        "error-value",
        [Edit("KPIs", 2, {"Current": ErrorValue("#N/A")})],
        {("KPIs", "M2", "error-value")},
    ),
    case(
        "missing-id",
        [add("KPIs", kpi("K4", ID=None))],
        {("KPIs", "A5", "missing-id")},
    ),
    case(
        "duplicate-id",
        [add("KPIs", kpi("K1"))],
        {("KPIs", "A5", "duplicate-id")},
    ),
    case(
        "duplicate-id/other-case",
        [add("KPIs", kpi("k1"))],
        {("KPIs", "A5", "duplicate-id")},
    ),
    case(
        "duplicate-id/across-tabs",
        [add("OKRs", done_key_result("K2"))],
        {("OKRs", "A10", "duplicate-id")},
    ),
    case(
        "unknown-goal",
        [Edit("Check-ins", 2, {"Goal": "K9"})],
        {("Check-ins", "B2", "unknown-goal")},
    ),
    case(
        "unknown-goal/objective",
        [Edit("OKRs", 3, {"Objective": "O9"})],
        {("OKRs", "D3", "unknown-goal")},
    ),
    case(
        "unknown-goal/aligned-to",
        [Edit("OKRs", 6, {"Aligned to": "K9"})],
        {("OKRs", "E6", "unknown-goal")},
    ),
    case(
        "unknown-person",
        [Edit("KPIs", 2, {"Lead": "Zed Zane"})],
        {("KPIs", "E2", "unknown-person")},
    ),
    case(
        "unknown-person/check-in-by",
        [Edit("Check-ins", 2, {"By": "Zed Zane"})],
        {("Check-ins", "C2", "unknown-person")},
    ),
    case(
        "unknown-person/manager",
        [Edit("People", 3, {"Manager": "Zed Zane"})],
        {("People", "C3", "unknown-person")},
    ),
    case(
        "unknown-group",
        [Edit("KPIs", 3, {"Group": "Marketing"})],
        {("KPIs", "C3", "unknown-group")},
    ),
    case(
        "unknown-group/parent",
        [Edit("Groups", 3, {"Parent": "Head office"})],
        {("Groups", "B3", "unknown-group")},
    ),
    case(
        "unknown-pillar",
        [Edit("KPIs", 2, {"Pillar": "Growth"})],
        {("KPIs", "D2", "unknown-pillar")},
    ),
    case(
        "unknown-setting",
        [Tab("Settings", [["Setting", "Value"], ["Colour", "blue"]])],
        {("Settings", "A2", "unknown-setting")},
    ),
    # Strategy
    case(
        "ultimate-goal-incomplete",
        [Edit("Strategy", 4, {"Statement": None})],
        {("Strategy", "A", "ultimate-goal-incomplete")},
    ),
    case(
        "ultimate-goal-incomplete/row-deleted",
        [Drop("Strategy", row=4)],
        {("Strategy", "A", "ultimate-goal-incomplete")},
    ),
    case(
        "pillar-count",
        [Drop("Strategy", row=7)],
        {("Strategy", "", "pillar-count")},
    ),
    case("pillar-count/six", [pillars(3)], {("Strategy", "", "pillar-count")}),
    case(
        "statement-too-long",
        [Edit("Strategy", 2, {"Statement": words(31)})],
        {("Strategy", "B2", "statement-too-long")},
    ),
    # KPIs
    case(
        "kpi-question-unanswered",
        [Edit("KPIs", 2, {"Metric": None})],
        {("KPIs", "G2", "kpi-question-unanswered")},
    ),
    case(
        "kpi-question-unanswered/all-three",
        [Edit("KPIs", 2, {"Priority": None, "Metric": None, "Calculation": " "})],
        {("KPIs", "F2", "kpi-question-unanswered")},
    ),
    case(
        "kpi-without-target",
        [Edit("KPIs", 2, {"Target": None})],
        {("KPIs", "J2", "kpi-without-target")},
    ),
    case(
        "upper-below-target",
        [Edit("KPIs", 2, {"Target type": "between", "Upper": 90.0, "Current": 100.0})],
        # Nothing lies between 100 and 90, so the KPI is also unhealthy and its
        # latest check-in has to explain itself.
        {
            ("KPIs", "K2", "upper-below-target"),
            ("Check-ins", "G2", "update-missing-why"),
        },
    ),
    case(
        "unknown-calculation",
        [Edit("KPIs", 2, {"Calculation": "median of the year"})],
        {("KPIs", "H2", "unknown-calculation")},
    ),
    case(
        "calculation-changed",
        [NewColumn("KPIs", "Check", ("✔ Value 120 | calculation: sum this month",))],
        {("KPIs", "H2", "calculation-changed")},
    ),
    case(
        "calculation-changed/spelled-differently",
        [
            Edit("KPIs", 4, {"Calculation": "sum of last 3 months"}),
            NewColumn("KPIs", "Check", (None, None, "calculation: avg last 3 months")),
        ],
        {("KPIs", "H4", "calculation-changed")},
    ),
    case(
        "too-many-kpis",
        [add("KPIs", *(kpi(f"K{n}") for n in range(4, 10)))],
        {("KPIs", "C10", "too-many-kpis")},
    ),
    case(
        "too-many-kpis/company-blank-group",
        [add("KPIs", *(kpi(f"K{n}", group=None) for n in range(4, 9)))],
        {("KPIs", "C9", "too-many-kpis")},
    ),
    # Actuals
    case(
        "unknown-kpi",
        [actuals(["Churn", "Actual", 0.1, 0.2], ["churn", "Target", 0.1])],
        {("Actuals", "A6", "unknown-kpi")},
    ),
    case(
        "duplicate-month",
        [actuals(["k1", None, 111.0, None, 121.0])],
        {("Actuals", "C6", "duplicate-month")},
    ),
    case(
        "duplicate-month/header",
        [actuals(), NewColumn("Actuals", "2026-04", (1.0,))],
        {("Actuals", "F1", "duplicate-month")},
    ),
    case(
        "bad-month",
        [actuals(), NewColumn("Actuals", "Q1 2026", (345.0,))],
        {("Actuals", "F1", "bad-month")},
    ),
    case(
        "bad-month/long",
        [
            Tab(
                "Actuals",
                [["KPI", "Month", "Actual"], ["K1", "2026-13", 1.0], ["K1", None, 2.0]],
            )
        ],
        {("Actuals", "B2", "bad-month"), ("Actuals", "B3", "bad-month")},
    ),
    case(
        "mixed-currencies",
        [actuals(), Edit("Actuals", 2, {"Feb 2026": "$110", "Mar 2026": "€115"})],
        {("Actuals", "D2", "mixed-currencies")},
    ),
    case(
        "mixed-currencies/unit",
        [
            actuals(),
            Edit("KPIs", 2, {"Unit": "EUR"}),
            Edit("Actuals", 2, {"Mar 2026": "$115"}),
        ],
        {("Actuals", "D2", "mixed-currencies")},
    ),
    # Leads
    case("no-lead", [Edit("KPIs", 2, {"Lead": None})], {("KPIs", "E2", "no-lead")}),
    case(
        "no-lead/key-result",
        [Edit("OKRs", 3, {"Lead": " "})],
        {("OKRs", "H3", "no-lead")},
    ),
    case(
        "several-leads",
        [Edit("KPIs", 2, {"Lead": "Ana Lima and Bo Chen"})],
        {("KPIs", "E2", "several-leads")},
    ),
    case(
        "several-leads/comma",
        [Edit("OKRs", 6, {"Lead": "Bo Chen, Cy Diaz"})],
        {("OKRs", "H6", "several-leads")},
    ),
    case(
        "several-leads/slash",
        [Edit("KPIs", 3, {"Lead": "bo@example.com / cy@example.com"})],
        {("KPIs", "E3", "several-leads")},
    ),
    # OKRs
    case(
        "key-result-without-objective",
        [Edit("OKRs", 5, {"Objective": None})],
        {("OKRs", "D5", "key-result-without-objective")},
    ),
    case(
        "objective-without-children",
        [add("OKRs", done_objective("O3")[0])],
        {("OKRs", "A10", "objective-without-children")},
    ),
    case(
        "too-many-key-results",
        [add("OKRs", *(done_key_result(f"KR1.{n}") for n in (4, 5, 6)))],
        {("OKRs", "D12", "too-many-key-results")},
    ),
    case(
        "key-result-is-task",
        [Edit("OKRs", 4, {"Target": None})],
        {("OKRs", "M4", "key-result-is-task")},
    ),
    case(
        "key-result-is-task/words",
        [Edit("OKRs", 9, {"Target": "Write the playbook"})],
        {("OKRs", "M9", "bad-number"), ("OKRs", "M9", "key-result-is-task")},
    ),
    case(
        "start-equals-target",
        [Edit("OKRs", 7, {"Start": 60.0})],
        {("OKRs", "L7", "start-equals-target")},
    ),
    case(
        "start-equals-target/no-start-zero-target",
        [Edit("OKRs", 7, {"Start": None, "Target": 0.0})],
        {("OKRs", "L7", "start-equals-target")},
    ),
    case(
        "company-okr-not-annual",
        [Edit("OKRs", 2, {"Timeframe": "2026-Q2"})],
        {("OKRs", "I2", "company-okr-not-annual")},
    ),
    case(
        "group-okr-not-quarterly",
        [Edit("OKRs", 6, {"Timeframe": "2026"})],
        {("OKRs", "I6", "group-okr-not-quarterly")},
    ),
    case(
        "group-okr-not-quarterly/month",
        [Edit("OKRs", 6, {"Timeframe": "2026-05"})],
        {("OKRs", "I6", "group-okr-not-quarterly")},
    ),
    case(
        "objective-not-aligned",
        [Edit("OKRs", 6, {"Aligned to": None})],
        {("OKRs", "E6", "objective-not-aligned")},
    ),
    case(
        "alignment-cycle",
        [Edit("OKRs", 2, {"Aligned to": "O2"})],
        {("OKRs", "E2", "alignment-cycle")},
    ),
    case(
        "alignment-cycle/self",
        [Edit("OKRs", 6, {"Aligned to": "o2"})],
        {("OKRs", "E6", "alignment-cycle")},
    ),
    case(
        "timeframe-outside-parent",
        [Edit("OKRs", 6, {"Timeframe": "2027-Q1"})],
        {("OKRs", "I6", "timeframe-outside-parent")},
    ),
    case(
        "timeframe-outside-parent/key-result",
        [Edit("OKRs", 3, {"Timeframe": "2027-01"})],
        {("OKRs", "I3", "timeframe-outside-parent")},
    ),
    case(
        "too-many-objectives",
        [objectives("O3", "O4", "O5", "O6", "O7")],
        {("OKRs", "F18", "too-many-objectives")},
    ),
    case(
        "okrs-without-okr-time",
        [Edit("Groups", 3, {"OKR time": 0.0})],
        {("Groups", "D3", "okrs-without-okr-time")},
    ),
    case(
        "okrs-without-okr-time/company-blank-group",
        [Edit("Groups", 2, {"OKR time": "0%"}), Edit("OKRs", 2, {"Group": None})],
        {("Groups", "D2", "okrs-without-okr-time")},
    ),
    case(
        "past-timeframe-open",
        [objectives("O3", group="Sales", timeframe="2026-Q1", Status="on track")],
        {("OKRs", "O10", "past-timeframe-open")},
    ),
    case(
        "past-timeframe-open/ended-yesterday",
        [
            objectives(
                "O3",
                group="Sales",
                timeframe="2026-02-13..2026-05-14",
                Status="on track",
            )
        ],
        {("OKRs", "O10", "past-timeframe-open")},
    ),
    case(
        "status-disagrees",
        # 134 of 2026's 365 days are gone: 37% expected, 6% done is off track.
        [Edit("OKRs", 3, {"Current": 6.0})],
        {("OKRs", "O3", "status-disagrees")},
    ),
    case(
        "status-disagrees/accomplished-too-soon",
        [Edit("OKRs", 3, {"Status": "Accomplished"})],
        {("OKRs", "O3", "status-disagrees")},
    ),
    case(
        "okr-not-approved",
        [Edit("OKRs", 6, {"Approved": "no"})],
        {("OKRs", "P6", "okr-not-approved")},
    ),
    case(
        "okr-not-approved/blank",
        [Edit("OKRs", 6, {"Approved": None})],
        {("OKRs", "P6", "okr-not-approved")},
    ),
    # Check-ins: a key result is due weekly, overdue after 7 + 2 days
    case(
        "check-in-overdue",
        [Edit("Check-ins", 5, {"Date": D(2026, 5, 5)})],
        {("OKRs", "H3", "check-in-overdue")},
    ),
    case(
        "check-in-overdue/kpi",
        [Edit("Check-ins", 2, {"Date": D(2026, 4, 12)})],
        {("KPIs", "E2", "check-in-overdue")},
    ),
    case(
        "check-in-overdue/not-yet-stale",
        [Edit("Check-ins", 5, {"Date": D(2026, 4, 22)})],
        {("OKRs", "H3", "check-in-overdue")},
    ),
    case(
        "check-in-stale",
        [Edit("Check-ins", 5, {"Date": D(2026, 4, 21)})],
        {("OKRs", "H3", "check-in-stale")},
    ),
    case(
        "check-in-stale/never-checked-in",
        [Drop("Check-ins", row=5)],
        {("OKRs", "H3", "check-in-stale")},
    ),
    case(
        "update-missing-why",
        [Edit("Check-ins", 5, {"Status": "off track"})],
        {("Check-ins", "G5", "update-missing-why")},
    ),
    case(
        "update-missing-why/help-only",
        [
            Edit(
                "Check-ins",
                5,
                {"Status": "Off-track", "Why": "Churn", "Plan": "Call them"},
            )
        ],
        {("Check-ins", "I5", "update-missing-why")},
    ),
    case(
        "update-missing-why/unhealthy-kpi",
        [Edit("KPIs", 2, {"Current": 80.0})],
        {("Check-ins", "G2", "update-missing-why")},
    ),
    case(
        "unknown-mention",
        [Edit("Check-ins", 8, {"Note": "Thanks @Zed for the intros"})],
        {("Check-ins", "J8", "unknown-mention")},
    ),
    case(
        "unknown-mention/first-name-only",
        [Edit("Check-ins", 8, {"Note": "Thanks @Bo for the intros"})],
        {("Check-ins", "J8", "unknown-mention")},
    ),
]

QUIET = [
    # Cells and columns
    quiet("missing-column", Rename("KPIs", "KPI", "Name")),
    quiet("duplicate-column", NewColumn("KPIs", "Lead note", ("Back in May",))),
    quiet("bad-number", Edit("KPIs", 2, {"Upper": "1,200,000"})),
    quiet(
        "bad-number/pasted-accounting",
        actuals(["K3", "Target", "-", "2.0%"]),
        Edit("Actuals", 2, {"Feb 2026": " $ (1,000.00) "}),
    ),
    quiet(
        "ambiguous-number",
        settings(["Number locale", "en"]),
        Edit("KPIs", 2, {"Upper": "1,200"}),
    ),
    quiet(
        "ambiguous-number/pasted-with-locale",
        settings(["Number locale", "de"]),
        Edit("OKRs", 5, {"Target": ">= 99,5%"}),
        actuals(),
        Edit("Actuals", 2, {"Apr 2026": "120,5"}),
    ),
    quiet("unknown-locale", settings(["Locale", "EN_us"])),
    quiet("bad-number/percent", Edit("OKRs", 3, {"Current": " 40 "})),
    quiet(
        "bad-date",
        add("Check-ins", {"Date": "14 May 2026", "Goal": "K1", "By": "Ana Lima"}),
    ),
    quiet("bad-timeframe", Edit("OKRs", 6, {"Timeframe": "Q2 2026"})),
    quiet("unknown-choice", Edit("KPIs", 2, {"Target type": "At-Least"})),
    quiet(
        "error-value",
        NewColumn("KPIs", "Lookup", (ErrorValue("#REF!"),) * 3),
        NewColumn("KPIs", "Health", (ErrorValue("#N/A"),) * 3),
    ),
    quiet("missing-id", add("KPIs", kpi("K4"))),
    quiet("duplicate-id", add("KPIs", kpi("K10"))),
    quiet("unknown-goal", Edit("Check-ins", 2, {"Goal": " k1 "})),
    quiet("unknown-goal/aligned-to-kpi", Edit("OKRs", 6, {"Aligned to": "K2"})),
    quiet("unknown-person", Edit("KPIs", 2, {"Lead": "BO@example.com"})),
    quiet(
        "unknown-person/no-people-tab",
        Drop("People"),
        Edit("KPIs", 2, {"Lead": "Zed Zane"}),
    ),
    quiet("unknown-group", Edit("KPIs", 3, {"Group": "sales"})),
    quiet(
        "unknown-group/no-groups-tab",
        Drop("Groups"),
        Edit("KPIs", 3, {"Group": "Marketing"}),
    ),
    quiet("unknown-pillar", Edit("KPIs", 2, {"Pillar": "REACH"})),
    quiet(
        "unknown-pillar/full-statement",
        Edit("KPIs", 2, {"Pillar": "Reach: every sales channel from one place"}),
    ),
    quiet("unknown-setting", Tab("Settings", [["Setting", "Value"], ["Max KPIs", 7]])),
    # Strategy
    quiet("ultimate-goal-incomplete", Edit("Strategy", 4, {"Kind": "VISION"})),
    quiet("pillar-count", pillars(2)),
    quiet("statement-too-long", Edit("Strategy", 2, {"Statement": words(30)})),
    # KPIs
    quiet("kpi-question-unanswered", Rename("KPIs", "Priority", "Key priority")),
    quiet("kpi-without-target", Edit("KPIs", 2, {"Target": 0.0})),
    quiet(
        "upper-below-target",
        Edit("KPIs", 2, {"Target type": "between", "Upper": 100.0, "Current": 100.0}),
    ),
    quiet("too-many-kpis", add("KPIs", *(kpi(f"K{n}") for n in range(4, 9)))),
    quiet(
        "unknown-calculation", Edit("KPIs", 4, {"Calculation": "Avg. last 3 months"})
    ),
    quiet(
        "calculation-changed",
        Edit("KPIs", 2, {"Calculation": "Latest value"}),
        NewColumn("KPIs", "Check", ("⚠ Something | Calculation: latest",)),
    ),
    quiet("calculation-changed/never-synced", NewColumn("KPIs", "Check", ("✔",))),
    # Actuals
    quiet("unknown-kpi", actuals(["  DEMO calls ", "Target", 40.0])),
    quiet("duplicate-month", actuals(["K3", "Target", 0.02, 0.02, 0.02])),
    quiet("bad-month", actuals(), NewColumn("Actuals", "Source", ("ERP export",))),
    quiet(
        "bad-month/long",
        Tab("Actuals", [["KPI", "Month", "Actual"], ["K1", "Apr 2026", 120.0]]),
    ),
    quiet(
        "mixed-currencies",
        actuals(),
        Edit("Actuals", 2, {"Feb 2026": "$110", "Mar 2026": "USD 115"}),
    ),
    # Leads
    quiet("no-lead", Rename("KPIs", "Lead", "Owner")),
    quiet(
        "several-leads",
        add("People", {"Name": "Sandy Anderson", "Manager": "Ana Lima"}),
        Edit("KPIs", 2, {"Lead": "Sandy Anderson"}),
    ),
    # OKRs
    quiet("key-result-without-objective", Edit("OKRs", 5, {"Objective": "o1"})),
    quiet(
        "objective-without-children",
        add("OKRs", done_objective("O3")[0]),
        Edit("OKRs", 6, {"Aligned to": "O3"}),
    ),
    quiet(
        "too-many-key-results",
        add("OKRs", *(done_key_result(f"KR1.{n}") for n in (4, 5))),
    ),
    quiet("key-result-is-task", add("OKRs", done_key_result("KR1.4"))),
    quiet("key-result-is-task/threshold", Edit("OKRs", 9, {"Target": "at most 2"})),
    quiet("start-equals-target", Edit("OKRs", 7, {"Start": 59.0})),
    quiet(
        "start-equals-target/binary",
        Edit("OKRs", 7, {"Start": None, "Target": 1.0}),
    ),
    quiet(
        "company-okr-not-annual",
        Edit("OKRs", 2, {"Timeframe": "2026-01-01..2026-12-31"}),
    ),
    quiet(
        "group-okr-not-quarterly",
        Edit("OKRs", 6, {"Timeframe": "2026-04-01..2026-06-30"}),
    ),
    quiet("objective-not-aligned", Edit("OKRs", 6, {"Aligned to": "K2"})),
    quiet(
        "alignment-cycle",
        objectives("O3", group="Sales", timeframe="2026-Q2", **{"Aligned to": "O2"}),
    ),
    quiet("timeframe-outside-parent", Edit("OKRs", 6, {"Timeframe": "2026-Q4"})),
    quiet("too-many-objectives", objectives("O3", "O4", "O5", "O6")),
    quiet("okrs-without-okr-time", Edit("Groups", 3, {"OKR time": "5%"})),
    quiet(
        "okrs-without-okr-time/unknown",
        Edit("Groups", 3, {"OKR time": None}),
    ),
    quiet(
        "past-timeframe-open",
        objectives("O3", group="Sales", timeframe="2026-Q1", Status="accomplished"),
    ),
    # Its only key result is done, so the objective is accomplished by its numbers.
    quiet(
        "past-timeframe-open/numbers-say-accomplished",
        objectives("O3", group="Sales", timeframe="2026-Q1"),
    ),
    quiet(
        "past-timeframe-open/ends-today",
        objectives("O3", group="Sales", timeframe="2026-02-14..2026-05-15"),
    ),
    # 7% done against 37% expected needs attention: not far enough from on track.
    quiet("status-disagrees", Edit("OKRs", 3, {"Current": 7.0})),
    quiet("okr-not-approved", Edit("OKRs", 2, {"Approved": None})),
    quiet("okr-not-approved/no-column", Drop("OKRs", column="Approved")),
    # Check-ins
    quiet("check-in-overdue", Edit("Check-ins", 5, {"Date": D(2026, 5, 6)})),
    quiet("check-in-overdue/kpi", Edit("Check-ins", 2, {"Date": D(2026, 4, 13)})),
    quiet("check-in-overdue/kpi-never-checked-in", Drop("Check-ins", row=2)),
    quiet(
        "check-in-stale",
        # KR1.3 has met its threshold: accomplished goals need no check-ins.
        Edit("Check-ins", 7, {"Date": D(2026, 1, 10)}),
    ),
    quiet(
        "update-missing-why",
        Edit(
            "Check-ins",
            5,
            {
                "Status": "off track",
                "Why": "Two large shops churned",
                "Plan": "Win them back with the new checkout",
                "Help": "@Bo Chen to share the demo script",
            },
        ),
    ),
    quiet(
        "update-missing-why/superseded",
        add(
            "Check-ins",
            {"Date": D(2026, 5, 4), "Goal": "KR1.1", "Status": "off track"},
        ),
    ),
    quiet("update-missing-why/kpi-at-target", Edit("KPIs", 2, {"Current": 100.0})),
    quiet(
        "unknown-mention",
        Edit("Check-ins", 8, {"Note": "Thanks @Bo Chen, and @di@example.com."}),
    ),
    quiet(
        "unknown-mention/plain-email",
        Edit("Check-ins", 8, {"Note": "Invoice sent to billing@acme.example"}),
    ),
    quiet(
        "unknown-mention/no-people-tab",
        Drop("People"),
        Edit("Check-ins", 8, {"Note": "Thanks @Zed"}),
    ),
]


def test_baseline_has_no_findings() -> None:
    assert places(run(baseline())) == set()


@pytest.mark.parametrize(("changes", "expected"), FIRING)
def test_finding_fires_on_edit(changes: list[Change], expected: set[Place]) -> None:
    assert places(run(changed(*changes))) == expected


@pytest.mark.parametrize("changes", QUIET)
def test_finding_quiet_at_edge(changes: list[Change]) -> None:
    assert places(run(changed(*changes))) == set()


def _code(case: pytest.ParameterSet) -> str:
    assert case.id is not None
    return case.id.split("/")[0]


@pytest.mark.parametrize(
    "cases", [pytest.param(FIRING, id="firing"), pytest.param(QUIET, id="quiet")]
)
def test_cases_cover_every_code(cases: list[pytest.ParameterSet]) -> None:
    assert {_code(case) for case in cases} == set(KINDS)


def test_cases_firing_expect_their_code() -> None:
    strays = [
        case.id
        for case in FIRING
        if _code(case) not in {code for _, _, code in case.values[1]}
    ]
    assert strays == []


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        pytest.param(
            [add("KPIs", *(kpi(f"K{n}") for n in range(4, 10)))],
            "too-many-kpis",
            "Sales has 7 KPIs; keep at most 6 so each one gets attention.",
            id="too-many-kpis",
        ),
        pytest.param(
            [Edit("KPIs", 2, {"Lead": "Ana Lima and Bo Chen"})],
            "several-leads",
            "K1 names 2 leads (Ana Lima and Bo Chen); a goal has exactly one lead.",
            id="several-leads",
        ),
        pytest.param(
            [add("OKRs", done_key_result("K2"))],
            "duplicate-id",
            "ID 'K2' is also used on the KPIs tab, row 3; give each goal its own ID.",
            id="duplicate-id",
        ),
        pytest.param(
            [Edit("Check-ins", 5, {"Date": D(2026, 5, 5)})],
            "check-in-overdue",
            "KR1.1 has had no check-in since 2026-05-05; its lead checks in "
            "every 7 days.",
            id="check-in-overdue",
        ),
        pytest.param(
            [Edit("OKRs", 3, {"Current": 6.0})],
            "status-disagrees",
            "KR1.1 is marked on track but its numbers say off track "
            "(6% done, 37% expected by now).",
            id="status-disagrees",
        ),
        pytest.param(
            [Edit("Check-ins", 5, {"Status": "off track", "Why": "Churn"})],
            "update-missing-why",
            "This update on KR1.1 (off track) does not say the plan or how "
            "others can help. Explain why, the plan and how others can help.",
            id="update-missing-why",
        ),
        pytest.param(
            [Edit("Check-ins", 8, {"Note": "Thanks @Zed for the intros"})],
            "unknown-mention",
            "@Zed is not on the People tab; @mention people by their name or e-mail.",
            id="unknown-mention",
        ),
        pytest.param(
            [Edit("KPIs", 2, {"Upper": "1,200"})],
            "ambiguous-number",
            "Upper: '1,200' could be 1200 (with , separating thousands) or 1.200 "
            "(with , as a decimal comma); set Number locale on the Settings tab, "
            "for example to en or de.",
            id="ambiguous-number",
        ),
        pytest.param(
            [actuals(["Churn", "Actual", 0.1, 0.2], ["churn", "Target", 0.1])],
            "unknown-kpi",
            "KPI 'Churn' is not on the KPIs tab, so goalsheet ignores the 2 rows "
            "that name it. Use the ID or the name of a KPI.",
            id="unknown-kpi",
        ),
        pytest.param(
            [actuals(), NewColumn("Actuals", "Q1 2026", (345.0,))],
            "bad-month",
            "'Q1 2026' is not a month, so goalsheet ignores this column. Write a "
            "month as 2026-01, Jan 2026, January 2026, Jan-26, 01/2026 or a date.",
            id="bad-month",
        ),
        pytest.param(
            [actuals(), Edit("Actuals", 2, {"Feb 2026": "$110", "Mar 2026": "€115"})],
            "mixed-currencies",
            "KPI K1 has numbers in EUR and USD; goalsheet does not convert "
            "currencies, so they are used as typed. Paste every month in USD.",
            id="mixed-currencies",
        ),
        pytest.param(
            [Edit("KPIs", 2, {"Calculation": "median"})],
            "unknown-calculation",
            "Calculation 'median' of KPI K1 is not one goalsheet can compute, so "
            "its value comes from Current or the latest check-in. Use one of: "
            "latest, sum this month, sum this quarter, sum this year, average of "
            "last N months or sum of last N months (such as average of last 3 "
            "months).",
            id="unknown-calculation",
        ),
        pytest.param(
            [NewColumn("KPIs", "Check", ("✔ | calculation: sum this month",))],
            "calculation-changed",
            "KPI K1 was calculated as 'sum this month' at the last sync and now as "
            "'latest', so its history is no longer comparable. Change it back, or "
            "keep it knowing that older values were computed another way.",
            id="calculation-changed",
        ),
        pytest.param(
            [Drop("Strategy", row=4), Drop("Strategy", row=2)],
            "ultimate-goal-incomplete",
            "The ultimate goal has no purpose or vision. Add a row of that Kind "
            "with its statement.",
            id="ultimate-goal-incomplete",
        ),
    ],
)
def test_finding_message_names_the_facts(
    changes: list[Change], code: str, message: str
) -> None:
    found = [f for f in run(changed(*changes)) if f.code == code]
    assert [f.message for f in found] == [message]


def test_finding_severity_follows_its_kind() -> None:
    findings = run(
        changed(
            Edit("OKRs", 6, {"Approved": "no"}),
            Edit("KPIs", 2, {"Lead": "Zed Zane"}),
            Edit("Check-ins", 2, {"Goal": "K9"}),
        )
    )
    assert {(f.code, f.severity) for f in findings} == {
        ("okr-not-approved", Severity.INFO),
        ("unknown-person", Severity.WARNING),
        ("unknown-goal", Severity.ERROR),
    }


def test_findings_sorted_by_tab_then_row() -> None:
    findings = run(
        changed(
            Edit("Check-ins", 2, {"Goal": "K9"}),
            Edit("OKRs", 6, {"Approved": "no"}),
            Edit("KPIs", 3, {"Lead": None}),
            Edit("KPIs", 2, {"Pillar": "Growth"}),
        )
    )
    assert [(f.tab, f.cell) for f in findings] == [
        ("KPIs", "D2"),
        ("KPIs", "E3"),
        ("OKRs", "P6"),
        ("Check-ins", "B2"),
    ]


def test_today_moves_the_cadence() -> None:
    later = TODAY + dt.timedelta(days=30)
    assert ("OKRs", "H3", "check-in-stale") in places(run(baseline(), later))
