"""The `goalsheet` command: a thin layer over sheets/ and rules/."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path

import click

from rules.evaluate import Evaluation, evaluate
from server.report import format_json, format_table
from sheets.errors import WorkbookError
from sheets.parse import read_workbook
from sheets.plan import WritePlan
from sheets.xlsx import read_xlsx


def _parse_day(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-05-15.") from None


@click.group()
@click.version_option(package_name="goalsheet")
@click.option(
    "-v", "--verbose", is_flag=True, help="Log each step: reads, writes, retries."
)
def main(verbose: bool) -> None:
    """Check and sync a company's strategy, KPIs, OKRs and check-ins."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--empty", is_flag=True, help="Only the tabs and headers, no rows.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@click.option(
    "--into",
    "into",
    is_flag=True,
    help="Add the goal tabs to PATH, an existing workbook, changing nothing else.",
)
def new(path: Path, empty: bool, force: bool, into: bool) -> None:
    """Write a starter workbook with every tab, header and dropdown.

    With --into, add the same tabs to a workbook you already have.
    """
    story = "tabs and headers" if empty else "the sample story"
    if into:
        _add_goal_tabs(path, empty)
        click.echo(f"Added the goal tabs to {path} with {story}.")
        return
    if path.exists() and not force:
        raise click.ClickException(
            f"{path} already exists; choose another name or pass --force."
        )
    if path.suffix.lower() != ".xlsx":
        raise click.ClickException(f"{path} should end in .xlsx.")
    from sheets.sample import write_sample  # openpyxl is only needed here

    write_sample(path, empty=empty)
    click.echo(f"Wrote {path} with {story}.")


def _add_goal_tabs(path: Path, empty: bool) -> None:
    from sheets.starter import add_goal_tabs

    if not path.exists():
        raise click.ClickException(f"{path} does not exist; --into adds to a file.")
    try:
        add_goal_tabs(path, empty=empty)
    except WorkbookError as error:
        click.echo(f"goalsheet: {error}", err=True)
        sys.exit(error.exit_code)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A readable table, or JSON for scripts.",
)
@click.option(
    "--today",
    callback=_parse_day,
    metavar="YYYY-MM-DD",
    help="Evaluate as of this day instead of the Settings tab's or the clock's.",
)
def check(path: Path, output: str, today: dt.date | None) -> None:
    """Check a workbook against the goal framework and print the findings.

    Exits 0 when there are no errors, 1 when there are, 2 when the workbook
    cannot be read.
    """
    try:
        parsed = read_workbook(read_xlsx(path))
    except WorkbookError as error:
        if output == "json":
            click.echo(json.dumps({"error": str(error), "file": str(path)}))
        click.echo(f"goalsheet: {error}", err=True)
        sys.exit(error.exit_code)

    day = today or parsed.workbook.settings.today or dt.date.today()
    result = evaluate(parsed.workbook, day, parsed.findings)
    if output == "json":
        click.echo(format_json(result, source=str(path)))
    else:
        click.echo(format_table(result, source=str(path)))
    sys.exit(1 if result.has_errors else 0)


@main.command()
@click.argument("target")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Excel only: write the synced workbook here and leave TARGET untouched.",
)
@click.option(
    "--today",
    callback=_parse_day,
    metavar="YYYY-MM-DD",
    help="Evaluate as of this day instead of the Settings tab's or the clock's.",
)
@click.option(
    "--credentials",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Google only: a service account key or user token file "
    "(default: $GOOGLE_APPLICATION_CREDENTIALS).",
)
def sync(
    target: str, out: Path | None, today: dt.date | None, credentials: Path | None
) -> None:
    """Write results into the owned columns and tabs of TARGET.

    TARGET is an .xlsx file, or a Google Sheets URL or spreadsheet ID. Only
    columns and tabs goalsheet owns change; a second sync with nothing new
    writes nothing. Exits 0 when the sync worked, 2 when the workbook cannot
    be read or written.
    """
    try:
        written, plan, result = _sync(target, out, today, credentials)
    except WorkbookError as error:
        click.echo(f"goalsheet: {error}", err=True)
        sys.exit(error.exit_code)

    summary = result.summary
    counts = summary.severities
    click.echo(
        f"{counts['error']} errors, {counts['warning']} warnings; "
        f"{summary.kpis_healthy} of {summary.kpis} KPIs healthy."
    )
    where = out or target
    if not written:
        click.echo(f"Nothing changed; {where} is as it was.")
        return
    names = [tab.name for tab in plan.tabs]
    tabs = ""
    if names:
        listed = " and ".join(names) if len(names) < 3 else ", ".join(names)
        tabs = f" and the {listed} tab{'s' if len(names) > 1 else ''}"
    click.echo(f"Wrote {len(plan.cells)} cells{tabs} to {where}.")


def _sync(
    target: str, out: Path | None, today: dt.date | None, credentials: Path | None
) -> tuple[bool, WritePlan, Evaluation]:
    """Sync a file or a Google Sheet; the CLI prints the outcome."""
    from sheets.google_client import load_credentials, looks_like_google

    path = Path(target)
    if path.is_file():
        from sheets.sync import sync_xlsx

        report = sync_xlsx(path, today=today, out=out)
        return report.written, report.plan, report.result
    if not looks_like_google(target):
        raise click.ClickException(
            f"{target} is neither a file nor a Google Sheets URL or spreadsheet ID."
        )
    if out is not None:
        raise click.ClickException("--out only applies to an .xlsx file.")
    from sheets.google_sync import sync_google

    google = sync_google(target, credentials=load_credentials(credentials), today=today)
    return google.written, google.plan, google.result


if __name__ == "__main__":
    main()
