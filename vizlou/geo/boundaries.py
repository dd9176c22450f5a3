"""Read boundary files of any common GIS format into clean WGS 84 polygons.

GeoJSON, Shapefile (``.shp``, a folder holding one, or zipped) and GeoPackage,
in any coordinate reference system. Everything a real file can get wrong is
either repaired (invalid polygons, duplicate or missing names) with a warning,
or refused with a :class:`BoundaryFileError` that says what to do.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from vizlou.errors import N_, BoundaryFileError
from vizlou.geo import gis_files

READABLE_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json")
POLYGONAL = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class BoundaryArea:
    name: str
    population: int | None
    geometry: MultiPolygon
    names: dict[str, str] = field(default_factory=dict)  # the name in other languages


@dataclass
class BoundarySet:
    """The areas read from one file, with what was repaired along the way."""

    areas: list[BoundaryArea]
    source_crs: str
    features_read: int
    warnings: list[str] = field(default_factory=list)

    @property
    def has_population(self) -> bool:
        return any(a.population is not None for a in self.areas)


def read_boundaries(path: str | Path, *, name_field: str, population_field: str | None = None,
                    crs: str | None = None, name_template: str = "{}",
                    source_layer: str | None = None,
                    name_fields: dict[str, str] | None = None) -> BoundarySet:
    """Read, check, reproject and repair one boundary file. ``name_fields``: the fields that
    hold each area's name in other languages (``{"fr": "NOM_FR"}``)."""
    name_fields = name_fields or {}
    dataset = gis_files.dataset_path(Path(path), READABLE_SUFFIXES)
    frame = gis_files.read_frame(dataset, source_layer, str(path), polygons=True)
    if len(frame) == 0:
        raise BoundaryFileError(N_("%(path)s holds no features: there is nothing to import."),
                                path=str(path))
    _check_fields(frame, name_field, population_field)
    for language, other in name_fields.items():
        _check_fields(frame, other, None, name_option=f"--name-field-in {language}=")
    warnings: list[str] = []
    frame = with_crs(frame, crs, warnings)
    source_crs = frame.crs.to_string()

    geoms = _polygons_only(frame.geometry.values, warnings)
    keep = [g is not None for g in geoms]
    frame = frame.loc[keep].copy()
    frame["geometry"] = [g for g in geoms if g is not None]
    if len(frame) == 0:
        raise BoundaryFileError(N_("%(path)s holds no polygons with an outline."), path=str(path))
    frame = frame.set_geometry("geometry").to_crs(4326)
    _check_range(frame.total_bounds, source_crs)

    repaired = _repair(frame.geometry.values)
    if repaired["count"]:
        warnings.append(f"{repaired['count']} invalid polygon(s) repaired")
    rows = []
    for (_, record), geometry in zip(frame.iterrows(), repaired["geoms"], strict=True):
        if geometry is None:
            warnings.append("a polygon with no area left after repair was dropped")
            continue
        name = _name(record[name_field], name_template)
        population = _population(record[population_field], name) if population_field else None
        names = {language: translated for language, other in name_fields.items()
                 if (translated := _name(record[other], name_template)) is not None}
        rows.append((name, population, geometry, names))
    areas = _merge_names(rows, warnings)
    return BoundarySet(areas=areas, source_crs=source_crs, features_read=len(keep),
                       warnings=warnings)


def _check_fields(frame, name_field: str, population_field: str | None,
                  name_option: str = "--name-field") -> None:
    fields = [c for c in frame.columns if c != "geometry"]
    for wanted, option in ((name_field, name_option), (population_field, "--population-field")):
        if wanted is not None and wanted not in fields:
            raise BoundaryFileError(
                N_("The file has no field %(wanted)s (%(option)s). Its fields are: %(fields)s."),
                wanted=wanted, option=option, fields=", ".join(fields) or "none")


def with_crs(frame, crs: str | None, warnings: list[str]):
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    if crs:
        try:
            given = CRS.from_user_input(crs)
        except CRSError as exc:
            raise BoundaryFileError(N_("%(crs)s is not a coordinate reference system I know. "
                                       "Write it like EPSG:2246."), crs=crs) from exc
        if frame.crs is not None and CRS(frame.crs) != given:
            warnings.append(f"the file says its CRS is {frame.crs.to_string()}; "
                            f"using {crs} as given")
        return frame.set_crs(given, allow_override=True)
    if frame.crs is None:
        raise BoundaryFileError(
            N_("The file does not say which coordinate reference system it uses. "
               "Give it with --crs, for example --crs EPSG:2246."))
    return frame


def _polygons_only(geoms, warnings: list[str]) -> list[BaseGeometry | None]:
    """Polygonal parts of each feature; refuse files with points or lines."""
    out: list[BaseGeometry | None] = []
    empty = 0
    wrong: dict[str, int] = {}
    for geom in geoms:
        if geom is None or geom.is_empty:
            empty += 1
            out.append(None)
            continue
        polygonal = _polygonal_part(geom)
        if polygonal is None:
            wrong[geom.geom_type] = wrong.get(geom.geom_type, 0) + 1
            out.append(None)
        else:
            out.append(polygonal)
    if wrong:
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(wrong.items()))
        raise BoundaryFileError(
            N_("Boundaries must be polygons, but the file holds %(kinds)s."), kinds=kinds)
    if empty:
        warnings.append(f"{empty} feature(s) with no geometry skipped")
    return out


def _polygonal_part(geom: BaseGeometry) -> BaseGeometry | None:
    if geom.geom_type in POLYGONAL:
        return shapely.force_2d(geom)
    if geom.geom_type == "GeometryCollection":
        parts = [p for p in geom.geoms if p.geom_type in POLYGONAL]
        return shapely.force_2d(shapely.union_all(parts)) if parts else None
    return None


def _check_range(bounds, source_crs: str) -> None:
    west, south, east, north = (float(b) for b in bounds)
    if not all(math.isfinite(v) for v in (west, south, east, north)) or \
            west < -180 or east > 180 or south < -90 or north > 90:
        raise BoundaryFileError(
            N_("The coordinates do not fit %(crs)s: they fall outside the globe. "
               "Is the coordinate reference system right? Give the right one with --crs."),
            crs=source_crs)


def _repair(geoms) -> dict:
    """``make_valid`` on invalid polygons, keeping only their polygonal parts."""
    count = 0
    out: list[MultiPolygon | None] = []
    for geom in geoms:
        if not geom.is_valid:
            count += 1
            geom = _polygonal_part(shapely.make_valid(geom))
        out.append(_as_multipolygon(geom) if geom is not None and not geom.is_empty else None)
    return {"count": count, "geoms": out}


def _as_multipolygon(geom: BaseGeometry) -> MultiPolygon:
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    if isinstance(geom, MultiPolygon):
        return geom
    return MultiPolygon([p for p in getattr(geom, "geoms", []) if isinstance(p, Polygon)])


UNREADABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _name(value, template: str) -> str | None:
    """The area's name as people read it: control characters dropped, spaces tidied. The
    template (``--name-template``, typed by whoever imports) is formatted with the name as
    data: ``str.format`` reads fields in the template only, never in the value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, float):  # a number read from the file: 103.2 was written 103.20,
        value = f"{value:.2f}" if round(value, 2) == value else repr(value)  # census-style
    text = " ".join(UNREADABLE.sub(" ", str(value)).split())
    return template.format(text) if text else None


def _population(value, name: str | None) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise BoundaryFileError(N_("The population of %(name)s is not a number: %(value)s"),
                                name=name or "?", value=str(value)) from exc
    if not math.isfinite(number) or number < 0:
        raise BoundaryFileError(N_("The population of %(name)s must be zero or more, "
                                   "not %(value)s"), name=name or "?", value=str(value))
    return round(number)


def _merge_names(rows, warnings: list[str]) -> list[BoundaryArea]:
    """One area per name: pieces sharing a name are merged; unnamed pieces are numbered."""
    by_name: dict[str, list[tuple[int | None, MultiPolygon]]] = {}
    names_of: dict[str, dict[str, str]] = {}
    unnamed = 0
    for name, population, geometry, names in rows:
        if name is None:
            unnamed += 1
            name = f"Unnamed area {unnamed}"
        by_name.setdefault(name, []).append((population, geometry))
        names_of.setdefault(name, names)
    if unnamed:
        warnings.append(f"{unnamed} area(s) without a name were numbered 'Unnamed area N'")
    merged = [name for name, parts in by_name.items() if len(parts) > 1]
    if merged:
        warnings.append(f"{len(merged)} name(s) had several polygons, merged into one area "
                        f"each: {', '.join(merged)}")
    areas = []
    for name, parts in by_name.items():
        pops = [p for p, _ in parts if p is not None]
        geometry = parts[0][1] if len(parts) == 1 else _as_multipolygon(
            shapely.union_all([g for _, g in parts]))
        areas.append(BoundaryArea(name, sum(pops) if pops else None, geometry,
                                  names_of.get(name, {})))
    return areas
