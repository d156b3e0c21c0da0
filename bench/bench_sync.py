"""Time and peak memory of applying a sync's write plan to a large workbook.

apply_plan edits the package in place; it is compared in the same run with
openpyxl's load_workbook + save of the same file (what goalsheet avoids) and
with a floor: a python-calamine read of every sheet plus a plain rewrite of
the zip. The plan writes owned values on every KPI row (6 columns), OKR row
(5 columns) and check-in row (6 columns), a Findings tab of 3,000 rows and a
few highlights. Each measurement runs in its own process, best of three.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from bench.generate import (
    CHECK_INS,
    GROUPS,
    KEY_RESULTS_PER_OBJECTIVE,
    KPIS_PER_GROUP,
    OBJECTIVES_PER_GROUP,
    write_large_workbook,
)
from bench.measure import measure
from sheets.plan import (
    CellWrite,
    Highlight,
    HighlightStyle,
    OwnedTab,
    PlanValue,
    WritePlan,
)

KPI_ROWS = GROUPS * KPIS_PER_GROUP
OKR_ROWS = GROUPS * OBJECTIVES_PER_GROUP * (1 + KEY_RESULTS_PER_OBJECTIVE)
FINDINGS = 3_000
# tab: (first owned column, headers of the owned columns, data rows)
OWNED = {
    "KPIs": (
        13,
        ["Value", "Target now", "Health", "Trend", "Updated", "Check"],
        KPI_ROWS,
    ),
    "OKRs": (
        16,
        ["Progress", "Expected", "Suggested status", "Last check-in", "Check"],
        OKR_ROWS,
    ),
    "Check-ins": (
        10,
        ["Goal title", "Group", "Manager", "Week", "Flag", "Check"],
        CHECK_INS,
    ),
}

APPLY = """
import resource, sys, time
from bench.bench_sync import build_plan
from sheets.xlsx_patch import apply_plan
plan = build_plan()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
result = apply_plan(sys.argv[1], plan)
elapsed = time.perf_counter() - started
print(f"{elapsed:.3f} {before} {len(plan.cells)} {result.written}")
"""

PLAN_ONLY = """
from bench.bench_sync import build_plan
build_plan()
"""

OPENPYXL_SAVE = """
import sys
import openpyxl
book = openpyxl.load_workbook(sys.argv[1])
book.save(sys.argv[1])
"""

FLOOR = """
import sys, zipfile
import python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
for name in book.sheet_names:
    book.get_sheet_by_name(name).to_python()
with zipfile.ZipFile(sys.argv[1]) as source:
    with zipfile.ZipFile(sys.argv[1] + ".copy", "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in source.infolist():
            copy.writestr(entry, source.read(entry), zipfile.ZIP_DEFLATED)
"""


def build_plan() -> WritePlan:
    """Owned values on every goal row, a Findings tab and highlights."""
    day = dt.date(2026, 5, 15)
    cells: list[CellWrite] = []
    for tab, (first, headers, rows) in OWNED.items():
        for offset, header in enumerate(headers):
            cells.append(_write(tab, 1, first + offset, header))
        for row in range(2, rows + 2):
            values = [row * 0.25, "on track", "healthy", day, "", f"{tab} {row}"]
            for offset in range(len(headers)):
                cells.append(_write(tab, row, first + offset, values[offset]))
    findings = [["Tab", "Cell", "Severity", "Code", "Message", "Value"]]
    findings += [
        ["KPIs", f"T{n}", "warning", "no-target", f"KPI {n} has no target", n]
        for n in range(2, FINDINGS + 2)
    ]
    highlights = {
        tab: [
            Highlight(
                tab=tab,
                range=f"A2:Z{rows + 1}",
                formula=f'${chr(65 + first + 2)}2="off track"',
                style=HighlightStyle.OFF_TRACK,
            )
        ]
        for tab, (first, _, rows) in OWNED.items()
    }
    return WritePlan(
        cells=cells,
        highlights=highlights,
        tabs=[OwnedTab(name="Findings", rows=findings, widths=[12, 8, 9, 26, 90, 24])],
        log=["2026-05-15T10:00:00", len(cells), "Findings", "bench"],
    )


def _write(tab: str, row: int, column: int, value: PlanValue) -> CellWrite:
    return CellWrite(tab=tab, row=row, column=column, value=value)


def best_of(
    command: list[str], source: Path, work: Path, runs: int
) -> tuple[float, float, str]:
    """Best time and worst memory over fresh copies of the workbook."""
    results = []
    for _ in range(runs):
        shutil.copyfile(source, work)
        results.append(measure([*command, str(work)]))
    best = min(results, key=lambda result: result[0])
    return best[0], max(result[1] for result in results), best[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the workbook here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        source = args.keep or Path(folder) / "large.xlsx"
        write_large_workbook(source)
        work = Path(folder) / "work.xlsx"
        python = sys.executable
        sync = [python, "-m", "server.cli", "sync", "--today", "2026-05-15"]
        synced = Path(folder) / "synced.xlsx"
        shutil.copyfile(source, synced)
        measure([*sync, str(synced)])
        apply = best_of([python, "-c", APPLY], source, work, args.runs)
        rows = {
            "goalsheet sync, first": best_of(sync, source, work, args.runs),
            "goalsheet sync, no change": best_of(sync, synced, work, args.runs),
            "apply_plan process, all in": apply,
            "  of which building the plan": best_of(
                [python, "-c", PLAN_ONLY], source, work, args.runs
            ),
            "openpyxl load + save": best_of(
                [python, "-c", OPENPYXL_SAVE], source, work, args.runs
            ),
            "calamine read + zip copy": best_of(
                [python, "-c", FLOOR], source, work, args.runs
            ),
        }
        size = source.stat().st_size / 1e6

    seconds, before, count, _ = apply[2].split()
    openpyxl_time, openpyxl_memory, _ = rows["openpyxl load + save"]
    call = (float(seconds), apply[1] - int(before) / 1024, "")
    rows = {"apply_plan call alone (in-process)": call, **rows}
    print(f"workbook: {size:.1f} MB; plan: {int(count):,} cells, a 3,000-row tab")
    print("the call alone: its own time, and the peak memory it adds to the plan's")
    print(f"{'':30}{'seconds':>9}{'peak MiB':>10}{'vs openpyxl':>13}{'memory':>8}")
    for name, (wall, memory, _) in rows.items():
        print(
            f"{name:36}{wall:9.2f}{memory:10.0f}"
            f"{wall / openpyxl_time:13.2f}{memory / openpyxl_memory:8.2f}"
        )


if __name__ == "__main__":
    main()
