"""Run a command in its own process and read its wall time and peak memory."""

from __future__ import annotations

import os
import subprocess
import time


def measure(command: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    """Wall seconds, peak resident MiB and standard output of one run.

    Peak memory comes from the child's own resource usage, so it includes
    what native code (python-calamine's Rust) allocates.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in ok:
        raise SystemExit(f"{' '.join(command[:4])} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024, output.strip()
