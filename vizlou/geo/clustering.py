"""Map cells for server-side clustering, in Web Mercator.

A cell at zoom ``z`` is a 64-pixel square of the map at that zoom: there are
``2 ** (z + 2)`` cells across the world. A cell at zoom ``z`` contains exactly the
four cells at zoom ``z + 1`` whose indexes shifted right by one give its own, so
coarser clusters are sums of finer ones.
"""

from __future__ import annotations

import math

import numpy as np

CELL_ZOOM = 14  # counts are stored per cell at this zoom (about 500 m in Louisville)
MAX_LAT = 85.05112878


def _x(lon):
    return (np.asarray(lon, dtype=float) + 180.0) / 360.0


def _y(lat):
    lat = np.clip(np.asarray(lat, dtype=float), -MAX_LAT, MAX_LAT)
    s = np.sin(np.radians(lat))
    return 0.5 - np.log((1 + s) / (1 - s)) / (4 * math.pi)


def cells(lon, lat, zoom: int = CELL_ZOOM) -> tuple[np.ndarray, np.ndarray]:
    """Cell indexes ``(cx, cy)`` of points (arrays) at ``zoom``."""
    size = 2 ** (zoom + 2)
    cx = np.clip(np.floor(_x(lon) * size), 0, size - 1).astype(np.int64)
    cy = np.clip(np.floor(_y(lat) * size), 0, size - 1).astype(np.int64)
    return cx, cy


def cell(lon: float, lat: float, zoom: int = CELL_ZOOM) -> tuple[int, int]:
    cx, cy = cells([lon], [lat], zoom)
    return int(cx[0]), int(cy[0])


def bbox_cells(west: float, south: float, east: float, north: float,
               zoom: int = CELL_ZOOM) -> tuple[int, int, int, int]:
    """The inclusive cell ranges ``(cx0, cx1, cy0, cy1)`` covering a bounding box."""
    (cx0, cx1), (cy1, cy0) = (v.tolist() for v in cells([west, east], [south, north], zoom))
    return cx0, cx1, cy0, cy1


def cluster_points(lon: np.ndarray, lat: np.ndarray,
                   zoom: int) -> list[tuple[float, float, int]]:
    """Group points into cells at ``zoom``: ``(mean lon, mean lat, count)`` per cell."""
    if len(lon) == 0:
        return []
    cx, cy = cells(lon, lat, zoom)
    code = cx * (2 ** (zoom + 2)) + cy
    uniq, inverse, counts = np.unique(code, return_inverse=True, return_counts=True)
    sum_lon = np.bincount(inverse, weights=lon)
    sum_lat = np.bincount(inverse, weights=lat)
    return [(float(sum_lon[i] / counts[i]), float(sum_lat[i] / counts[i]), int(counts[i]))
            for i in range(len(uniq))]
