"""Point to area, for every layer: one in-memory index, the same for both databases.

A point on a border shared by two areas belongs to the area with the lowest id,
so the answer never depends on the database or on the order of a query. A point
in a hole or outside every polygon belongs to no area.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

NO_AREA = -1


class LayerIndex:
    """The areas of one layer in a Shapely STRtree."""

    def __init__(self, area_ids: Sequence[int], geometries: Sequence[BaseGeometry]) -> None:
        if len(area_ids) != len(geometries):
            raise ValueError("one id per geometry")
        order = np.argsort(np.asarray(area_ids, dtype=np.int64), kind="stable")
        self.ids = np.asarray(area_ids, dtype=np.int64)[order]
        self.geometries = np.asarray(geometries, dtype=object)[order]
        shapely.prepare(self.geometries)
        self.tree = shapely.STRtree(self.geometries)

    def __len__(self) -> int:
        return len(self.ids)

    def locate(self, lon: float, lat: float) -> int | None:
        found = self.locate_many(np.array([lon]), np.array([lat]))[0]
        return None if found == NO_AREA else int(found)

    def locate_many(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """The area id of each point (``NO_AREA`` where none), vectorised."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        result = np.full(lon.shape, NO_AREA, dtype=np.int64)
        if lon.size == 0 or len(self.ids) == 0:
            return result
        # Bounding boxes from the tree, then an exact test on prepared polygons: about ten
        # times faster than asking the tree for the "intersects" predicate point by point.
        point_idx, tree_idx = self.tree.query(shapely.points(lon, lat))
        inside = shapely.intersects_xy(self.geometries[tree_idx], lon[point_idx], lat[point_idx])
        point_idx, tree_idx = point_idx[inside], tree_idx[inside]
        if point_idx.size == 0:
            return result
        # The tree's items are sorted by area id, so the smallest tree index of a point
        # is its lowest area id: keep the first hit per point after sorting.
        order = np.lexsort((tree_idx, point_idx))
        point_idx, tree_idx = point_idx[order], tree_idx[order]
        first = np.ones(point_idx.size, dtype=bool)
        first[1:] = point_idx[1:] != point_idx[:-1]
        result[point_idx[first]] = self.ids[tree_idx[first]]
        return result


class AreaIndex:
    """One :class:`LayerIndex` per layer id."""

    def __init__(self, layers: Mapping[int, LayerIndex] | None = None) -> None:
        self.layers: dict[int, LayerIndex] = dict(layers or {})

    @classmethod
    def build(cls, rows: Iterable[tuple[int, int, BaseGeometry]]) -> AreaIndex:
        """From ``(layer_id, area_id, geometry)`` rows."""
        grouped: dict[int, tuple[list[int], list[BaseGeometry]]] = {}
        for layer_id, area_id, geometry in rows:
            ids, geoms = grouped.setdefault(layer_id, ([], []))
            ids.append(area_id)
            geoms.append(geometry)
        return cls({lid: LayerIndex(ids, geoms) for lid, (ids, geoms) in grouped.items()})

    def locate(self, lon: float, lat: float) -> dict[int, int | None]:
        """``{layer_id: area_id or None}`` for one point."""
        return {lid: index.locate(lon, lat) for lid, index in self.layers.items()}

    def locate_many(self, lon: np.ndarray, lat: np.ndarray) -> dict[int, np.ndarray]:
        return {lid: index.locate_many(lon, lat) for lid, index in self.layers.items()}
