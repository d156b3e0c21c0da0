"""Reading grids into records: headers, tabs, rows and the findings of bad cells."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rules.records import Workbook
from sheets.errors import WorkbookError
from sheets.grid import CellValue, ErrorValue
from sheets.parse import Parsed, read_workbook
from tests.workbooks import (
    Drop,
    Edit,
    NewColumn,
    Rename,
    Tab,
    Tables,
    add,
    baseline,
    changed,
    grids,
    kpi,
    places,
    run,
)

RECORD_TABS = ("strategy", "kpis", "okrs", "check_ins", "groups", "people")


def parse(tables: Tables) -> Parsed:
    return read_workbook(grids(tables))


def records(book: Workbook) -> dict[str, Any]:
    """The records of every tab, without where their columns sit."""
    return {name: getattr(book, name) for name in RECORD_TABS}


BASELINE_RECORDS = records(parse(baseline()).workbook)


def with_rows_above(tables: Tables, tab: str, *rows: list[CellValue]) -> Tables:
    tables[tab][:0] = [list(row) for row in rows]
    return tables


def test_baseline_reads_every_row() -> None:
    parsed = parse(baseline())

    book = parsed.workbook
    assert parsed.findings == []
    assert [item.row for item in book.strategy] == [2, 3, 4, 5, 6, 7]
    assert [k.id for k in book.kpis] == ["K1", "K2", "K3"]
    assert [o.row for o in book.okrs] == list(range(2, 10))
    assert len(book.check_ins) == 9
    assert book.groups is not None and book.people is not None
    assert (len(book.groups), len(book.people)) == (2, 4)


# Header synonyms


@pytest.mark.parametrize(
    ("tab", "header", "synonym"),
    [
        pytest.param("KPIs", "Lead", "Owner", id="kpi-owner"),
        pytest.param("KPIs", "Lead", "responsible", id="kpi-responsible"),
        pytest.param("KPIs", "KPI", "KPI name", id="kpi-name"),
        pytest.param("KPIs", "Target", "Threshold", id="kpi-threshold"),
        pytest.param("KPIs", "Priority", "Key priority", id="kpi-key-priority"),
        pytest.param("Strategy", "Kind", "Element", id="strategy-element"),
        pytest.param("Strategy", "Statement", "Description", id="strategy-text"),
        pytest.param("OKRs", "Objective", "Parent", id="okr-parent"),
        pytest.param("OKRs", "Aligned to", "Supports", id="okr-supports"),
        pytest.param("OKRs", "Timeframe", "Time frame", id="okr-time-frame"),
        pytest.param("OKRs", "Start", "Baseline", id="okr-baseline"),
        pytest.param("Check-ins", "Goal", "KR", id="check-in-kr"),
        pytest.param("Check-ins", "Date", "Week of", id="check-in-week-of"),
        pytest.param("Check-ins", "Help", "Help needed", id="check-in-help-needed"),
        pytest.param("Groups", "OKR time", "OKR share", id="group-okr-share"),
        pytest.param("People", "Email", "E-mail", id="person-e-mail"),
    ],
)
def test_headers_synonym_reads_same_records(
    tab: str, header: str, synonym: str
) -> None:
    parsed = parse(changed(Rename(tab, header, synonym)))

    assert parsed.findings == []
    assert records(parsed.workbook) == BASELINE_RECORDS


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("LEAD", id="upper-case"),
        pytest.param(" lead ", id="spaces"),
        pytest.param("Lead:", id="punctuation"),
    ],
)
def test_headers_match_ignoring_case_spaces_punctuation(header: str) -> None:
    parsed = parse(changed(Rename("KPIs", "Lead", header)))

    assert parsed.findings == []
    assert records(parsed.workbook) == BASELINE_RECORDS


def test_headers_findings_name_the_header_as_typed() -> None:
    tables = changed(
        Rename("KPIs", "Target", "Threshold"), Edit("KPIs", 2, {"Threshold": "lots"})
    )

    [found] = parse(tables).findings
    assert (found.cell, found.column, found.value) == ("J2", "Threshold", "lots")


# Column order and unknown columns


def _reverse_columns(tables: Tables, tab: str) -> Tables:
    width = len(tables[tab][0])
    tables[tab] = [
        list(reversed([*row, *[None] * (width - len(row))])) for row in tables[tab]
    ]
    return tables


@pytest.mark.parametrize(
    "tab", ["Strategy", "KPIs", "OKRs", "Check-ins", "Groups", "People"]
)
def test_columns_moved_read_same_records(tab: str) -> None:
    parsed = parse(_reverse_columns(baseline(), tab))

    assert parsed.findings == []
    assert records(parsed.workbook) == BASELINE_RECORDS


def test_columns_moved_findings_follow_the_letter() -> None:
    tables = _reverse_columns(changed(Edit("KPIs", 2, {"Lead": None})), "KPIs")

    # Lead was the 5th of 13 columns (E); reversed it is the 9th (I).
    assert places(run(tables)) == {("KPIs", "I2", "no-lead")}


def _insert_column(tables: Tables, tab: str, index: int, header: str) -> Tables:
    for number, row in enumerate(tables[tab]):
        row.insert(index, header if number == 0 else f"{header} {number}")
    return tables


@pytest.mark.parametrize(
    ("tab", "index"),
    [
        pytest.param("KPIs", 0, id="kpis-first"),
        pytest.param("OKRs", 5, id="okrs-middle"),
        pytest.param("Check-ins", 10, id="check-ins-last"),
        pytest.param("People", 1, id="people"),
    ],
)
def test_columns_unknown_ignored(tab: str, index: int) -> None:
    tables = _insert_column(baseline(), tab, index, "Comments")

    parsed = parse(tables)
    assert parsed.findings == []
    assert records(parsed.workbook) == BASELINE_RECORDS
    assert places(run(tables)) == set()


def test_columns_unknown_shift_the_letters_of_findings() -> None:
    tables = _insert_column(changed(Edit("KPIs", 2, {"Lead": None})), "KPIs", 0, "#")

    assert places(run(tables)) == {("KPIs", "F2", "no-lead")}


# Rows: notes above the header, blank rows between records


@pytest.mark.parametrize(
    "above",
    [
        pytest.param([["KPIs for 2026, updated monthly"], []], id="note-and-blank"),
        pytest.param(
            [[None, "Owner: finance", "Updated: monthly"], []], id="two-notes"
        ),
        pytest.param([[], [None, None], ["  "]], id="blank-rows"),
    ],
)
def test_rows_above_header_keep_sheet_row_numbers(above: list[list[CellValue]]) -> None:
    tables = changed(Edit("KPIs", 3, {"Lead": None}))
    with_rows_above(tables, "KPIs", *above)
    shift = len(above)

    parsed = parse(tables)
    assert parsed.findings == []
    assert [k.row for k in parsed.workbook.kpis] == [2 + shift, 3 + shift, 4 + shift]
    assert places(run(tables)) == {("KPIs", f"E{3 + shift}", "no-lead")}


def test_rows_above_header_missing_column_on_header_row() -> None:
    tables = changed(Drop("OKRs", column="Title"))
    with_rows_above(tables, "OKRs", ["Our OKRs"], [])

    assert places(parse(tables).findings) == {("OKRs", "3", "missing-column")}


def test_rows_blank_skipped_with_true_row_numbers() -> None:
    tables = changed(Edit("Check-ins", 4, {"Goal": "K9"}))
    rows = tables["Check-ins"]
    rows.insert(3, [])
    rows.insert(5, [None, "  ", None])

    parsed = parse(tables)
    assert len(parsed.workbook.check_ins) == 9
    assert [c.row for c in parsed.workbook.check_ins][:4] == [2, 3, 5, 7]
    assert places(run(tables)) == {("Check-ins", "B5", "unknown-goal")}


def test_rows_with_only_owned_cells_are_no_records() -> None:
    tables = changed(NewColumn("KPIs", "Health", ("healthy",) * 3))
    tables["KPIs"].append([None] * 13 + ["unknown"])

    assert [k.row for k in parse(tables).workbook.kpis] == [2, 3, 4]
    assert places(run(tables)) == set()


# Tabs


@pytest.mark.parametrize(
    ("dropped", "reason"),
    [
        pytest.param(
            ["OKRs"],
            "has no OKRs tab (tabs found: 'Strategy', 'KPIs', 'Check-ins', "
            "'Groups', 'People'). Add or rename the tab; `goalsheet new "
            "--empty` writes a workbook with every tab.",
            id="okrs",
        ),
        pytest.param(
            ["Strategy", "Check-ins"],
            "has no Strategy or Check-ins tab (tabs found: 'KPIs', 'OKRs', "
            "'Groups', 'People'). Add or rename the tab; `goalsheet new "
            "--empty` writes a workbook with every tab.",
            id="two-tabs",
        ),
    ],
)
def test_tabs_missing_required_raise(dropped: list[str], reason: str) -> None:
    tables = changed(*(Drop(tab) for tab in dropped))

    with pytest.raises(WorkbookError) as raised:
        parse(tables)
    assert raised.value.source == "test.xlsx"
    assert raised.value.reason == reason
    assert str(raised.value) == f"test.xlsx: {reason}"


def test_tabs_missing_all_lists_none_found() -> None:
    with pytest.raises(WorkbookError, match=r"\(tabs found: none\)"):
        parse({})


def test_tabs_optional_may_be_missing() -> None:
    parsed = parse(changed(Drop("Groups"), Drop("People")))

    assert parsed.findings == []
    assert parsed.workbook.groups is None
    assert parsed.workbook.people is None


@pytest.mark.parametrize(
    ("tab", "name"),
    [
        pytest.param("Check-ins", "Updates", id="updates"),
        pytest.param("Check-ins", "check ins", id="spaced"),
        pytest.param("KPIs", "kpis", id="lower-case"),
        pytest.param("Groups", "Teams", id="teams"),
    ],
)
def test_tabs_found_by_synonym_and_named_as_typed(tab: str, name: str) -> None:
    tables = changed(
        Edit("Check-ins", 2, {"Goal": "K9"}),
        Edit("KPIs", 2, {"Lead": None}),
        Edit("Groups", 3, {"OKR time": 0.0}),
    )
    tables = {name if key == tab else key: rows for key, rows in tables.items()}

    expected = {
        ("Check-ins", "B2", "unknown-goal"),
        ("KPIs", "E2", "no-lead"),
        ("Groups", "D3", "okrs-without-okr-time"),
    }
    renamed = {(name if t == tab else t, cell, code) for t, cell, code in expected}
    assert places(run(tables)) == renamed


# Columns: missing and duplicate


@pytest.mark.parametrize(
    ("tab", "header"),
    [
        pytest.param("Strategy", "Kind", id="strategy-kind"),
        pytest.param("Strategy", "Statement", id="strategy-statement"),
        pytest.param("KPIs", "KPI", id="kpis-kpi"),
        pytest.param("OKRs", "Type", id="okrs-type"),
        pytest.param("OKRs", "Title", id="okrs-title"),
        pytest.param("Check-ins", "Date", id="check-ins-date"),
        pytest.param("Check-ins", "Goal", id="check-ins-goal"),
        pytest.param("Groups", "Group", id="groups-group"),
        pytest.param("People", "Name", id="people-name"),
    ],
)
def test_columns_missing_required_is_a_finding(tab: str, header: str) -> None:
    findings = parse(changed(Drop(tab, column=header))).findings

    assert [(f.tab, f.cell, f.code, f.column) for f in findings] == [
        (tab, "1", "missing-column", header)
    ]


def test_columns_missing_optional_is_no_finding() -> None:
    tables = changed(Drop("KPIs", column="Unit"), Drop("OKRs", column="Weight"))

    assert parse(tables).findings == []


def test_columns_all_missing_on_an_empty_tab() -> None:
    findings = parse(changed(Tab("Strategy", []))).findings

    assert [(f.tab, f.cell, f.code, f.column) for f in findings] == [
        ("Strategy", "1", "missing-column", "Kind"),
        ("Strategy", "1", "missing-column", "Statement"),
    ]


def test_columns_duplicate_first_one_wins() -> None:
    tables = changed(NewColumn("KPIs", "Owner", ("Zed Zane", "Zed Zane", "Zed Zane")))

    parsed = parse(tables)
    assert places(parsed.findings) == {("KPIs", "N1", "duplicate-column")}
    assert parsed.findings[0].value == "Owner"
    assert [k.lead for k in parsed.workbook.kpis] == ["Ana Lima", "Bo Chen", "Cy Diaz"]


def test_columns_header_error_value_is_ignored() -> None:
    tables = changed(NewColumn("KPIs", "x", ("a", "b", "c")))
    tables["KPIs"][0][-1] = ErrorValue("#REF!")

    parsed = parse(tables)
    assert parsed.findings == []
    assert records(parsed.workbook) == BASELINE_RECORDS


# Cells that cannot be read


@pytest.mark.parametrize(
    ("tab", "row", "header", "value", "expected"),
    [
        pytest.param(
            "KPIs", 2, "Target", "lots", ("J2", "bad-number", "lots"), id="bad-number"
        ),
        pytest.param(
            "KPIs", 3, "Current", True, ("M3", "bad-number", "True"), id="bool-number"
        ),
        pytest.param(
            "KPIs",
            3,
            "Current",
            "1,2",
            ("M3", "ambiguous-number", "1,2"),
            id="decimal-comma-without-locale",
        ),
        pytest.param(
            "KPIs",
            3,
            "Current",
            "1.200",
            ("M3", "ambiguous-number", "1.200"),
            id="thousands-or-decimals",
        ),
        pytest.param(
            "KPIs", 3, "Current", "1,2,3", ("M3", "bad-number", "1,2,3"), id="commas"
        ),
        pytest.param(
            "OKRs", 7, "Weight", "heavy", ("K7", "bad-number", "heavy"), id="weight"
        ),
        pytest.param(
            "Check-ins",
            4,
            "Date",
            "last Friday",
            ("A4", "bad-date", "last Friday"),
            id="bad-date",
        ),
        pytest.param(
            "Check-ins",
            4,
            "Date",
            "2026-13-01",
            ("A4", "bad-date", "2026-13-01"),
            id="bad-date-month-13",
        ),
        pytest.param(
            "Check-ins", 4, "Date", -5.0, ("A4", "bad-date", "-5"), id="bad-date-serial"
        ),
        pytest.param(
            "OKRs", 6, "Timeframe", "soon", ("I6", "bad-timeframe", "soon"), id="time"
        ),
        pytest.param(
            "OKRs",
            3,
            "Status",
            "green",
            ("O3", "unknown-choice", "green"),
            id="unknown-status",
        ),
        pytest.param(
            "Strategy",
            5,
            "Kind",
            "Pilar",
            ("A5", "unknown-choice", "Pilar"),
            id="unknown-kind",
        ),
        pytest.param(
            "Check-ins",
            5,
            "Confidence",
            ErrorValue("#DIV/0!"),
            ("F5", "error-value", "#DIV/0!"),
            id="error-value",
        ),
        pytest.param(
            "Strategy",
            2,
            "Statement",
            ErrorValue("#NAME?"),
            ("B2", "error-value", "#NAME?"),
            id="error-value-text",
        ),
    ],
)
def test_cells_unreadable_are_findings_at_their_cell(
    tab: str, row: int, header: str, value: CellValue, expected: tuple[str, str, str]
) -> None:
    findings = parse(changed(Edit(tab, row, {header: value}))).findings

    assert [(f.tab, f.cell, f.code, f.value) for f in findings] == [(tab, *expected)]
    assert findings[0].column == header


def test_cells_unreadable_message_names_column_and_value() -> None:
    [found] = parse(changed(Edit("KPIs", 2, {"Target": "lots"}))).findings

    assert found.message == (
        "Target should be a number, found 'lots'. Type a number such as 42, 3.5 or 80%."
    )


def test_cells_unknown_choice_lists_the_choices() -> None:
    [found] = parse(changed(Edit("OKRs", 3, {"Status": "green"}))).findings

    assert found.message == (
        "Status 'green' is not one of: on track, needs attention, off track, "
        "accomplished. Pick one from the list."
    )


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        pytest.param("80%", 0.8, id="percent"),
        pytest.param("1,200,000", 1200000.0, id="thousands"),
        pytest.param("$1.2M", 1200000.0, id="currency-and-scale"),
        pytest.param("(45)", -45.0, id="accounting-negative"),
        pytest.param("1,200.5", 1200.5, id="thousands-decimals"),
        pytest.param(" 1 200 ", 1200.0, id="spaced-thousands"),
        pytest.param("\u22125", -5.0, id="unicode-minus"),
        pytest.param("3.5", 3.5, id="decimal-text"),
        pytest.param(7, 7.0, id="integer"),
    ],
)
def test_cells_number_text_read_as_number(typed: CellValue, number: float) -> None:
    parsed = parse(changed(Edit("KPIs", 2, {"Current": typed})))

    assert parsed.findings == []
    assert parsed.workbook.kpis[0].current == pytest.approx(number)


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        pytest.param("2026-05-14", dt.date(2026, 5, 14), id="iso"),
        pytest.param("14 May 2026", dt.date(2026, 5, 14), id="day-month-year"),
        pytest.param("May 14, 2026", dt.date(2026, 5, 14), id="month-day-year"),
        pytest.param(46156.0, dt.date(2026, 5, 14), id="serial"),
        pytest.param(dt.datetime(2026, 5, 14, 9, 30), dt.date(2026, 5, 14), id="time"),
    ],
)
def test_cells_date_forms_read_as_date(typed: CellValue, date: dt.date) -> None:
    parsed = parse(changed(Edit("Check-ins", 2, {"Date": typed})))

    assert parsed.findings == []
    assert parsed.workbook.check_ins[0].date == date


@pytest.mark.parametrize(
    ("typed", "approved"),
    [
        pytest.param("Yes", True, id="yes"),
        pytest.param(True, True, id="checkbox"),
        pytest.param("pending", False, id="pending"),
        pytest.param(None, None, id="blank"),
    ],
)
def test_cells_yes_no_read(typed: CellValue, approved: bool | None) -> None:
    parsed = parse(changed(Edit("OKRs", 6, {"Approved": typed})))

    assert parsed.findings == []
    assert parsed.workbook.okrs[4].approved is approved


# Settings


def settings_tab(*rows: list[CellValue]) -> Tab:
    return Tab("Settings", [["Setting", "Value"], *[list(row) for row in rows]])


SEVEN_SALES_KPIS = add("KPIs", *(kpi(f"K{n}") for n in range(4, 10)))


def test_settings_override_max_kpis() -> None:
    assert places(run(changed(SEVEN_SALES_KPIS))) == {("KPIs", "C10", "too-many-kpis")}
    tables = changed(SEVEN_SALES_KPIS, settings_tab(["Max KPIs per group", "7"]))

    parsed = parse(tables)
    assert parsed.workbook.settings.max_kpis_per_group == 7
    assert places(run(tables)) == set()


def test_settings_override_key_result_cadence() -> None:
    late = Edit("Check-ins", 5, {"Date": dt.date(2026, 5, 1)})
    assert places(run(changed(late))) == {("OKRs", "H3", "check-in-overdue")}

    tables = changed(late, settings_tab(["KR cadence", 14.0]))
    assert places(run(tables)) == set()


@pytest.mark.parametrize(
    ("row", "field", "value"),
    [
        pytest.param(["max kpis", 7.0], "max_kpis_per_group", 7, id="lower-case"),
        pytest.param(["Max pillars", "6"], "max_pillars", 6, id="text-number"),
        pytest.param(["On track gap", "10%"], "on_track_gap", 0.1, id="percent"),
        pytest.param(
            ["Today's date", "2026-05-01"], "today", dt.date(2026, 5, 1), id="today"
        ),
        pytest.param(["Locale", "en-GB"], "number_locale", "en-GB", id="text"),
    ],
)
def test_settings_values_read_by_type(
    row: list[CellValue], field: str, value: object
) -> None:
    parsed = parse(changed(settings_tab(row)))

    assert parsed.findings == []
    assert getattr(parsed.workbook.settings, field) == value


def test_settings_unknown_setting_is_a_finding_others_still_apply() -> None:
    tables = changed(settings_tab(["Colour", "blue"], ["Max KPIs", 7.0]))

    parsed = parse(tables)
    assert places(parsed.findings) == {("Settings", "A2", "unknown-setting")}
    assert parsed.findings[0].value == "Colour"
    assert "Known settings: today, on track gap," in parsed.findings[0].message
    assert parsed.workbook.settings.max_kpis_per_group == 7


def test_settings_bad_value_keeps_the_default() -> None:
    parsed = parse(changed(settings_tab(["Max KPIs", "seven"])))

    assert places(parsed.findings) == {("Settings", "B2", "bad-number")}
    assert parsed.workbook.settings.max_kpis_per_group == 6


def test_settings_blank_value_keeps_the_default() -> None:
    parsed = parse(changed(settings_tab(["Max KPIs", None], ["Min pillars", 2.0])))

    assert parsed.findings == []
    assert parsed.workbook.settings.max_kpis_per_group == 6
    assert parsed.workbook.settings.min_pillars == 2


# Number locale: typed numbers read as pasted ones do


@pytest.mark.parametrize(
    ("locale", "typed", "number"),
    [
        pytest.param("en", "1,200", 1200.0, id="en-thousands"),
        pytest.param("de", "1.200", 1200.0, id="de-thousands"),
        pytest.param("de", "1,5", 1.5, id="de-decimal-comma"),
        pytest.param("fr", "1 200,5", 1200.5, id="fr-space-thousands"),
        pytest.param("de-CH", "1'200.5", 1200.5, id="swiss-apostrophe"),
    ],
)
def test_number_locale_reads_typed_numbers(
    locale: str, typed: str, number: float
) -> None:
    parsed = parse(
        changed(
            Edit("KPIs", 2, {"Current": typed}),
            settings_tab(["Number locale", locale]),
            Edit("OKRs", 5, {"Target": None}),
        )
    )

    assert parsed.findings == []
    assert parsed.workbook.kpis[0].current == pytest.approx(number)


def test_number_locale_applies_to_settings_rows_above_it() -> None:
    tables = changed(
        settings_tab(["On track gap", "0,1"], ["Number locale", "de"]),
        Edit("OKRs", 5, {"Target": ">= 99,5%"}),
    )

    parsed = parse(tables)

    assert parsed.findings == []
    assert parsed.workbook.settings.on_track_gap == pytest.approx(0.1)


def test_number_locale_unknown_is_a_finding_and_numbers_read_without_one() -> None:
    tables = changed(
        settings_tab(["Number locale", "xx-YY"]),
        Edit("KPIs", 2, {"Current": "1,5"}),
    )

    parsed = parse(tables)

    assert [(f.tab, f.cell, f.code) for f in parsed.findings] == [
        ("Settings", "B2", "unknown-locale"),
        ("KPIs", "M2", "ambiguous-number"),
    ]
    assert parsed.workbook.settings.number_locale == ""


# The Actuals tab and the remembered calculation


def test_actuals_tab_read_into_the_workbook_in_schema_order() -> None:
    tables = changed(
        Tab("Actuals", [["KPI", "Month", "Actual"], ["K1", "Apr 2026", "120"]])
    )
    tables = {"Actuals": tables.pop("Actuals"), **tables}

    book = parse(tables).workbook

    assert [(a.kpi, a.month, a.value) for a in book.actuals] == [
        ("K1", dt.date(2026, 4, 1), 120.0)
    ]
    assert book.column("Actuals", "month").letter == "B"
    assert list(book.tab_names) == [
        "Strategy",
        "KPIs",
        "OKRs",
        "Check-ins",
        "Groups",
        "People",
        "Actuals",
    ]


def test_actuals_read_with_the_number_locale() -> None:
    tables = changed(
        Tab("Actuals", [["KPI", "Month", "Actual"], ["K1", "Apr 2026", "1.234,5"]]),
        settings_tab(["Number locale", "de"]),
        Edit("OKRs", 5, {"Target": None}),
    )

    assert [a.value for a in parse(tables).workbook.actuals] == [1234.5]


@pytest.mark.parametrize(
    ("check", "previous"),
    [
        pytest.param("✔ Value 120 | calculation: sum this month", "sum this month"),
        pytest.param("⚠ KPI K1 ... | Calculation: latest ]", "latest", id="bracket"),
        pytest.param("✔ Value 120 from Current.", "", id="no-mark"),
        pytest.param(None, "", id="blank"),
        pytest.param(42.0, "", id="not-text"),
    ],
)
def test_kpi_check_cell_remembers_the_calculation(
    check: CellValue, previous: str
) -> None:
    tables = changed(NewColumn("KPIs", "Check", (check,)))

    assert parse(tables).workbook.kpis[0].previous_calculation == previous


def test_tabs_own_name_wins_over_a_synonym_tab_people_keep() -> None:
    tables = baseline()
    teams = [["Team", "Budget"], ["Web shop", "120k"]]
    tables = {"Teams": teams, **tables}

    parsed = read_workbook(grids(tables))

    assert parsed.workbook.tab_names["Groups"] == "Groups"
    assert [group.name for group in parsed.workbook.groups or []] == [
        row[0] for row in tables["Groups"][1:]
    ]
