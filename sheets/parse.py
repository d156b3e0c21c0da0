"""Grids to typed records, with a finding for every cell that cannot be read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from pydantic import BaseModel

from rules.actuals import noted_calculation
from rules.findings import Finding, finding
from rules.numbers import NumberProblem, number_style
from rules.records import (
    CheckIn,
    Column,
    Group,
    Kpi,
    Okr,
    Person,
    ResultKind,
    StrategyItem,
    Workbook,
)
from rules.settings import SETTING_NAMES, Settings
from sheets import cells
from sheets.actuals import ActualsTab, read_actuals
from sheets.errors import WorkbookError
from sheets.grid import CellValue, Grids, Sheet, column_letter, is_blank
from sheets.schema import (
    ACTUALS,
    CHECK_INS,
    GROUPS,
    KPIS,
    OKRS,
    PEOPLE,
    SETTINGS,
    STRATEGY,
    TABS,
    ColumnSpec,
    TabSpec,
    find_tab,
    match_headers,
    normalise,
)

Reader = Callable[[CellValue], Any]
M = TypeVar("M", bound=BaseModel)

# Rows scanned for the header before settling on the first non-empty one.
_HEADER_SEARCH_ROWS = 20


@dataclass
class Table:
    """A tab's header position and its data rows, by sheet row number."""

    name: str
    spec: TabSpec
    header_row: int
    positions: dict[str, int]
    rows: list[tuple[int, list[CellValue]]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)

    def columns(self) -> dict[str, Column]:
        return {
            name: Column(header=self.headers[index], letter=column_letter(index))
            for name, index in self.positions.items()
        }


@dataclass
class Parsed:
    workbook: Workbook
    findings: list[Finding]
    tables: dict[str, Table]
    actuals: ActualsTab | None = None


def read_workbook(grids: Grids) -> Parsed:
    """Locate every known tab, read its rows, and type each cell."""
    located = {spec.name: find_tab(spec, grids.names()) for spec in TABS}
    missing = [spec.name for spec in TABS if spec.required and not located[spec.name]]
    if missing:
        raise WorkbookError(grids.source, _missing_tabs_reason(missing, grids))

    findings: list[Finding] = []
    tables: dict[str, Table] = {}
    for spec in (STRATEGY, KPIS, OKRS, CHECK_INS, GROUPS, PEOPLE, SETTINGS):
        name = located[spec.name]
        sheet = grids.get(name) if name else None
        if sheet is not None:
            tables[spec.name] = read_table(spec, sheet, findings)

    # Settings come first: their Number locale says how every number reads.
    reader = _RecordReader(findings)
    settings = reader.settings(tables.get(SETTINGS.name))
    actuals_name = located[ACTUALS.name]
    actuals_sheet = grids.get(actuals_name) if actuals_name else None
    actuals = None
    if actuals_sheet is not None:
        actuals = read_actuals(actuals_sheet, reader.locale)
        findings.extend(actuals.findings)

    kpi_table = tables[KPIS.name]
    workbook = Workbook(
        strategy=reader.records(tables[STRATEGY.name], StrategyItem),
        kpis=_with_noted_calculations(kpi_table, reader.records(kpi_table, Kpi)),
        okrs=reader.records(tables[OKRS.name], Okr, _adjust_okr),
        check_ins=reader.records(tables[CHECK_INS.name], CheckIn),
        groups=reader.optional(tables.get(GROUPS.name), Group),
        people=reader.optional(tables.get(PEOPLE.name), Person),
        actuals=actuals.values if actuals else [],
        settings=settings,
        columns=_columns(tables, actuals),
        tab_names=_tab_names(tables, actuals),
    )
    return Parsed(workbook=workbook, findings=findings, tables=tables, actuals=actuals)


def _columns(
    tables: dict[str, Table], actuals: ActualsTab | None
) -> dict[str, dict[str, Column]]:
    columns = {table.name: table.columns() for table in tables.values()}
    if actuals is not None:
        columns[actuals.name] = actuals.columns()
    return columns


def _tab_names(tables: dict[str, Table], actuals: ActualsTab | None) -> dict[str, str]:
    """Each known tab's name in the workbook, in the order of the schema."""
    names = {spec: table.name for spec, table in tables.items()}
    if actuals is not None:
        names[ACTUALS.name] = actuals.name
    order = [spec.name for spec in TABS]
    return dict(sorted(names.items(), key=lambda item: order.index(item[0])))


def _with_noted_calculations(table: Table, kpis: list[Kpi]) -> list[Kpi]:
    """KPIs with the calculation their owned Check cell remembers, if any."""
    index = table.positions.get("check")
    if index is None:
        return kpis
    rows = dict(table.rows)
    noted = []
    for kpi in kpis:
        values = rows.get(kpi.row, [])
        value = values[index] if index < len(values) else None
        text = value if isinstance(value, str) else ""
        previous = noted_calculation(text)
        if previous:
            kpi = kpi.model_copy(update={"previous_calculation": previous})
        noted.append(kpi)
    return noted


def _missing_tabs_reason(missing: list[str], grids: Grids) -> str:
    found = ", ".join(repr(name) for name in grids.names()) or "none"
    named = (
        missing[0]
        if len(missing) == 1
        else (", ".join(missing[:-1]) + " or " + missing[-1])
    )
    return (
        f"has no {named} tab (tabs found: {found}). Add or rename the tab; "
        "`goalsheet new --empty` writes a workbook with every tab."
    )


def read_table(spec: TabSpec, sheet: Sheet, findings: list[Finding]) -> Table:
    """Find the header row and the known columns of one tab."""
    header_row = _find_header_row(spec, sheet)
    if header_row is None:
        table = Table(sheet.name, spec, 1, {})
        _report_missing_columns(table, findings)
        return table

    headers = [
        cells.read_text(v) if not _is_error(v) else ""
        for v in sheet.rows[header_row - 1]
    ]
    match = match_headers(spec, headers)
    table = Table(sheet.name, spec, header_row, match.positions, headers=headers)
    for _field, index in match.duplicates:
        findings.append(
            finding(
                "duplicate-column",
                tab=sheet.name,
                row=header_row,
                column=headers[index],
                letter=column_letter(index),
                value=headers[index],
            )
        )
    _report_missing_columns(table, findings)

    people = [
        table.positions[c.field]
        for c in spec.people_columns()
        if c.field in table.positions
    ]
    for number in range(header_row + 1, len(sheet.rows) + 1):
        values = sheet.rows[number - 1]
        if any(index < len(values) and not is_blank(values[index]) for index in people):
            table.rows.append((number, values))
    return table


def _is_error(value: CellValue) -> bool:
    try:
        cells.check_error(value)
    except cells.CellProblem:
        return True
    return False


def _find_header_row(spec: TabSpec, sheet: Sheet) -> int | None:
    """The first row naming two known columns, else the first non-empty row."""
    first: int | None = None
    seen = 0
    for number, values in enumerate(sheet.rows, start=1):
        texts = [v for v in values if isinstance(v, str) and v.strip()]
        if not texts and all(is_blank(v) for v in values):
            continue
        first = first or number
        if len(match_headers(spec, texts).positions) >= 2:
            return number
        seen += 1
        if seen >= _HEADER_SEARCH_ROWS:
            break
    return first


def _report_missing_columns(table: Table, findings: list[Finding]) -> None:
    for column in table.spec.columns:
        if column.required and column.field not in table.positions:
            findings.append(
                finding(
                    "missing-column",
                    tab=table.name,
                    row=table.header_row,
                    column=column.header,
                )
            )


def _reader_for(column: ColumnSpec) -> Reader | None:
    """How a column's cells are read; None for owned columns, never read."""
    if column.owned:
        return None
    if column.choices and column.choices == ("yes", "no"):
        return cells.read_yes_no
    if column.choices:
        choices = column.choices
        return lambda value: cells.read_choice(value, choices)
    return _READERS.get(column.field, cells.read_text)


_READERS: dict[str, Reader] = {
    "target": cells.read_number,
    "upper": cells.read_number,
    "current": cells.read_number,
    "weight": cells.read_number,
    "start": cells.read_number,
    "value": cells.read_number,
    "confidence": cells.read_number,
    "okr_time": cells.read_number,
    "date": cells.read_date,
}

# Readers of numbers, which read by the workbook's Number locale.
_NUMBER_READERS: frozenset[Reader] = frozenset(
    {cells.read_number, cells.read_key_result_target, cells.read_key_result_value}
)

# Fields whose reader differs on the OKRs tab.
_OKR_READERS: dict[str, Reader] = {
    "timeframe": cells.read_timeframe,
    "target": cells.read_key_result_target,
    "current": cells.read_key_result_value,
}

# Fields whose reader differs on the Check-ins tab: values of done-or-not goals.
_CHECK_IN_READERS: dict[str, Reader] = {"value": cells.read_key_result_value}


def _adjust_okr(data: dict[str, Any]) -> None:
    """Spread the composite OKR cells over their record fields."""
    timeframe = data.pop("timeframe", None)
    if timeframe is not None:
        data["timeframe"], data["timeframe_text"] = timeframe
    target = data.pop("target", None)
    if target is None:
        return
    kind = target.kind
    if kind is ResultKind.METRIC and target.value == 1 and data.get("start") is None:
        kind = ResultKind.BINARY
    data["result_kind"] = kind
    data["target"] = target.value


class _RecordReader:
    """Turns table rows into records, collecting findings for bad cells."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.locale = ""  # the Settings tab's Number locale, once read

    def records(
        self,
        table: Table,
        model: type[M],
        adjust: Callable[[dict[str, Any]], None] | None = None,
    ) -> list[M]:
        readers = self._readers(table)
        result = []
        for number, values in table.rows:
            data: dict[str, Any] = {"tab": table.name, "row": number}
            for name, index, reader in readers:
                value = values[index] if index < len(values) else None
                if value is None:  # a blank cell: the record's default
                    continue
                read = self._read(table, number, index, value, reader)
                if read is not None:
                    data[name] = read
            if adjust is not None:
                adjust(data)
            result.append(model(**data))
        return result

    def optional(self, table: Table | None, model: type[M]) -> list[M] | None:
        return None if table is None else self.records(table, model)

    def settings(self, table: Table | None) -> Settings:
        """The Settings tab's values; its Number locale first, as numbers need it."""
        if table is None or "value" not in table.positions:
            return Settings()
        rows = list(self._known_settings(table))
        values: dict[str, Any] = {}
        for number, key, value in rows:
            if key == "number_locale":
                values[key] = self._locale(table, number, value)
        self.locale = values.get("number_locale", "")

        defaults = Settings()
        index = table.positions["value"]
        for number, key, value in rows:
            if key == "number_locale":
                continue
            reader = self._localised(_setting_reader(getattr(defaults, key)))
            read = self._read(table, number, index, value, reader)
            if read is not None:
                values[key] = (
                    int(read) if isinstance(getattr(defaults, key), int) else read
                )
        return Settings(**values)

    def _known_settings(self, table: Table) -> Iterator[tuple[int, str, CellValue]]:
        """Each row naming a known setting; a finding for every other name."""
        names = {
            normalise(name): key
            for key, spellings in SETTING_NAMES.items()
            for name in spellings
        }
        for number, row in self._rows(table, ("setting", "value")):
            setting, value = row
            if is_blank(setting):
                continue
            key = names.get(normalise(cells.read_text(setting)))
            if key is not None:
                yield number, key, value
                continue
            self.findings.append(
                finding(
                    "unknown-setting",
                    tab=table.name,
                    row=number,
                    **self._place(table, "setting"),
                    value=cells.read_text(setting),
                    choices=", ".join(
                        spellings[0] for spellings in SETTING_NAMES.values()
                    ),
                )
            )

    def _locale(self, table: Table, number: int, value: CellValue) -> str:
        """The Number locale as typed when goalsheet knows it, else empty."""
        index = table.positions["value"]
        text = self._read(table, number, index, value, cells.read_text) or ""
        try:
            number_style(text)
        except NumberProblem:
            self.findings.append(
                finding(
                    "unknown-locale",
                    tab=table.name,
                    row=number,
                    **self._place(table, "value"),
                    value=text,
                )
            )
            return ""
        return str(text)

    def _localised(self, reader: Reader) -> Reader:
        """The reader, told the Number locale when it reads numbers."""
        if reader not in _NUMBER_READERS:
            return reader
        number_reader: Callable[..., Any] = reader
        return partial(number_reader, locale=self.locale)

    def _rows(
        self, table: Table, fields: tuple[str, ...]
    ) -> Iterator[tuple[int, list[CellValue]]]:
        if any(name not in table.positions for name in fields):
            return
        for number, values in table.rows:
            picked = [
                values[table.positions[name]]
                if table.positions[name] < len(values)
                else None
                for name in fields
            ]
            yield number, picked

    def _place(self, table: Table, name: str) -> dict[str, str]:
        index = table.positions[name]
        return {"column": table.headers[index], "letter": column_letter(index)}

    def _readers(self, table: Table) -> list[tuple[str, int, Reader]]:
        overrides = {OKRS.name: _OKR_READERS, CHECK_INS.name: _CHECK_IN_READERS}.get(
            table.spec.name, {}
        )
        readers = []
        for column in table.spec.columns:
            if column.field not in table.positions:
                continue
            reader = _reader_for(column)
            if reader is None:
                continue
            reader = self._localised(overrides.get(column.field, reader))
            readers.append((column.field, table.positions[column.field], reader))
        return readers

    def _read(
        self, table: Table, number: int, index: int, value: CellValue, reader: Reader
    ) -> Any:
        try:
            return reader(value)
        except cells.CellProblem as problem:
            self.findings.append(
                finding(
                    problem.code,
                    tab=table.name,
                    row=number,
                    column=table.headers[index],
                    letter=column_letter(index),
                    value=_shown(value),
                    **problem.params,
                )
            )
            return None


def _setting_reader(default: object) -> Reader:
    if isinstance(default, int | float):
        return cells.read_number
    if default is None:
        return cells.read_date
    return cells.read_text


def _shown(value: CellValue) -> str:
    """A cell value as a person would recognise it in a message."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
