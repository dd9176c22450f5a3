"""Light GeoJSON for phones: simplified outlines with rounded coordinates."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

DEFAULT_TOLERANCE = 0.0005  # degrees, about 50 m at mid latitudes
DEFAULT_DECIMALS = 5  # about 1 m


def light_geometry(geometry: BaseGeometry, tolerance: float = DEFAULT_TOLERANCE,
                   decimals: int = DEFAULT_DECIMALS) -> dict[str, Any]:
    simple = shapely.simplify(geometry, tolerance, preserve_topology=True)
    if simple.is_empty:  # a sliver smaller than the tolerance keeps its true shape
        simple = geometry
    rounded = shapely.transform(simple, lambda xy: np.round(xy, decimals))
    return json.loads(shapely.to_geojson(rounded))


def feature_collection(features: Iterable[tuple[Any, dict, BaseGeometry]],
                       tolerance: float = DEFAULT_TOLERANCE,
                       decimals: int = DEFAULT_DECIMALS) -> dict[str, Any]:
    """``(id, properties, geometry)`` triples as a GeoJSON FeatureCollection."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": fid, "properties": props,
             "geometry": light_geometry(geom, tolerance, decimals)}
            for fid, props, geom in features
        ],
    }
