"""``flask demo load|seed``: the shipped city, ready to explore."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup
from flask_migrate import upgrade
from sqlalchemy import func, select

from vizlou.cli import clean_errors
from vizlou.extensions import db
from vizlou.geo.boundaries import read_boundaries
from vizlou.models import Idea
from vizlou.services import demo
from vizlou.services.areas import imports as area_imports
from vizlou.services.areas import layers as area_layers

group = AppGroup("demo", help="Load the shipped city and demo data.")


def _seed(ideas: int, seed: int, until: datetime | None) -> None:
    report = demo.seed(db.session, current_app.config["CITY"], ideas=ideas, seed_value=seed,
                       until=until or demo.DEFAULT_UNTIL)
    click.echo(f"Seeded {report.ideas} ideas from {report.participants} participants, "
               f"{report.supports} supports, {report.questions} questions with "
               f"{report.ballots} ballots, {report.sessions} sessions.")


@group.command("seed")
@click.option("--ideas", default=1500, show_default=True, type=click.IntRange(1, 5_000_000))
@click.option("--seed", default=1, show_default=True, type=int,
              help="The same seed gives the same data.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]),
              help="The last day of the synthetic campaign (default 2026-11-01).")
@clean_errors
def seed(ideas: int, seed: int, until: datetime | None) -> None:
    """Add realistic synthetic ideas, supports, questions and ballots."""
    _seed(ideas, seed, until)


@group.command("load")
@click.option("--ideas", default=1500, show_default=True, type=click.IntRange(0, 5_000_000))
@clean_errors
def load(ideas: int) -> None:
    """Upgrade the database, import the city's missing layers, and seed demo data once."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    city = current_app.config["CITY"]
    present = {info.key for info in area_layers.list_layers(db.session)}
    for source in city.boundaries:
        if source.key in present:
            continue
        boundary_set = read_boundaries(source.path, name_field=source.name_field,
                                       population_field=source.population_field,
                                       crs=source.crs, name_template=source.name_template,
                                       name_fields=source.name_fields)
        result = area_imports.import_layer(db.session, key=source.key, title=source.title,
                                    boundaries=boundary_set, source=source.path.name)
        db.session.commit()
        click.echo(f"Imported layer {source.key!r}: {result.areas} areas.")
    if ideas and not db.session.scalar(select(func.count(Idea.id))):
        if city.demo_file is None or not city.demo_file.exists():
            click.echo("No demo data: this city has no demo file (the setting 'demo').")
        else:
            _seed(ideas, 1, None)
    click.echo(f"{city.name} is ready.")
