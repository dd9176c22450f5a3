"""The area index: point to area for every layer, the same answer one by one or in bulk."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import MultiPolygon, Polygon, box

from helpers import BOUNDARIES
from vizlou.geo.area_index import NO_AREA, AreaIndex, LayerIndex

LEFT = box(0, 0, 1, 1)
RIGHT = box(1, 0, 2, 1)
WITH_HOLE = Polygon([(3, 0), (6, 0), (6, 3), (3, 3)], holes=[[(4, 1), (5, 1), (5, 2), (4, 2)]])


def test_point_inside_each_area():
    index = LayerIndex([10, 20], [LEFT, RIGHT])
    assert index.locate(0.5, 0.5) == 10
    assert index.locate(1.5, 0.5) == 20


@pytest.mark.parametrize("ids", [[10, 20], [20, 10]])
def test_shared_border_goes_to_the_lowest_id_whatever_the_order(ids):
    geoms = [LEFT, RIGHT] if ids == [10, 20] else [RIGHT, LEFT]
    index = LayerIndex(ids, geoms)
    # On the shared edge, and on the shared corner.
    assert index.locate(1.0, 0.5) == 10
    assert index.locate(1.0, 1.0) == 10
    assert list(index.locate_many(np.array([1.0, 1.0]), np.array([0.5, 0.0]))) == [10, 10]


def test_outside_every_area_is_none():
    index = LayerIndex([1, 2], [LEFT, RIGHT])
    assert index.locate(-0.5, 0.5) is None
    assert index.locate(1.5, 7) is None
    assert list(index.locate_many(np.array([-1.0, 9.0]), np.array([0.0, 9.0]))) == [NO_AREA] * 2


def test_a_hole_is_not_in_the_area_but_its_edge_is():
    index = LayerIndex([1], [WITH_HOLE])
    assert index.locate(4.5, 1.5) is None  # inside the hole
    assert index.locate(3.5, 0.5) == 1  # in the ring
    assert index.locate(4.0, 1.5) == 1  # on the hole's edge: still touches the area


def test_an_area_in_a_hole_of_another():
    island = box(4.2, 1.2, 4.8, 1.8)
    index = LayerIndex([1, 2], [WITH_HOLE, island])
    assert index.locate(4.5, 1.5) == 2
    assert index.locate(4.1, 1.1) is None


def test_multipolygons():
    index = LayerIndex([7], [MultiPolygon([LEFT, box(5, 5, 6, 6)])])
    assert index.locate(5.5, 5.5) == 7
    assert index.locate(3, 3) is None


def test_empty_index_and_empty_input():
    assert LayerIndex([], []).locate(0, 0) is None
    assert LayerIndex([1], [LEFT]).locate_many(np.array([]), np.array([])).size == 0


def test_several_layers_at_once():
    index = AreaIndex.build([(1, 10, LEFT), (1, 11, RIGHT), (2, 20, box(0, 0, 2, 1))])
    assert index.locate(1.5, 0.5) == {1: 11, 2: 20}
    assert index.locate(5, 5) == {1: None, 2: None}


def test_bulk_matches_one_by_one_and_a_brute_force_check_on_louisville():
    frame = gpd.read_file(BOUNDARIES / "neighborhoods.geojson")
    ids = list(range(100, 100 + len(frame)))
    index = LayerIndex(ids, list(frame.geometry))
    rng = np.random.default_rng(7)
    west, south, east, north = frame.total_bounds
    lon = rng.uniform(west - 0.05, east + 0.05, 3000)
    lat = rng.uniform(south - 0.05, north + 0.05, 3000)
    # Add points exactly on vertices, which lie on borders shared by neighbours.
    vertices = np.vstack([np.asarray(g.exterior.coords)[:3] for g in
                          frame.geometry.explode(index_parts=False)[:60]])
    lon = np.concatenate([lon, vertices[:, 0]])
    lat = np.concatenate([lat, vertices[:, 1]])

    bulk = index.locate_many(lon, lat)
    one_by_one = [index.locate(x, y) for x, y in zip(lon, lat, strict=True)]
    assert [None if b == NO_AREA else int(b) for b in bulk] == one_by_one

    points = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=4326)
    for i in range(len(lon)):
        hits = [ids[j] for j, geom in enumerate(frame.geometry) if geom.intersects(points[i])]
        assert (min(hits) if hits else NO_AREA) == bulk[i]
    assert (bulk == NO_AREA).sum() > 100  # some points fell outside the county
    assert len(set(bulk[bulk != NO_AREA].tolist())) > 100  # and most areas got points
