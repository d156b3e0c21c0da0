"""Errors of the sheets layer: a workbook that cannot be read at all."""

from __future__ import annotations


class WorkbookError(Exception):
    """A workbook goalsheet cannot read; the message says why and what to do."""

    exit_code = 2

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
