"""Scenario overlays: the line or area an option would change, drawn on the residents' map.

An overlay is checked before it is stored: a GeoJSON geometry of lines or polygons (a
Feature or a FeatureCollection of them is read too), every coordinate a finite number inside
the city's bounds, repaired when invalid, and simplified until it has at most
``MAX_VERTICES`` vertices, so that no option can make the questions' list heavy for phones.
"""

from __future__ import annotations

import json
import math

import numpy as np
import shapely
from shapely.geometry import GeometryCollection, shape
from shapely.geometry.base import BaseGeometry

from vizlou.errors import N_, InvalidInput

MAX_VERTICES = 5000
KINDS = {"LineString", "MultiLineString", "Polygon", "MultiPolygon"}
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


def _count(geometry: BaseGeometry) -> int:
    return int(shapely.get_num_coordinates(geometry))


def clean_overlay(value: object, bounds: tuple[float, float, float, float] | None) -> dict:
    """The overlay as a plain GeoJSON geometry, checked, repaired and simplified; InvalidInput
    with a message saying what is wrong."""
    shapes = []
    for geometry in _geometries(value):
        try:
            read = shape(geometry)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError,
                shapely.errors.GEOSException) as exc:
            raise _bad(N_("The drawing must be GeoJSON: a line or an area.")) from exc
        coords = shapely.get_coordinates(read)
        if len(coords) == 0:
            raise _bad(N_("The drawing holds nothing to show."))
        if not np.isfinite(coords).all():
            raise _bad(N_("Every point of the drawing must be a number."))
        if bounds is not None:
            west, south, east, north = bounds
            if (coords[:, 0].min() < west or coords[:, 0].max() > east
                    or coords[:, 1].min() < south or coords[:, 1].max() > north):
                raise _bad(N_("The drawing goes outside the city's map. Was it drawn in "
                              "another coordinate system?"))
        shapes.append(read if read.is_valid else shapely.make_valid(read))
    combined = shapes[0] if len(shapes) == 1 else shapely.union_all(shapes)
    if isinstance(combined, GeometryCollection) and not combined.geom_type.startswith("Multi"):
        combined = shapely.union_all([g for g in combined.geoms
                                      if g.geom_type in KINDS | {"LinearRing"}])
    tolerance = 0.00001
    while _count(combined) > MAX_VERTICES:
        combined = shapely.simplify(combined, tolerance, preserve_topology=True)
        tolerance *= 2
        if tolerance > 1:  # cannot happen with real shapes; stops a loop on broken ones
            raise _bad(N_("The drawing is too detailed to show."))
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
