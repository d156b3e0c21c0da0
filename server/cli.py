"""The `goalsheet` command: a thin layer over sheets/ and rules/."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from rules.evaluate import evaluate
from server.report import format_json, format_table
from sheets.errors import WorkbookError
from sheets.parse import read_workbook
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
def main() -> None:
    """Check and sync a company's strategy, KPIs, OKRs and check-ins."""


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--empty", is_flag=True, help="Only the tabs and headers, no rows.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def new(path: Path, empty: bool, force: bool) -> None:
    """Write a starter workbook with every tab, header and dropdown."""
    if path.exists() and not force:
        raise click.ClickException(
            f"{path} already exists; choose another name or pass --force."
        )
    if path.suffix.lower() != ".xlsx":
        raise click.ClickException(f"{path} should end in .xlsx.")
    from sheets.sample import write_sample  # openpyxl is only needed here

    write_sample(path, empty=empty)
    story = "tabs and headers" if empty else "the sample story"
    click.echo(f"Wrote {path} with {story}.")


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


if __name__ == "__main__":
    main()
