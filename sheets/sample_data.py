"""The rows of the sample story, tab by tab, laid out like the tabs themselves.

The story is a SaaS analytics company, Lumen Analytics, in May 2026. It has
findings to show on purpose: a pillar statement too long to recite, a sales
team with seven KPIs, a KPI with two leads, a key result that is a task, a
support lead calling off-track numbers "on track", an update that asks for no
help, an @mention of someone not on the People tab, a stale key result and an
objective from last quarter still open. Finance pasted fifteen months of
actuals, the revenue block straight from the accounting system, with April's
expansion revenue still "TBC".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sheets import schema
from sheets.schema import TabSpec

Row = Sequence[Any]

FRIDAY = dt.date(2026, 5, 8)
# The months of the Actuals tab: fifteen, up to the last one closed.
MONTHS = [
    dt.date(2025 + (month - 1) // 12, (month - 1) % 12 + 1, 1) for month in range(2, 17)
]


def _okr(id_: str | None, kind: str, title: str, **cells: Any) -> Row:
    """An OKRs row from cells named like its headers; cells not given stay blank."""
    values = {"ID": id_, "Type": kind, "Title": title, **cells}
    return tuple(
        values.get(header.replace(" ", "_").lower(), values.get(header))
        for header in OKR_HEADERS
    )


def _weekly(
    goal: str,
    by: str,
    values: Sequence[float | str],
    last: dt.date,
    status: str = "on track",
) -> list[Row]:
    """Weekly check-ins ending on `last`, one per value, oldest first, no notes."""
    first = last - dt.timedelta(weeks=len(values) - 1)
    return [
        (first + dt.timedelta(weeks=week), goal, by, value, status, 0.7) + (None,) * 4
        for week, value in enumerate(values)
    ]


def _dollars(*amounts: float | str | None) -> list[str | None]:
    """Amounts as the accounting system pastes them: "$ 1,152,000.00", "$ -"."""
    return [_dollar(amount) for amount in amounts]


def _dollar(amount: float | str | None) -> str | None:
    if not isinstance(amount, int | float):
        return amount
    return f"$ {amount:,.2f}" if amount else "$ -"


# fmt: off
STRATEGY_HEADERS = ("Kind", "Statement", "Lead")
STRATEGY_ROWS: list[Row] = [
    ("Purpose", "Help SaaS businesses know their customers", "Dana Reyes"),
    ("For whom", "Product and growth teams at SaaS companies of 10 to 500 people",
     "Dana Reyes"),
    ("Vision", "By 2028, 5,000 SaaS teams answer any customer question in a minute",
     "Dana Reyes"),
    ("Pillar", "Speed: the fastest analysis for every user", "Leo Martin"),
    ("Pillar", "Self-serve: at every stage of the customer journey", "Mia Chen"),
    ("Pillar", "Trust: data and support our customers can rely on, every day of "
               "the year, in every time zone, whatever plan they are on and however "
               "they reach us, by chat, by e-mail or in the product",
     "Priya Nair"),
]

KPI_HEADERS = (
    "ID", "KPI", "Group", "Pillar", "Lead",
    "Priority", "Metric",
    "Calculation", "Target type", "Target", "Upper", "Unit", "Current",
)
KPI_ROWS: list[Row] = [
    ("K1", "Monthly recurring revenue", "Company", "Self-serve", "Dana Reyes",
     "Grow revenue", "MRR at month end",
     "latest", "at least", 1_100_000, None, "USD", 1_152_000),
    ("K2", "Net revenue retention", "Company", "Trust", "Tom Berg",
     "Keep customers growing", "NRR, trailing 12 months",
     "latest", "at least", 1.05, None, "%", 1.08),
    ("K3", "Marketing-qualified leads", "Marketing", "Self-serve", "Mia Chen",
     "Fill the funnel", "New MQLs",
     "sum this quarter", "increase to", 500, None, "leads", 460),
    ("K4", "Customer satisfaction (CSAT)", "Support", "Trust", "Priya Nair",
     "Happy customers", "Share of 4-5 star ratings",
     "average of last 3 months", "at least", 0.95, None, "%", 0.89),
    ("K5", "First response time", "Support", "Speed", "Ben Cole",
     "Fast answers", "Median hours to first reply",
     "average of last 3 months", "at most", 4, None, "hours", 3.5),
    ("K6", "New ARR booked", "Sales", "Self-serve", "Sam Okafor",
     "Grow revenue", "ARR of deals closed in the month",
     "sum this month", "at least", 250_000, None, "USD", 270_000),
    ("K7", "Win rate", "Sales", "Self-serve", "Ava Ross",
     "Close well", "Won / (won + lost) deals",
     "average of last 3 months", "between", 0.25, 0.40, "%", 0.31),
    ("K8", "Sales cycle length", "Sales", "Speed", "Sam Okafor",
     "Close fast", "Median days from first call to signature",
     "average of last 3 months", "decrease to", 30, None, "days", 34),
    ("K9", "Pipeline coverage", "Sales", "Self-serve", "Sam Okafor, Ava Ross",
     "Enough pipeline", "Open pipeline / quarterly quota",
     "latest", "at least", 3, None, "x", 3.2),
    ("K10", "Demo-to-trial conversion", "Sales", "Self-serve", "Ava Ross",
     "Close well", "Trials started / demos held",
     "average of last 3 months", "at least", 0.35, None, "%", 0.38),
    ("K11", "Average deal size", "Sales", "Self-serve", "Sam Okafor",
     "Grow revenue", "ARR per new deal",
     "average of last 3 months", "at least", 18_000, None, "USD", 19_400),
    ("K12", "Expansion revenue", "Sales", "Self-serve", "Ava Ross",
     "Grow accounts", "Upsell ARR closed in the month",
     "sum this month", "at least", 40_000, None, "USD", 52_000),
    ("K13", "Query time, 95th percentile", "Product", "Speed", "Leo Martin",
     "Fast analysis", "p95 seconds per dashboard query",
     "latest", "at most", 2, None, "s", 1.6),
    ("K14", "Weekly active users", "Product", "Self-serve", "Chloe Diaz",
     "Usage", "Users active in the last 7 days",
     None, "at least", 12_000, None, "users", 12_800),
    ("K15", "Cash runway", "Finance", "Trust", "Tom Berg",
     "Stay funded", "Months of cash at current burn",
     "latest", "at least", 18, None, "months", 22),
]

OKR_HEADERS = (
    "ID", "Type", "Title",
    "Objective", "Aligned to", "Group", "Pillar", "Lead",
    "Timeframe", "Progress from", "Weight", "Start", "Target", "Current",
    "Status", "Approved",
)
OKR_ROWS: list[Row] = [
    _okr("O1", "Objective", "Make every analysis feel instant",
         group="Company", pillar="Speed", lead="Leo Martin",
         timeframe="2026", progress_from="aligned"),
    _okr("O2", "Objective", "Let every customer succeed without talking to us",
         group="Company", pillar="Self-serve", lead="Dana Reyes",
         timeframe="2026"),
    _okr("KR2.1", "Key result", "Self-serve signups per month from 800 to 2,000",
         objective="O2", lead="Mia Chen",
         start=800, target=2000, current=1250),
    _okr("KR2.2", "Key result", "Trial-to-paid conversion from 12% to 20%",
         objective="O2", lead="Chloe Diaz",
         start=0.12, target=0.20, current=0.13),
    _okr("KR2.3", "Key result", "Guided onboarding live for every new account",
         objective="O2", lead="Chloe Diaz",
         target="done", current="not done"),
    _okr("O3", "Objective", "Win back our customers' trust in support",
         group="Company", pillar="Trust", lead="Priya Nair",
         timeframe="2026"),
    _okr("KR3.1", "Key result", "CSAT back at 95% or above",
         objective="O3", lead="Priya Nair",
         target=">= 95%", current=0.89, status="on track"),
    _okr("KR3.2", "Key result", "Median resolution time from 20 to 8 hours",
         objective="O3", lead="Ben Cole",
         start=20, target=8, current=14),
    _okr("O4", "Objective", "Cut dashboard query time in half",
         aligned_to="O1", group="Product", pillar="Speed", lead="Leo Martin",
         timeframe="2026-Q2", approved="yes"),
    _okr("KR4.1", "Key result", "p95 query time from 4 s to 2 s",
         objective="O4", lead="Leo Martin",
         start=4, target=2, current=2.8),
    _okr("KR4.2", "Key result", "Cache hit rate from 40% to 75%",
         objective="O4", lead="Chloe Diaz",
         weight=2, start=0.40, target=0.75, current=0.52),
    _okr("O5", "Objective", "Fix the top five reasons for low CSAT",
         aligned_to="K4", group="Support", pillar="Trust", lead="Priya Nair",
         timeframe="2026-Q2", approved="yes"),
    _okr("KR5.1", "Key result", "Detractor tickets per week from 120 to 40",
         objective="O5", lead="Ben Cole",
         start=120, target=40, current=100),
    _okr("KR5.2", "Key result", "Help-center articles for the top 20 issues",
         objective="O5", lead="Priya Nair",
         start=0, target=20, current=6),
    _okr("KR5.3", "Key result", "Hold a weekly detractor review",
         objective="O5", lead="Ben Cole"),
    _okr("O6", "Objective", "Fill the funnel with qualified leads",
         aligned_to="O2", group="Marketing", pillar="Self-serve", lead="Mia Chen",
         timeframe="2026-Q2", approved="no"),
    _okr("KR6.1", "Key result", "MQLs this quarter from 380 to 500",
         objective="O6", lead="Mia Chen",
         start=380, target=500, current=460),
    _okr("KR6.2", "Key result", "1,500 webinar signups",
         objective="O6", lead="Omar Haddad",
         start=0, target=1500, current=400),
    _okr("O7", "Objective", "Shorten the sales cycle",
         aligned_to="K8", group="Sales", pillar="Speed", lead="Sam Okafor",
         timeframe="2026-Q2", approved="yes"),
    _okr("KR7.1", "Key result", "Sales cycle from 42 to 30 days",
         objective="O7", lead="Sam Okafor",
         start=42, target=30, current=34),
    _okr("O8", "Objective", "Launch usage-based pricing",
         group="Product", pillar="Self-serve", lead="Leo Martin",
         timeframe="2026-Q2", approved="yes"),
    _okr("KR8.1", "Key result", "Pricing page with usage tiers live",
         objective="O8", lead="Chloe Diaz",
         target="done", current="done"),
    _okr(None, "Key result", "Accounts on usage-based plans from 0 to 150",
         objective="O8", lead="Leo Martin",
         start=0, target=150, current=35),
    _okr("O9", "Objective", "Relaunch the website",
         aligned_to="O2", group="Marketing", pillar="Self-serve", lead="Mia Chen",
         timeframe="2026-Q1", status="on track", approved="yes"),
    _okr("KR9.1", "Key result", "Website visit-to-signup rate from 2% to 3%",
         objective="O9", lead="Omar Haddad",
         start=0.02, target=0.03, current=0.031),
]

CHECK_IN_HEADERS = (
    "Date", "Goal", "By", "Value", "Status", "Confidence",
    "Why", "Plan", "Help", "Note",
)
CHECK_IN_ROWS: list[Row] = [
    *_weekly("KR2.1", "Mia Chen", [980, 1060, 1130, 1190, 1250], FRIDAY),
    *_weekly("KR2.2", "Chloe Diaz", [0.12, 0.125, 0.13], FRIDAY, "needs attention"),
    *_weekly("KR2.3", "Chloe Diaz", ["not done"], dt.date(2026, 3, 27)),
    *_weekly("KR3.1", "Priya Nair", [0.93, 0.91, 0.89], FRIDAY),
    *_weekly("KR3.2", "Ben Cole", [18, 16, 15, 14], FRIDAY),
    *_weekly("KR4.1", "Leo Martin", [3.6, 3.3, 3.0, 2.8], FRIDAY),
    *_weekly("KR4.2", "Chloe Diaz", [0.44, 0.47, 0.50, 0.52], FRIDAY),
    *_weekly("KR5.1", "Ben Cole", [118, 111, 104, 100], FRIDAY, "needs attention"),
    *_weekly("KR5.2", "Priya Nair", [2, 4, 6], FRIDAY, "needs attention"),
    *_weekly("KR6.1", "Mia Chen", [410, 430, 450, 460], FRIDAY),
    *_weekly("KR6.2", "Omar Haddad", [150, 300, 400], dt.date(2026, 4, 24)),
    *_weekly("KR7.1", "Sam Okafor", [40, 38, 36, 34], FRIDAY),
    *_weekly("KR8.1", "Chloe Diaz", ["not done", "done"], FRIDAY),
    (dt.date(2026, 3, 31), "KR9.1", "Omar Haddad", 0.031, "accomplished", 1.0,
     None, None, None, "New site shipped on 17 March"),
    (dt.date(2026, 1, 31), "K4", "Priya Nair", 0.98, "on track", None,
     None, None, None, None),
    (dt.date(2026, 2, 28), "K4", "Priya Nair", 0.96, "on track", None,
     None, None, None, None),
    (dt.date(2026, 3, 31), "K4", "Priya Nair", 0.93, "needs attention", 0.6,
     "Ticket volume doubled after the March release",
     "Add two agents on the night shift",
     "@Leo Martin to prioritise the export bug",
     None),
    (dt.date(2026, 4, 30), "K4", "Priya Nair", 0.89, "off track", 0.5,
     "Export bug still open; detractors cite slow replies",
     "Weekly detractor review; help-center articles for the top 20 issues",
     None,
     None),
    (dt.date(2026, 4, 30), "K3", "Mia Chen", 460, "needs attention", 0.6,
     "Paid search paused for two weeks in April",
     "Restart paid search; two webinars in May",
     "@Jordan to share the partner list",
     None),
    (dt.date(2026, 4, 30), "K8", "Sam Okafor", 34, "off track", 0.6,
     "Security reviews add a week to enterprise deals",
     "Pre-filled security questionnaire",
     "@Tom Berg to sign off the standard DPA",
     None),
]

GROUP_HEADERS = ("Group", "Parent", "Lead", "OKR time")
GROUP_ROWS: list[Row] = [
    ("Company", None, "Dana Reyes", 0.4),
    ("Sales", "Company", "Sam Okafor", 0.3),
    ("Support", "Company", "Priya Nair", 0.5),
    ("Product", "Company", "Leo Martin", 0.8),
    ("Marketing", "Company", "Mia Chen", 0.6),
    ("Finance", "Company", "Tom Berg", 0),
]

PEOPLE_HEADERS = ("Name", "Email", "Manager", "Group")
PEOPLE_ROWS: list[Row] = [
    ("Dana Reyes", "dana@lumen.example", None, "Company"),
    ("Sam Okafor", "sam@lumen.example", "Dana Reyes", "Sales"),
    ("Ava Ross", "ava@lumen.example", "Sam Okafor", "Sales"),
    ("Priya Nair", "priya@lumen.example", "Dana Reyes", "Support"),
    ("Ben Cole", "ben@lumen.example", "Priya Nair", "Support"),
    ("Leo Martin", "leo@lumen.example", "Dana Reyes", "Product"),
    ("Chloe Diaz", "chloe@lumen.example", "Leo Martin", "Product"),
    ("Mia Chen", "mia@lumen.example", "Dana Reyes", "Marketing"),
    ("Omar Haddad", "omar@lumen.example", "Mia Chen", "Marketing"),
    ("Tom Berg", "tom@lumen.example", "Dana Reyes", "Finance"),
]



ACTUAL_HEADERS: tuple[str | dt.date, ...] = ("KPI", "Series", *MONTHS)
ACTUAL_ROWS: list[Row] = [
    ("K2", "Actual", 1.03, 1.03, 1.04, 1.04, 1.05, 1.05, 1.06, 1.06, 1.06, 1.07,
     1.07, 1.07, 1.08, 1.08, 1.08),
    ("K3", "Actual", 150, 160, 155, 165, 170, 160, 150, 175, 170, 165, 150, 170,
     165, 175, 140),
    ("K4", "Actual", 0.97, 0.98, 0.97, 0.98, 0.98, 0.97, 0.98, 0.98, 0.97, 0.98,
     0.98, 0.98, 0.96, 0.93, 0.89),
    ("K5", "Actual", 4.4, 4.2, 4.1, 3.9, 3.8, 3.9, 3.7, 3.6, 3.5, 3.4, 3.6, 3.3,
     3.4, 3.6, 3.5),
    ("K7", "Actual", 0.27, 0.28, 0.29, 0.30, 0.29, 0.31, 0.30, 0.32, 0.31, 0.30,
     0.33, 0.31, 0.30, 0.32, 0.31),
    ("K8", "Actual", 44, 43, 43, 42, 42, 41, 42, 40, 40, 39, 39, 38, 38, 36, 34),
    ("K9", "Actual", 2.6, 2.8, 3.0, 3.1, 2.9, 3.0, 3.2, 3.3, 3.1, 3.0, 3.4, 2.9,
     3.1, 3.0, 3.2),
    ("K10", "Actual", 0.33, 0.34, 0.35, 0.36, 0.35, 0.36, 0.37, 0.36, 0.37, 0.38,
     0.37, 0.38, 0.37, 0.39, 0.38),
    ("K11", "Actual", 16_800, 17_100, 17_400, 17_200, 17_900, 18_300, 18_100,
     18_600, 18_400, 18_900, 19_200, 18_800, 19_100, 19_700, 19_400),
    ("K13", "Actual", 4.1, 3.9, 3.8, 3.6, 3.4, 3.2, 3.0, 2.7, 2.5, 2.2, 2.0, 1.9,
     1.8, 1.7, 1.6),
    ("K15", "Actual", 26, 26, 25, 25, 24, 24, 24, 23, 23, 23, 22, 22, 22, 22, 22),
    (),
    ("Pasted from the accounting system on 4 May 2026",),
    ("Monthly recurring revenue", "Actual", *_dollars(
        780_000, 805_000, 828_000, 851_000, 876_000, 899_000, 925_000, 951_000,
        980_000, 1_012_000, 1_040_000, 1_068_000, 1_097_000, 1_125_000, 1_152_000)),
    ("Monthly recurring revenue", "Target", *_dollars(
        None, None, 800_000, None, None, 900_000, None, None, 1_000_000, None,
        None, 1_100_000, None, None, None)),
    ("New ARR booked", "Actual", *_dollars(
        180_000, 205_000, 196_000, 221_000, 214_000, 238_000, 190_000, 246_000,
        232_000, 258_000, 301_000, 226_000, 244_000, 262_000, 270_000)),
    ("Expansion revenue", "Actual", *_dollars(
        31_000, 28_500, 35_000, 33_000, 41_000, 37_500, 0, 44_000, 39_000,
        46_500, 58_000, 42_000, 45_500, 47_500, "TBC")),
]

SETTING_HEADERS = ("Setting", "Value")
SETTING_ROWS: list[Row] = [
    ("Key result cadence", 7),
    ("KPI cadence", 30),
    ("On track gap", 0.15),
    ("Off track gap", 0.30),
    ("Max KPIs per group", 6),
]
# fmt: on


def goal_tabs(empty: bool = False) -> list[tuple[TabSpec, Sequence[object], list[Row]]]:
    """Every tab of the sample in order, with its headers and rows.

    `empty` keeps the headers only; an empty Actuals tab keeps KPI and
    Series, and finance adds a column per month.
    """
    tabs: list[tuple[TabSpec, Sequence[object], list[Row]]] = [
        (schema.STRATEGY, STRATEGY_HEADERS, STRATEGY_ROWS),
        (schema.KPIS, KPI_HEADERS, KPI_ROWS),
        (schema.OKRS, OKR_HEADERS, OKR_ROWS),
        (schema.CHECK_INS, CHECK_IN_HEADERS, CHECK_IN_ROWS),
        (schema.GROUPS, GROUP_HEADERS, GROUP_ROWS),
        (schema.PEOPLE, PEOPLE_HEADERS, PEOPLE_ROWS),
        (schema.ACTUALS, ACTUAL_HEADERS, ACTUAL_ROWS),
        (schema.SETTINGS, SETTING_HEADERS, SETTING_ROWS),
    ]
    if not empty:
        return tabs
    return [
        (spec, headers[:2] if spec is schema.ACTUALS else headers, [])
        for spec, headers, _ in tabs
    ]
