"""``flask city init``: a new city in one command (its file, and its main layer imported)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from vizlou.city import available_languages, load_city
from vizlou.cli import clean_errors
from vizlou.errors import ConfigError
from vizlou.extensions import db
from vizlou.geo.boundaries import read_boundaries
from vizlou.services.areas import city_file
from vizlou.services.areas import imports as area_imports

group = AppGroup("city", help="Set up a city.")


@group.command("init")
@click.option("--name", required=True, help='The city\'s name, such as "Washington, DC".')
@click.option("--boundaries", "path", required=True, type=click.Path(path_type=Path),
              help="The main layer's GIS file (GeoJSON, Shapefile, zip or GeoPackage).")
@click.option("--name-field", required=True, help="The field with each area's name.")
@click.option("--population-field", help="The field with each area's population.")
@click.option("--crs", help="The file's CRS when it does not say, such as EPSG:2248.")
@click.option("--languages", default="en,es", show_default=True,
              help="The city's languages, first the default, comma-separated.")
@click.option("--layer", "layer_key", default="areas", show_default=True,
              help="The main layer's key.")
@click.option("--layer-title", default="Areas", show_default=True,
              help="The main layer's title, as people read it.")
@click.option("--timezone", default="UTC", show_default=True,
              help="The city's time zone, such as America/New_York.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Where to write the city file (default: the instance's city.toml, which "
                   "`make run` then serves).")
@click.option("--force", is_flag=True, help="Replace a city file that exists.")
@clean_errors
def init(name: str, path: Path, name_field: str, population_field: str | None,
         crs: str | None, languages: str, layer_key: str, layer_title: str, timezone: str,
         out: Path | None, force: bool) -> None:
    """Write a complete city file for NAME from its boundaries, and import them."""
    wanted = [code.strip() for code in languages.split(",") if code.strip()]
    available = available_languages()
    unknown = [code for code in wanted if code not in available]
    if not wanted or unknown:
        raise ConfigError(f"--languages: {', '.join(unknown) or 'none given'}: a language "
                          f"needs a catalogue (there are: {', '.join(available)})")
    out = out or Path(current_app.instance_path) / "city.toml"
    if out.exists() and not force:
        raise ConfigError(f"{out} exists: give --force to replace it, or --out elsewhere")
    upgrade(directory=current_app.extensions["migrate"].directory)
    boundaries = read_boundaries(path, name_field=name_field,
                                 population_field=population_field, crs=crs)
    text = city_file.city_toml(
        name=name, view=city_file.view_of(boundaries), languages=wanted, layer_key=layer_key,
        layer_title=layer_title, boundaries_path=str(path.resolve()), name_field=name_field,
        population_field=population_field, crs=crs, timezone=timezone)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_suffix(".toml.part")
    temporary.write_text(text, encoding="utf-8")
    load_city(temporary)  # the file it wrote is one the app starts with, or nothing is kept
    temporary.replace(out)
    result = area_imports.import_layer(db.session, key=layer_key, title=layer_title,
                                       boundaries=boundaries, source=path.name)
    click.echo(f"Wrote {out} for {name}: {result.areas} areas in layer {layer_key!r}, "
               f"languages {', '.join(wanted)}. Edit its categories, then `make run`.")
