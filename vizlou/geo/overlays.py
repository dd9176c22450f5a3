"""Scenario overlays: the line or area an option would change, drawn on the residents' map.

An overlay is checked before it is stored: a GeoJSON geometry of lines or polygons (a
Feature or a FeatureCollection of them is read too), every coordinate a finite number inside
the city's bounds, simplified until it has at most ``MAX_VERTICES`` vertices (so that no
option can make the questions' list heavy for phones) and repaired when an area crosses
itself.

Every step costs time in proportion to the points drawn, never more: at most
``MAX_INPUT_POINTS`` are read; simplification (Douglas-Peucker) runs before any repair;
lines are never noded against each other; and an area that still crosses itself after
simplification is repaired only when it is small (``MAX_REPAIR_VERTICES``), because
repairing a tangle costs time in proportion to the square of its crossings.
"""

from __future__ import annotations

import json
import math

import numpy as np
import shapely
from shapely.geometry import MultiLineString, MultiPolygon, shape
from shapely.geometry.base import BaseGeometry

from vizlou.errors import N_, InvalidInput

MAX_VERTICES = 5000
MAX_INPUT_POINTS = 100_000
MAX_REPAIR_VERTICES = 500
LINES = {"LineString", "MultiLineString"}
AREAS = {"Polygon", "MultiPolygon"}
KINDS = LINES | AREAS
DECIMALS = 6  # about 10 cm


def _bad(message: str, **params) -> InvalidInput:
    return InvalidInput(message, field="overlay", **params)


def _geometries(value: object) -> list[dict]:
    if not isinstance(value, dict):
        raise _bad(N_("The drawing must be GeoJSON: a line or an area."))
    kind = value.get("type")
    if kind == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list) or not features:
            raise _bad(N_("The drawing holds nothing to show."))
        return [g for f in features for g in _geometries(f)]
    if kind == "Feature":
        return _geometries(value.get("geometry"))
    if kind == "GeometryCollection":
        parts = value.get("geometries")
        if not isinstance(parts, list):
            raise _bad(N_("The drawing must be GeoJSON: a line or an area."))
        return [g for part in parts for g in _geometries(part)]
    if kind not in KINDS:
        raise _bad(N_("Draw lines or areas; points and other shapes cannot be shown as a "
                      "scenario."))
    return [value]


def _count(geometries) -> int:
    return int(np.sum(shapely.get_num_coordinates(geometries)))


def _read(geometry: dict, bounds) -> BaseGeometry:
    if not is_finite(geometry.get("coordinates")):
        raise _bad(N_("Every point of the drawing must be a number."))
    try:
        read = shape(geometry)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError,
            shapely.errors.GEOSException) as exc:
        raise _bad(N_("The drawing must be GeoJSON: a line or an area.")) from exc
    coords = shapely.get_coordinates(read)
    if len(coords) == 0:
        raise _bad(N_("The drawing holds nothing to show."))
    if bounds is not None:
        west, south, east, north = bounds
        if (coords[:, 0].min() < west or coords[:, 0].max() > east
                or coords[:, 1].min() < south or coords[:, 1].max() > north):
            raise _bad(N_("The drawing goes outside the city's map. Was it drawn in "
                          "another coordinate system?"))
    return read


def _simplified(shapes: list[BaseGeometry]) -> list[BaseGeometry]:
    """Douglas-Peucker with one tolerance for every part, doubled until few enough
    vertices are left: n log n per round, and each round starts from the last."""
    west, south, east, north = shapely.total_bounds(shapes)
    tolerance = max(east - west, north - south) / MAX_VERTICES / 4
    simple = np.array(shapes, dtype=object)
    while _count(simple) > MAX_VERTICES:
        simple = shapely.simplify(simple, tolerance, preserve_topology=False)
        tolerance *= 2
        if tolerance > 1:  # cannot happen inside a city's bounds; stops a loop otherwise
            raise _bad(N_("The drawing is too detailed to show."))
    return [s for s in simple if not s.is_empty]


def _repaired(area: BaseGeometry) -> BaseGeometry:
    if area.is_valid:
        return area
    if _count(area) > MAX_REPAIR_VERTICES:
        raise _bad(N_("The area crosses itself too often to repair. Fix it in your "
                      "drawing tool, or draw it again."))
    return shapely.make_valid(area, method="structure", keep_collapsed=False)


def _combined(parts: list[BaseGeometry]) -> BaseGeometry:
    kinds = {p.geom_type for p in parts}
    if kinds <= LINES:
        lines = [line for p in parts for line in getattr(p, "geoms", [p])]
        return lines[0] if len(lines) == 1 else MultiLineString(lines)
    if kinds <= AREAS:
        areas = [_repaired(p) for p in parts]
        areas = [a for a in areas if not a.is_empty]
        if not areas:
            raise _bad(N_("The drawing holds nothing to show."))
        merged = areas[0] if len(areas) == 1 else shapely.union_all(areas)
        if merged.geom_type == "GeometryCollection":
            merged = MultiPolygon([g for g in merged.geoms if g.geom_type == "Polygon"])
        return merged
    raise _bad(N_("Draw either lines or areas for one option, not both."))


def clean_overlay(value: object, bounds: tuple[float, float, float, float] | None) -> dict:
    """The overlay as a plain GeoJSON geometry, checked, simplified and repaired;
    InvalidInput with a message saying what is wrong."""
    geometries = _geometries(value)
    shapes, points = [], 0
    for geometry in geometries:
        shapes.append(_read(geometry, bounds))
        points += _count(shapes[-1])
        if points > MAX_INPUT_POINTS:
            raise _bad(N_("The drawing has more than %(count)s points. Simplify it in your "
                          "drawing tool first."), count=f"{MAX_INPUT_POINTS:,}")
    parts = _simplified(shapes)
    if not parts:
        raise _bad(N_("The drawing holds nothing to show."))
    combined = _combined(parts)
    rounded = shapely.transform(combined, lambda xy: np.round(xy, DECIMALS))
    out = json.loads(shapely.to_geojson(rounded))
    if out.get("type") not in KINDS:
        raise _bad(N_("Draw lines or areas; points and other shapes cannot be shown as a "
                      "scenario."))
    return out


def is_finite(value: object) -> bool:
    """For overlays stored before they were checked: True when every number is finite."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(is_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(is_finite(v) for v in value)
    return True
