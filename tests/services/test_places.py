"""Finding a place: the gazetteer imported from any GIS file (streets' corners computed), and
the search behind the map's box, the API and text messages (accents, case, abbreviations,
Spanish place words and small misspellings forgiven)."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point
from sqlalchemy import func, select

from vizlou.geo.gazetteer import read_places
from vizlou.models import Place
from vizlou.services.places import imports, search

SHAWNEE_PARK = (-85.8290, 38.2530)


def _frame():
    """Streets kept in pieces (one per block, as cities keep them), and two landmarks."""
    rows = [("Shawnee Park", Point(SHAWNEE_PARK)),
            ("Western Library", Point(-85.7735, 38.2522)),
            ("W Broadway", LineString([(-85.81, 38.2467), (-85.80, 38.2467)])),
            ("W Broadway", LineString([(-85.80, 38.2467), (-85.79, 38.2467)])),
            ("S 28th St", LineString([(-85.7979, 38.25), (-85.7979, 38.24)])),
            ("Dixie Hwy", LineString([(-85.79, 38.26), (-85.80, 38.23)]))]
    return gpd.GeoDataFrame({"NAME": [r[0] for r in rows]}, geometry=[r[1] for r in rows],
                            crs=4326)


@pytest.fixture
def gazetteer(db_session, tmp_path):
    path = tmp_path / "places.gpkg"
    _frame().to_crs(2246).to_file(path, driver="GPKG")  # any CRS: reprojected on import
    result = imports.import_places(db_session, read_places(path, name_field="NAME"),
                                   source=path.name)
    db_session.commit()
    return result


def test_import_merges_street_pieces_computes_corners_and_replaces_on_reimport(
        db_session, gazetteer, tmp_path):
    assert (gazetteer.landmarks, gazetteer.streets, gazetteer.intersections) == (2, 3, 2)
    corners = set(db_session.scalars(select(Place.name).where(Place.kind == "intersection")))
    assert corners == {"S 28th St & W Broadway", "Dixie Hwy & W Broadway"}  # Dixie passes
    # south of where 28th Street ends: no corner
    corner = db_session.scalar(select(Place).where(Place.name == "S 28th St & W Broadway"))
    assert (round(corner.lon, 4), round(corner.lat, 4)) == (-85.7979, 38.2467)
    path = tmp_path / "places.gpkg"
    again = imports.import_places(db_session, read_places(path, name_field="NAME"),
                                  source=path.name)
    assert again.replaced == 7
    assert db_session.scalar(select(func.count(Place.id))) == 7


@pytest.mark.parametrize("query", ["shawnee pk", "Shawnee Park", "SHAWNÉE PARK", "parque shawnee",
                                   "shawne park", "shawnee pa"])
def test_a_park_is_found_as_people_type_it(db_session, gazetteer, query):
    found = search.search(db_session, query)
    assert found[0].name == "Shawnee Park" and found[0].kind == "landmark"
    assert (found[0].lon, found[0].lat) == SHAWNEE_PARK


@pytest.mark.parametrize("query", ["28th and broadway", "Broadway & 28th", "28 y broadway",
                                   "w broadway at s 28th st", "esquina de 28th y broadway"])
def test_a_street_corner_is_found_either_way_round(db_session, gazetteer, query):
    assert search.search(db_session, query)[0].name == "S 28th St & W Broadway"


def test_areas_of_every_layer_are_found_and_nonsense_is_not(db_session, gazetteer):
    found = search.search(db_session, "portland")
    assert found[0].kind == "area" and found[0].name == "Portland"
    assert found[0].layer == "neighborhoods"
    assert search.search(db_session, "") == [] and search.search(db_session, "  ,.") == []
    assert search.search(db_session, "zzzz qqqq") == []
    assert search.find_in_text(db_session, "more lights on the path in Shawnee Park").name == \
        "Shawnee Park"
    assert search.find_in_text(db_session, "a bench at 28th and Broadway please").name == \
        "S 28th St & W Broadway"
    assert search.find_in_text(db_session, "more buses please") is None


def test_the_api_answers_geojson_best_first(client, gazetteer):
    response = client.get("/api/v1/places?q=shawnee%20pk")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    body = response.json
    assert body["type"] == "FeatureCollection"
    first = body["features"][0]
    assert first["properties"]["name"] == "Shawnee Park"
    assert first["properties"]["kind"] == "landmark"
    assert first["geometry"]["coordinates"] == list(SHAWNEE_PARK)
    assert client.get("/api/v1/places?q=" + "x" * 5000).status_code == 200
    assert client.get("/api/v1/places").json["features"] == []


def test_the_command_line_imports_and_says_what_is_wrong_in_one_line(cli, tmp_path):
    path = tmp_path / "parks.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"park": "Shawnee Park"},
         "geometry": {"type": "Point", "coordinates": list(SHAWNEE_PARK)}}]}))
    ok = cli.invoke(args=["places", "import", str(path), "--name-field", "park"])
    assert ok.exit_code == 0 and "Imported 1 landmarks, 0 streets" in ok.output
    found = cli.invoke(args=["places", "search", "shawnee pk"])
    assert found.output.startswith("Shawnee Park\tlandmark")
    bad = cli.invoke(args=["places", "import", str(path), "--name-field", "NAME"])
    assert bad.exit_code == 1 and "no field NAME" in bad.output
    assert "Traceback" not in bad.output and len(bad.output.strip().splitlines()) == 1


@pytest.mark.parametrize("style", ["nominatim", "pelias"])
def test_an_outside_geocoder_is_asked_only_when_configured_and_nothing_is_found(
        databases, backend, style):
    """A local server speaking Nominatim's (or Pelias's) search stands in for the outside
    geocoder; it is asked only when the city file names it and the city's places find
    nothing, with the city's box."""
    import threading
    from dataclasses import replace
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlsplit

    asked = []

    class Fake(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(parse_qs(urlsplit(self.path).query))
            hit = {"lon": "-85.7585", "lat": "38.2527", "display_name": "500 W Jefferson St"}
            body = [hit] if style == "nominatim" else {"type": "FeatureCollection", "features": [{
                "type": "Feature", "properties": {"label": hit["display_name"]},
                "geometry": {"type": "Point", "coordinates": [-85.7585, 38.2527]}}]}
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Fake)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        app = databases.app(backend)
        client = app.test_client()
        assert client.get("/api/v1/places?q=500 w jefferson").json["features"] == []
        assert asked == []  # not configured: never asked
        city = app.config["CITY"]
        app.config["CITY"] = replace(city, geocoder_url=f"http://127.0.0.1:"
                                                        f"{server.server_port}/search")
        found = client.get("/api/v1/places?q=500 w jefferson").json["features"]
        assert [f["properties"]["kind"] for f in found] == ["address"]
        assert found[0]["properties"]["name"] == "500 W Jefferson St"
        assert found[0]["geometry"]["coordinates"] == [-85.7585, 38.2527]
        assert asked[0]["q"] == ["500 w jefferson"] and asked[0]["bounded"] == ["1"]
        client.get("/api/v1/places?q=portland")  # the city's own area: no outside question
        assert len(asked) == 1
    finally:
        server.shutdown()
        server.server_close()
