"""``flask ideas import``: existing records (another tool's ideas, a 311 export) brought in."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from vizlou.cli import clean_errors
from vizlou.errors import ConfigError
from vizlou.extensions import db
from vizlou.models import CHANNELS
from vizlou.services.ideas import imports

group = AppGroup("ideas", help="Bring in existing ideas.")


def mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        given, sep, key = pair.partition("=")
        if not sep or not given.strip() or not key.strip():
            raise ConfigError(f"--map {pair!r}: write it as THEIR_TOPIC=our_key")
        out[given.strip()] = key.strip()
    return out


@group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--text-field", required=True, help="The field with the idea's text.")
@click.option("--category-field", required=True, help="The field with the idea's topic.")
@click.option("--map", "pairs", multiple=True, metavar="THEIRS=OURS",
              help="A topic of the file and the city's category key it is (repeatable).")
@click.option("--date-field", help="The field with the original date (kept as it was).")
@click.option("--id-field", help="The field that names each record (else its row number).")
@click.option("--channel-field", help="The field with web, kiosk, sms or paper.")
@click.option("--channel", "default_channel", default="web", show_default=True,
              type=click.Choice(CHANNELS), help="The channel of records that do not say.")
@click.option("--lon-field", default="lon", show_default=True,
              help="In a CSV: the field with the longitude.")
@click.option("--lat-field", default="lat", show_default=True,
              help="In a CSV: the field with the latitude.")
@click.option("--crs", help="The file's CRS when it does not say.")
@clean_errors
def import_(path: Path, text_field: str, category_field: str, pairs: tuple[str, ...],
            date_field: str | None, id_field: str | None, channel_field: str | None,
            default_channel: str, lon_field: str, lat_field: str, crs: str | None) -> None:
    """Import the ideas of PATH (CSV with lon and lat, GeoJSON or GeoPackage). Each record
    is stored once: importing the same file again adds nothing. Rows with a problem are
    listed and store nothing; the exit status is 1 when there are any."""
    fields = imports.Fields(text=text_field, category=category_field, date=date_field,
                            id=id_field, channel=channel_field, lon=lon_field, lat=lat_field,
                            categories=mapping(pairs), default_channel=default_channel)
    results = list(imports.import_records(db.session, current_app.config["CITY"],
                                          imports.read_records(path, crs), fields,
                                          source=path.name))
    errors = [r for r in results if r.status == "error"]
    for r in errors:
        message = r.message % dict(r.params) if r.params else r.message
        click.echo(f"row {r.row}, {r.column or '-'}: {message}", err=True)
    stored = sum(r.status == "stored" for r in results)
    skipped = sum(r.status == "skipped" for r in results)
    click.echo(f"Stored: {stored}. Already stored before: {skipped}. Rows with errors: "
               f"{len(errors)}.")
    if errors:
        db.session.commit()  # the good rows stay, as the paper import keeps them
        click.get_current_context().exit(1)
