"""A city in one command: ``flask city init`` writes a complete city file from the city's
boundaries (first view and bounds computed, languages checked) and imports its main layer."""

from __future__ import annotations

from sqlalchemy import func, select

from helpers import ROOT
from vizlou.city import load_city
from vizlou.extensions import db
from vizlou.models import Area, AreaLayer

DISTRICTS = ROOT / "data" / "boundaries" / "louisville" / "council_districts.geojson"


def test_a_city_from_its_boundaries_in_one_command(app, cli, tmp_path, databases):
    out = tmp_path / "city.toml"
    result = cli.invoke(args=[
        "city", "init", "--name", "Riverton, KY", "--boundaries", str(DISTRICTS),
        "--name-field", "district", "--languages", "es,en", "--layer", "districts",
        "--layer-title", "Council districts", "--timezone", "America/New_York",
        "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "26 areas in layer 'districts'" in result.output
    city = load_city(out)
    assert (city.name, city.languages, city.default_language) == ("Riverton, KY",
                                                                  ("es", "en"), "es")
    west, south, east, north = city.max_bounds
    lat, lon = city.center
    assert west < lon < east and south < lat < north and west > -86.2 and north < 38.7
    assert 9 <= city.zoom <= 12 and city.main_layer == "districts"
    assert all(c.label("es") and c.label("en") for c in city.categories)
    layer = db.session.scalar(select(AreaLayer).where(AreaLayer.key == "districts"))
    assert db.session.scalar(select(func.count(Area.id)).where(Area.layer_id == layer.id)) == 26
    served = databases.app("sqlite", CITY_FILE=str(out))
    assert served.config["CITY"].name == "Riverton, KY"
    assert served.test_client().get("/").status_code == 200

    again = cli.invoke(args=["city", "init", "--name", "X", "--boundaries", str(DISTRICTS),
                             "--name-field", "district", "--out", str(out)])
    assert again.exit_code == 1 and "give --force" in again.output
    bad = cli.invoke(args=["city", "init", "--name", "X", "--boundaries", str(DISTRICTS),
                           "--name-field", "district", "--languages", "en,xx",
                           "--out", str(tmp_path / "other.toml")])
    assert bad.exit_code == 1 and "xx: a language needs a catalogue" in bad.output
    assert "Traceback" not in bad.output + again.output
