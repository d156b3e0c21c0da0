"""Compare read_xlsx (python-calamine plus the safety pass) with openpyxl.

Builds a large workbook in a temporary folder, then reads it in a fresh
subprocess per run, so that peak memory includes what Rust allocates (which
tracemalloc cannot see). Run: .venv/bin/python bench/bench_readers.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
TABS = [
    ("Strategy", 1_200, 15),
    ("KPIs", 4_000, 20),
    ("Check-ins", 52_000, 10),
    ("Settings", 20, 2),
]
READERS = {
    "read_xlsx": "read_xlsx (calamine + safety pass)",
    "calamine": "python-calamine alone",
    "openpyxl": "openpyxl read_only, data_only",
    "baseline": "python + imports, no read",
}
WORDS = ["revenue", "churn", "MQL", "CSAT", "self-serve", "pipeline", "support"]


def build_workbook(path: Path) -> int:
    """Write the benchmark workbook with openpyxl's write-only mode; return cells."""
    rng = random.Random(2026)
    start = dt.date(2024, 1, 1)
    workbook = Workbook(write_only=True)
    cells = 0
    for title, rows, columns in TABS:
        sheet = workbook.create_sheet(title)
        sheet.append([f"Column {number + 1}" for number in range(columns)])
        for _ in range(rows):
            sheet.append([_value(rng, column, start) for column in range(columns)])
        cells += (rows + 1) * columns
    workbook.save(path)
    return cells


def _value(rng: random.Random, column: int, start: dt.date) -> object:
    kind = column % 3
    if kind == 0:
        return f"{rng.choice(WORDS)} {rng.randrange(100_000)}"
    if kind == 1:
        return round(rng.uniform(0, 10_000), 2)
    return start + dt.timedelta(days=rng.randrange(900))


def read_once(reader: str, path: Path) -> dict[str, float]:
    """Read every value with one reader (runs inside the child process)."""
    started = time.perf_counter()
    cells = 0
    if reader == "read_xlsx":
        from sheets.xlsx import read_xlsx

        cells = sum(len(row) for sheet in read_xlsx(path).sheets for row in sheet.rows)
    elif reader == "calamine":
        from python_calamine import CalamineWorkbook

        with CalamineWorkbook.from_path(path) as book:
            for name in book.sheet_names:
                rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                cells += sum(len(row) for row in rows)
    elif reader == "openpyxl":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        grids = [[list(row) for row in ws.iter_rows(values_only=True)] for ws in book]
        cells = sum(len(row) for rows in grids for row in rows)
        book.close()
    else:
        import openpyxl  # noqa: F401
        import python_calamine  # noqa: F401
    return {"seconds": time.perf_counter() - started, "cells": cells}


def measure(reader: str, path: Path) -> tuple[float, float, int]:
    """Run one read in a child; return (read seconds, peak RSS in MiB, cells)."""
    command = [sys.executable, __file__, "--child", reader, str(path)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{reader} failed with exit code {child.returncode}")
    result = json.loads(output)
    return result["seconds"], usage.ru_maxrss / 1024, int(result["cells"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("READER", "PATH"))
    arguments = parser.parse_args()
    if arguments.child:
        reader, path = arguments.child
        print(json.dumps(read_once(reader, Path(path))))
        return

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlsx"
        started = time.perf_counter()
        cells = build_workbook(path)
        size = path.stat().st_size / (1 << 20)
        print(
            f"workbook: {len(TABS)} tabs, {cells:,} cells, {size:.1f} MiB, "
            f"built in {time.perf_counter() - started:.1f} s"
        )
        results = {}
        for reader in READERS:
            runs = [measure(reader, path) for _ in range(arguments.repeat)]
            results[reader] = (
                statistics.median(run[0] for run in runs),
                max(run[1] for run in runs),
                runs[0][2],
            )
    print_table(results, arguments.repeat)


def print_table(results: dict[str, tuple[float, float, int]], repeat: int) -> None:
    slowest = results["openpyxl"][0]
    print(f"\nmedian read time of {repeat} runs; peak RSS of the child process")
    print(f"{'reader':38} {'read s':>8} {'peak MiB':>9} {'cells':>10} {'speed-up':>9}")
    for reader, (seconds, peak, cells) in results.items():
        ratio = f"{slowest / seconds:.1f}x" if reader != "baseline" else ""
        print(f"{READERS[reader]:38} {seconds:8.2f} {peak:9.0f} {cells:10,} {ratio:>9}")


if __name__ == "__main__":
    main()
