"""``flask export ideas|ballots|summaries``: the planners' exports from the command line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from vizlou.cli import clean_errors
from vizlou.extensions import db
from vizlou.services import audit
from vizlou.services.exports import tables as exports
from vizlou.services.exports.formats import FORMATS
from vizlou.services.filters import Filters

group = AppGroup("export", help="Export ideas, anonymised ballots or area summaries.")

DAY = click.DateTime(["%Y-%m-%d"])


def _command(kind: str, help_text: str):
    @group.command(kind, help=help_text)
    @click.option("--format", "fmt", required=True, type=click.Choice(list(FORMATS)),
                  help="csv, xlsx, geojson, gpkg or shp (a zipped Shapefile).")
    @click.option("--out", "out", required=True, type=click.Path(path_type=Path),
                  help="The file to write.")
    @click.option("--layer", help="The area layer (default: the city's main layer).")
    @click.option("--public", is_flag=True,
                  help="For the public: no participant numbers, small counts suppressed.")
    @click.option("--since", type=DAY, help="From this day (YYYY-MM-DD), included.")
    @click.option("--until", type=DAY, help="Up to this day (YYYY-MM-DD), included.")
    @click.option("--channel", help="Only web, kiosk, sms or paper.")
    @click.option("--category", help="Only this idea category (its key).")
    @clean_errors
    def command(fmt: str, out: Path, layer: str | None, public: bool,
                since: datetime | None, until: datetime | None, channel: str | None,
                category: str | None) -> None:
        if not out.parent.is_dir():
            raise click.ClickException(f"The folder {out.parent} does not exist.")
        flt = Filters(since=since.date() if since else None,
                      until=until.date() if until else None, channel=channel,
                      category=category, layer=layer)
        result = exports.write_export(
            db.session, current_app.config["CITY"], kind, fmt, flt, out,
            actor=audit.COMMAND_LINE, key=current_app.config["SECRET_KEY"].encode(),
            public=public)
        click.echo(f"Wrote {result.rows} rows of {kind} to {out}.")

    return command


ideas = _command("ideas", "Export the ideas (hidden ones left out) with their areas.")
ballots = _command("ballots", "Export the ballots, anonymised, with each voter's area.")
summaries = _command("summaries", "Export the area summaries of a layer, with its shapes.")
