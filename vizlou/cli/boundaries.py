"""``flask boundaries import|list|remove``: area layers from any common GIS file."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from vizlou.cli import clean_errors
from vizlou.extensions import db
from vizlou.geo.boundaries import read_boundaries
from vizlou.services.areas import imports as area_imports
from vizlou.services.areas import layers as area_layers

group = AppGroup("boundaries", help="Import, list and remove area layers.")

KEY_HELP = "A short key for the layer, such as neighborhoods (letters, digits, _ and -)."


def _check_key(ctx, param, value: str) -> str:
    if not value or not all(c.isalnum() or c in "_-" for c in value) or len(value) > 60:
        raise click.BadParameter("use letters, digits, _ and - only (at most 60)")
    return value


def _check_name_fields(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    fields = {}
    for value in values:
        language, _, field_name = value.partition("=")
        if not language.isalpha() or len(language) > 5 or not field_name:
            raise click.BadParameter(f"write LANG=FIELD, such as fr=NOM_FR, not {value!r}")
        fields[language.lower()] = field_name
    return fields


@group.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--layer", "key", required=True, callback=_check_key, help=KEY_HELP)
@click.option("--name-field", required=True, help="The field that holds each area's name.")
@click.option("--population-field", help="The field that holds each area's population.")
@click.option("--crs", help="The file's coordinate reference system, such as EPSG:2246, "
              "when the file does not say.")
@click.option("--title", help="The layer's title as people see it.")
@click.option("--name-template", default="{}", show_default=True,
              help="How to write names, {} being the field's value, such as 'District {}'.")
@click.option("--source-layer", help="Which layer of a GeoPackage with several.")
@click.option("--name-field-in", "name_fields", multiple=True, callback=_check_name_fields,
              metavar="LANG=FIELD", help="The field that holds each area's name in another "
              "language, such as fr=NOM_FR (again for each language).")
@clean_errors
def import_(path: Path, key: str, name_field: str, population_field: str | None,
            crs: str | None, title: str | None, name_template: str,
            source_layer: str | None, name_fields: dict[str, str]) -> None:
    """Import PATH (GeoJSON, Shapefile, zipped Shapefile or GeoPackage) as a layer.

    A layer with the same key is replaced, and every existing idea is reassigned.
    """
    if "{}" not in name_template:
        raise click.BadParameter("must contain {}", param_hint="--name-template")
    boundary_set = read_boundaries(path, name_field=name_field,
                                   population_field=population_field, crs=crs,
                                   name_template=name_template, source_layer=source_layer,
                                   name_fields=name_fields)
    result = area_imports.import_layer(db.session, key=key, title=title, boundaries=boundary_set,
                                source=path.name)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    verb = "Replaced" if result.replaced else "Imported"
    click.echo(f"{verb} layer {key!r}: {result.areas} areas from {boundary_set.features_read} "
               f"features ({boundary_set.source_crs}); {result.ideas_assigned} ideas assigned.")


@group.command("list")
@clean_errors
def list_() -> None:
    """List the area layers."""
    layers = area_layers.list_layers(db.session)
    if not layers:
        click.echo("No area layers yet. Import one with: flask --app vizlou boundaries import")
        return
    main = current_app.config["CITY"].main_layer
    for info in layers:
        population = f", population {info.population:,}" if info.has_population else ""
        flag = " (main)" if info.key == main else ""
        click.echo(f"{info.key}{flag}: {info.title}, {info.areas} areas{population}")


@group.command("remove")
@click.argument("key")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@clean_errors
def remove(key: str, yes: bool) -> None:
    """Remove the layer KEY and its areas (ideas stay, with their other layers)."""
    area_layers.get_layer(db.session, key)
    if not yes:
        click.confirm(f"Remove the layer {key!r}?", abort=True)
    count = area_imports.remove_layer(db.session, key)
    click.echo(f"Removed layer {key!r} ({count} areas).")
