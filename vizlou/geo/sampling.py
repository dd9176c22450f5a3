"""Random points inside polygons (for synthetic demo and benchmark data)."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry


def random_points_in(geometry: BaseGeometry, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` uniform random points inside ``geometry`` as an ``(n, 2)`` array of lon, lat."""
    if n <= 0:
        return np.empty((0, 2))
    west, south, east, north = geometry.bounds
    shapely.prepare(geometry)
    fill = max(geometry.area / max((east - west) * (north - south), 1e-12), 0.01)
    out: list[np.ndarray] = []
    have = 0
    while have < n:
        batch = int((n - have) / fill * 1.3) + 8
        lon = rng.uniform(west, east, batch)
        lat = rng.uniform(south, north, batch)
        inside = shapely.contains_xy(geometry, lon, lat)
        out.append(np.column_stack([lon[inside], lat[inside]]))
        have += int(inside.sum())
    return np.vstack(out)[:n]
