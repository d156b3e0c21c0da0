"""Write a large, realistic goal workbook for benchmarks.

About 200 groups, 1,200 KPIs, 1,000 objectives with 4,000 key results and
52,000 check-ins: a year of weekly updates for a large company.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook

from sheets.sample_data import CHECK_IN_HEADERS, KPI_HEADERS, OKR_HEADERS

GROUPS = 200
KPIS_PER_GROUP = 6
OBJECTIVES_PER_GROUP = 5
KEY_RESULTS_PER_OBJECTIVE = 4
CHECK_INS = 52_000
PILLARS = ("Speed", "Self-serve", "Trust", "Scale")
TARGET_TYPES = ("at least", "at most", "increase to", "decrease to", "between")


def write_large_workbook(path: Path, seed: int = 7) -> None:
    """Write the benchmark workbook to `path`, the same for the same seed."""
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    groups = [f"Team {number:03d}" for number in range(1, GROUPS + 1)]
    people = [f"Person {number:04d}" for number in range(1, GROUPS * 5 + 1)]

    strategy = book.create_sheet("Strategy")
    strategy.append(["Kind", "Statement", "Lead"])
    strategy.append(["Purpose", "Help businesses know their customers", people[0]])
    strategy.append(["For whom", "Growth teams everywhere", people[0]])
    strategy.append(["Vision", "Every question answered in a minute", people[0]])
    for pillar in PILLARS:
        strategy.append(["Pillar", f"{pillar}: how we win", people[0]])

    kpis = book.create_sheet("KPIs")
    kpis.append(list(KPI_HEADERS))
    kpi_ids = []
    for index, group in enumerate(groups):
        for number in range(KPIS_PER_GROUP):
            kpi_id = f"K{index * KPIS_PER_GROUP + number + 1}"
            kpi_ids.append(kpi_id)
            target = rng.choice((50, 100, 500, 1000))
            kpis.append(
                [
                    kpi_id,
                    f"{group} metric {number + 1}",
                    group,
                    rng.choice(PILLARS),
                    people[index * 5 + number % 5],
                    "Priority",
                    "Metric",
                    "latest",
                    rng.choice(TARGET_TYPES),
                    target,
                    target * 2,
                    "units",
                    round(target * rng.uniform(0.6, 1.4), 1),
                ]
            )

    okrs = book.create_sheet("OKRs")
    okrs.append(list(OKR_HEADERS))
    kr_ids = []
    for index, group in enumerate(groups):
        for number in range(OBJECTIVES_PER_GROUP):
            objective = f"O{index * OBJECTIVES_PER_GROUP + number + 1}"
            lead = people[index * 5 + number]
            okrs.append(
                [
                    objective,
                    "Objective",
                    f"{group} objective {number + 1}",
                    None,
                    rng.choice(kpi_ids),
                    group,
                    rng.choice(PILLARS),
                    lead,
                    "2026-Q2",
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    "yes",
                ]
            )
            for result in range(1, KEY_RESULTS_PER_OBJECTIVE + 1):
                kr_id = f"KR{objective[1:]}.{result}"
                kr_ids.append(kr_id)
                okrs.append(
                    [
                        kr_id,
                        "Key result",
                        f"Move metric {result}",
                        objective,
                        None,
                        None,
                        None,
                        lead,
                        None,
                        None,
                        None,
                        0,
                        100,
                        rng.randint(0, 110),
                        None,
                        None,
                    ]
                )

    check_ins = book.create_sheet("Check-ins")
    check_ins.append(list(CHECK_IN_HEADERS))
    start = dt.date(2025, 5, 15)
    for _ in range(CHECK_INS):
        day = start + dt.timedelta(days=rng.randrange(365))
        goal = rng.choice(kr_ids)
        check_ins.append(
            [
                day,
                goal,
                rng.choice(people),
                rng.randint(0, 100),
                rng.choice(("on track", "needs attention", "off track")),
                0.7,
                "Because",
                "Next steps",
                "@" + rng.choice(people),
                None,
            ]
        )

    group_tab = book.create_sheet("Groups")
    group_tab.append(["Group", "Parent", "Lead", "OKR time"])
    group_tab.append(["Company", None, people[0], 0.5])
    for index, group in enumerate(groups):
        group_tab.append([group, "Company", people[index * 5], 0.5])

    people_tab = book.create_sheet("People")
    people_tab.append(["Name", "Email", "Manager", "Group"])
    for index, person in enumerate(people):
        group = groups[index // 5]
        email = f"{person.replace(' ', '.').lower()}@example.com"
        people_tab.append([person, email, people[0], group])

    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    write_large_workbook(args.path)
    print(f"wrote {args.path} ({args.path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
