"""Time and peak memory of `goalsheet check` on a large workbook.

Compared in the same run with a bare python-calamine read of the same file
(the floor: reading the cells and nothing else). Each measurement runs in its
own process, best of three, so peak memory includes Rust allocations.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.generate import write_large_workbook
from bench.measure import measure

CALAMINE_READ = """
import sys
import python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
for name in book.sheet_names:
    book.get_sheet_by_name(name).to_python()
"""

OPENPYXL_READ = """
import sys
import openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
for sheet in book.worksheets:
    for row in sheet.iter_rows(values_only=True):
        pass
"""


def best_of(command: list[str], runs: int) -> tuple[float, float]:
    results = [measure(command, ok=(0, 1)) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the workbook here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "large.xlsx"
        write_large_workbook(path)
        size = path.stat().st_size / 1e6
        python = sys.executable
        check = [
            python,
            "-m",
            "server.cli",
            "check",
            str(path),
            "--today",
            "2026-05-15",
            "--format",
            "json",
        ]
        rows = {
            "goalsheet check": best_of(check, args.runs),
            "python-calamine read": best_of(
                [python, "-c", CALAMINE_READ, str(path)], args.runs
            ),
            "openpyxl read-only read": best_of(
                [python, "-c", OPENPYXL_READ, str(path)], args.runs
            ),
        }

    floor_time, floor_memory = rows["python-calamine read"]
    print(
        f"workbook: {size:.1f} MB, 200 groups, 1,200 KPIs, 1,000 objectives, "
        "4,000 key results, 52,000 check-ins"
    )
    print(f"{'':26}{'seconds':>9}{'peak MiB':>10}{'time x':>8}{'memory x':>10}")
    for name, (seconds, memory) in rows.items():
        print(
            f"{name:26}{seconds:9.2f}{memory:10.0f}"
            f"{seconds / floor_time:8.1f}{memory / floor_memory:10.1f}"
        )


if __name__ == "__main__":
    main()
