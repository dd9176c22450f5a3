"""``flask paper import``: paper sheets of a session from a CSV file, with a progress bar."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from vizlou.cli import clean_errors
from vizlou.errors import NotFound
from vizlou.extensions import db
from vizlou.services.events import manage as sessions
from vizlou.services.paper import csv_files as paper_csv
from vizlou.services.paper import sheets as paper

group = AppGroup("paper", help="Type in paper forms: import a session's sheets from CSV.")


@group.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--session", "code", required=True, help="The session's join code.")
@clean_errors
def import_(path: Path, code: str) -> None:
    """Import paper sheets from a CSV file (columns in the README). Each row is stored on
    its own: bad rows are listed and store nothing; the good rows are kept. Exits with 1
    when a row has an error."""
    if not path.is_file():
        raise click.ClickException(f"There is no file {path}.")
    try:
        item = sessions.by_join_code(db.session, code)
    except NotFound:  # its message names the code with a parameter that it does not fill in
        raise click.ClickException(f"No session has the join code {code}.") from None
    header, rows = paper_csv.read_csv(path.read_bytes())
    reader = paper_csv.sheet_reader(db.session, current_app.config["CITY"], item, header)
    summary = paper.ImportSummary()
    results = paper.import_rows(db.session, current_app.config["CITY"], item, rows, reader,
                                key=current_app.config["SECRET_KEY"].encode())
    with click.progressbar(results, length=len(rows), label=f"Importing {len(rows)} sheets",
                           show_pos=True) as bar:
        for result in bar:
            summary.add(result)
    db.session.commit()
    click.echo(f"Stored {summary.stored} sheets for {item.name}; skipped {summary.skipped} "
               f"already stored; {len(summary.errors)} rows with errors.")
    for error in summary.errors:
        column = f", column {error.column}" if error.column else ""
        click.echo(f"row {error.row}{column}: {error.render()}", err=True)
    if summary.errors:
        click.get_current_context().exit(1)
