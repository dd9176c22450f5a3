"""``flask places import|search`` (the gazetteer) and ``flask messages deliver`` (the outbox
of news to residents: sent after each change, and here again for what could not be sent)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from vizlou.cli import clean_errors
from vizlou.extensions import db
from vizlou.geo.gazetteer import read_places
from vizlou.services.messaging import outbox, phones, senders
from vizlou.services.places import imports, search

group = AppGroup("places", help="The gazetteer: landmarks, streets and their corners.")
messages = AppGroup("messages", help="Texts and emails to residents about their ideas.")


@group.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--name-field", required=True, help="The field that holds each place's name.")
@click.option("--kind", type=click.Choice(["landmark", "street"]),
              help="What the features are (by default lines are streets, the rest landmarks).")
@click.option("--crs", help="The file's coordinate reference system, when it does not say.")
@clean_errors
def import_(path: Path, name_field: str, kind: str | None, crs: str | None) -> None:
    """Import PATH (GeoJSON, Shapefile, zipped Shapefile or GeoPackage) into the gazetteer;
    the intersections of its streets are computed. Importing the same file again replaces
    what it brought before."""
    entries = read_places(path, name_field=name_field, kind=kind, crs=crs)
    result = imports.import_places(db.session, entries, source=path.name)
    click.echo(f"Imported {result.landmarks} landmarks, {result.streets} streets and "
               f"{result.intersections} intersections from {path.name}"
               + (f" (replacing {result.replaced} places)." if result.replaced else "."))


@group.command("search")
@click.argument("query")
@clean_errors
def search_(query: str) -> None:
    """Show what the map's search box finds for QUERY."""
    found = search.search(db.session, query)
    if not found:
        click.echo("Nothing found.")
    for place in found:
        click.echo(f"{place.name}\t{place.kind}\t{place.lat:.5f}, {place.lon:.5f}")


@messages.command("deliver")
@clean_errors
def deliver() -> None:
    """Send the news to residents that could not be sent when it was written."""
    config = current_app.config
    result = outbox.deliver(db.session, senders.from_config(config),
                            phones.pepper(config["SECRET_KEY"], config.get("PHONE_PEPPER", "")))
    click.echo(f"Sent {result['sent']}, failed {result['failed']} (kept to try again), "
               f"skipped {result['skipped']} (stopped or unreadable).")
