"""Findings and the summary as a readable table or as JSON for scripts."""

from __future__ import annotations

import json
import shutil
import textwrap
from itertools import groupby
from typing import Any

from rules.evaluate import Evaluation, Summary

_HEADINGS = ("CELL", "SEVERITY", "CODE", "MESSAGE")


def format_table(result: Evaluation, *, source: str) -> str:
    """Findings grouped by tab, then the summary, for a person at a terminal."""
    width = max(shutil.get_terminal_size((100, 24)).columns, 80)
    lines: list[str] = []
    if result.findings:
        cell = max(len(f.cell) for f in result.findings)
        code = max(len(f.code) for f in result.findings)
        widths = (max(cell, 4), 8, code)
        indent = sum(widths) + 2 * len(widths) + 2
        for tab, findings in groupby(result.findings, key=lambda f: f.tab):
            lines.append(tab)
            lines.append("  " + _columns(_HEADINGS, widths))
            for f in findings:
                start = "  " + _columns((f.cell, f.severity.value, f.code, ""), widths)
                wrapped = textwrap.wrap(f.message, width=max(width - indent, 30))
                lines.append(start + wrapped[0])
                lines += [" " * indent + more for more in wrapped[1:]]
            lines.append("")
    else:
        lines += ["No findings.", ""]
    lines += _summary_lines(result.summary, source, result.today.isoformat())
    return "\n".join(lines)


def _columns(values: tuple[str, ...], widths: tuple[int, ...]) -> str:
    padded = [value.ljust(size) for value, size in zip(values, widths, strict=False)]
    return "  ".join([*padded, *values[len(widths) :]])


def _summary_lines(summary: Summary, source: str, today: str) -> list[str]:
    statuses = ", ".join(
        f"{count} {status}" for status, count in summary.objectives.items() if count
    )
    unknown = f" ({summary.kpis_unknown} unknown)" if summary.kpis_unknown else ""
    stale = f" ({summary.stale} stale)" if summary.stale else ""
    counts = summary.severities
    return [
        f"Summary of {source} as of {today}",
        f"  KPIs healthy:       {summary.kpis_healthy} of {summary.kpis}{unknown}",
        f"  Objectives:         {statuses or 'none'}",
        f"  Check-ins overdue:  {summary.overdue}{stale}",
        f"  Findings:           {counts['error']} errors, {counts['warning']} "
        f"warnings, {counts['info']} info",
    ]


def evaluation_dict(result: Evaluation, *, source: str) -> dict[str, Any]:
    """The same content as the table, as plain data."""
    summary = result.summary
    return {
        "file": source,
        "today": result.today.isoformat(),
        "findings": [
            {**finding.model_dump(mode="json"), "cell": finding.cell}
            for finding in result.findings
        ],
        "summary": {
            "kpis": summary.kpis,
            "kpis_healthy": summary.kpis_healthy,
            "kpis_unknown": summary.kpis_unknown,
            "objectives": summary.objectives,
            "check_ins_overdue": summary.overdue,
            "check_ins_stale": summary.stale,
            "findings": summary.severities,
        },
    }


def format_json(result: Evaluation, *, source: str) -> str:
    return json.dumps(evaluation_dict(result, source=source), indent=2)
