"""OGC API - Features at /ogc, read by the tools planners use: GDAL's OAPIF driver (the GDAL
that pyogrio ships, as QGIS reads it) and OWSLib, from a live server on both databases; the
counts and a few features are compared with the database; paging, bbox, datetime, property
filters and the city's projected CRS (Part 2) are checked."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest
from owslib.ogcapi.features import Features
from sqlalchemy import func, select

from e2e_support import LiveServer
from vizlou.extensions import db
from vizlou.models import Area, AreaLayer, Idea, Moderation

EPSG_2246 = "http://www.opengis.net/def/crs/EPSG/0/2246"


@pytest.fixture
def server(databases, backend):
    app = databases.app(backend, seed=(150, 3))
    with app.app_context():
        live = LiveServer(app)
        live.app = app
        yield live
        live.stop()


def public_ideas() -> int:
    return db.session.scalar(select(func.count(Idea.id))
                             .where(Idea.moderation == Moderation.VISIBLE))


def areas_of(layer: str) -> int:
    return db.session.scalar(select(func.count(Area.id)).join(AreaLayer)
                             .where(AreaLayer.key == layer))


GDAL_READ = """
import json, sys
import pyogrio
url, wanted = sys.argv[1], json.loads(sys.argv[2])
out = []
for layer, bbox in wanted:
    if layer == "-":
        out.append([str(name) for name, _ in pyogrio.list_layers(url)])
        continue
    frame = pyogrio.read_dataframe(url, layer=layer, bbox=tuple(bbox) if bbox else None)
    out.append([{**{k: (None if v != v else v) for k, v in r.items() if k != "geometry"},
                 "xy": [r["geometry"].representative_point().x,
                        r["geometry"].representative_point().y]}
                for r in frame.to_dict("records")])
print(json.dumps(out, default=str))
"""


def gdal(url: str, *wanted: tuple[str, list | None]) -> list:
    """Read with GDAL's OAPIF driver in another process (one, for every ``(layer, bbox)``
    wanted; layer "-" lists the layers): pyogrio keeps Python's lock while GDAL waits for
    the server, which here runs in a thread of this process."""
    done = subprocess.run([sys.executable, "-c", GDAL_READ, url, json.dumps(wanted)],
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout)


def test_gdal_reads_every_collection_with_the_right_counts(server):
    url = f"OAPIF:{server.url}/ogc"
    keys = db.session.scalars(select(AreaLayer.key)).all()
    west, south, east, north = -85.80, 38.20, -85.70, 38.28  # through GDAL's spatial filter
    layers, ideas, summaries, boxed, *areas = gdal(
        url, ("-", None), ("ideas", None), ("summaries-neighborhoods", None),
        ("ideas", [west, south, east, north]), *((f"areas-{k}", None) for k in keys))
    assert set(layers) == {"ideas", *(f"areas-{k}" for k in keys),
                           *(f"summaries-{k}" for k in keys)}
    assert len(ideas) == public_ideas()
    first = db.session.scalar(select(Idea).where(Idea.moderation == Moderation.VISIBLE)
                              .order_by(Idea.id))
    row = next(r for r in ideas if r["text"] == first.text)
    assert (round(row["xy"][0], 6), round(row["xy"][1], 6)) == (first.lon, first.lat)
    assert row["category"] == first.category
    for key, read in zip(keys, areas, strict=True):
        assert len(read) == areas_of(key)
    threshold = server.app.config["CITY"].public_threshold
    shown = [int(r["ideas"]) for r in summaries if r["ideas"] not in (None, "")]
    assert all(n >= threshold for n in shown) and len(shown) < len(summaries)  # small: hidden
    inside = db.session.scalar(select(func.count(Idea.id)).where(  # only the ideas in the box
        Idea.moderation == Moderation.VISIBLE, Idea.lon.between(west, east),
        Idea.lat.between(south, north)))
    assert len(boxed) == inside > 0


def test_owslib_pages_filters_and_reprojects(server):
    api = Features(f"{server.url}/ogc")
    assert {c["id"] for c in api.collections()["collections"]} >= {"ideas",
                                                                    "areas-neighborhoods"}
    total = public_ideas()
    first = api.collection_items("ideas", limit=50)
    assert first["numberMatched"] == total and first["numberReturned"] == 50
    assert any(link["rel"] == "next" for link in first["links"])
    seen, offset = set(), 0
    while offset < total:
        page = api.collection_items("ideas", limit=50, offset=offset)
        seen |= {f["id"] for f in page["features"]}
        offset += 50
    assert len(seen) == total  # paging returns each idea once
    health = api.collection_items("ideas", category="health", limit=1000)
    assert health["numberMatched"] == db.session.scalar(select(func.count(Idea.id)).where(
        Idea.moderation == Moderation.VISIBLE, Idea.category == "health"))
    later = api.collection_items("ideas", datetime="2026-10-15T00:00:00Z/..", limit=1000)
    assert later["numberMatched"] == db.session.scalar(select(func.count(Idea.id)).where(
        Idea.moderation == Moderation.VISIBLE, Idea.created_at >= datetime(2026, 10, 15)))
    boxed = api.collection_items("ideas", bbox=[-85.80, 38.20, -85.70, 38.28], limit=1000)
    assert 0 < boxed["numberMatched"] < total


def test_the_citys_projected_crs_and_mistakes(server):
    import requests

    base = f"{server.url}/ogc/collections/areas-council_districts/items"
    projected = requests.get(base, params={"limit": 1, "crs": EPSG_2246}, timeout=30)
    assert projected.headers["Content-Crs"] == f"<{EPSG_2246}>"
    x, y = projected.json()["features"][0]["geometry"]["coordinates"][0][0][:2] \
        if projected.json()["features"][0]["geometry"]["type"] == "Polygon" else \
        projected.json()["features"][0]["geometry"]["coordinates"][0][0][0][:2]
    assert 1_000_000 < x < 1_400_000 and 100_000 < y < 400_000  # US feet, Kentucky North
    latlon = requests.get(f"{server.url}/ogc/collections/ideas/items",
                          params={"limit": 1, "crs": "http://www.opengis.net/def/crs/EPSG/0/4326"},
                          timeout=30).json()["features"][0]["geometry"]["coordinates"]
    assert 37 < latlon[0] < 39 and -87 < latlon[1] < -85  # EPSG:4326: latitude first
    for params, field in [({"bbox": "1,2,3"}, "bbox"), ({"limit": "x"}, "limit"),
                          ({"crs": "EPSG:9999"}, "crs"), ({"datetime": "soon"}, "datetime")]:
        bad = requests.get(base, params=params, timeout=30)
        assert bad.status_code == 400 and bad.json()["code"] == "invalid", field
    assert requests.get(f"{server.url}/ogc/collections/nope", timeout=30).status_code == 404
    page = requests.get(f"{server.url}/ogc/collections/ideas/items?f=html&limit=5", timeout=30)
    assert page.headers["Content-Type"].startswith("text/html") and "<table" in page.text
