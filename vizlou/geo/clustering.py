"""Map cells for server-side clustering, in Web Mercator.

A cell at zoom ``z`` is a 64-pixel square of the map at that zoom: there are
``2 ** (z + 2)`` cells across the world. A cell at zoom ``z`` contains exactly the
four cells at zoom ``z + 1`` whose indexes shifted right by one give its own, so
coarser clusters are sums of finer ones.
"""

from __future__ import annotations

import math

import numpy as np

CELL_LEVELS = (14, 17)  # counts are kept per cell at these zooms (about 480 m and 60 m here)
MAX_LAT = 85.05112878


def _x(lon):
    return (np.asarray(lon, dtype=float) + 180.0) / 360.0


def _y(lat):
    lat = np.clip(np.asarray(lat, dtype=float), -MAX_LAT, MAX_LAT)
    s = np.sin(np.radians(lat))
    return 0.5 - np.log((1 + s) / (1 - s)) / (4 * math.pi)


def cells(lon, lat, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Cell indexes ``(cx, cy)`` of points (arrays) at ``zoom``."""
    size = 2 ** (zoom + 2)
    cx = np.clip(np.floor(_x(lon) * size), 0, size - 1).astype(np.int64)
    cy = np.clip(np.floor(_y(lat) * size), 0, size - 1).astype(np.int64)
    return cx, cy


def cell(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    cx, cy = cells([lon], [lat], zoom)
    return int(cx[0]), int(cy[0])


def cell_bounds(cx, cy, zoom: int) -> tuple[np.ndarray, ...]:
    """``(west, south, east, north)`` in degrees of cells (arrays of their indexes)."""
    size = 2 ** (zoom + 2)
    cx, cy = np.asarray(cx, dtype=float), np.asarray(cy, dtype=float)

    def lat(y):
        return np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * y / size))))

    return cx / size * 360 - 180, lat(cy + 1), (cx + 1) / size * 360 - 180, lat(cy)


def bbox_cells(west: float, south: float, east: float, north: float,
               zoom: int) -> tuple[int, int, int, int]:
    """The inclusive cell ranges ``(cx0, cx1, cy0, cy1)`` covering a bounding box."""
    (cx0, cx1), (cy1, cy0) = (v.tolist() for v in cells([west, east], [south, north], zoom))
    return cx0, cx1, cy0, cy1


def level_for(zoom: int) -> int | None:
    """The finest stored level that is not finer than ``zoom`` needs; None past the last."""
    return next((level for level in CELL_LEVELS if zoom <= level), None)


def cell_totals(lon: np.ndarray, lat: np.ndarray, keys: np.ndarray, zoom: int
                ) -> list[tuple[int, int, object, int, float, float]]:
    """``(cx, cy, key, count, sum of lon, sum of lat)`` per cell and key, vectorised."""
    if len(lon) == 0:
        return []
    cx, cy = cells(lon, lat, zoom)
    labels, key_index = np.unique(keys, return_inverse=True)
    size = 2 ** (zoom + 2)
    code = (cx * size + cy) * len(labels) + key_index
    uniq, inverse, counts = np.unique(code, return_inverse=True, return_counts=True)
    sum_lon = np.bincount(inverse, weights=lon)
    sum_lat = np.bincount(inverse, weights=lat)
    out = []
    for i, c in enumerate(uniq.tolist()):
        cell_code, k = divmod(c, len(labels))
        out.append((cell_code // size, cell_code % size, labels[k], int(counts[i]),
                    float(sum_lon[i]), float(sum_lat[i])))
    return out
