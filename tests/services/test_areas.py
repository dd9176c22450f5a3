"""Area layers in the database: import, replace with reassignment, remove; on both databases."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from shapely.geometry import Point, box
from sqlalchemy import func, select

from helpers import BOUNDARIES
from vizlou.geo.boundaries import BoundaryArea, BoundarySet, read_boundaries
from vizlou.models import Area, AreaLayer, AuditEntry, Idea, IdeaArea
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.areas import imports as area_imports
from vizlou.services.areas import layers as area_layers


def add_ideas(session, points):
    """Ideas stored as the app stores them, areas assigned by the service."""
    ideas = [Idea(client_id=f"t{i}", category="health", text="x", lon=x, lat=y,
                  geom=Point(x, y)) for i, (x, y) in enumerate(points)]
    session.add_all(ideas)
    session.flush()
    area_imports.assign_ideas(session, np.array([i.id for i in ideas]),
                       np.array([p[0] for p in points]), np.array([p[1] for p in points]))
    return ideas


def area_of(session, idea, key):
    return session.scalar(
        select(Area.name).join(IdeaArea, IdeaArea.area_id == Area.id)
        .join(AreaLayer, AreaLayer.id == IdeaArea.layer_id)
        .where(IdeaArea.idea_id == idea.id, AreaLayer.key == key))


def two_squares(shift=0.0):
    return BoundarySet(areas=[
        BoundaryArea("West", 100, _multi(box(-85.8 + shift, 38.2, -85.7 + shift, 38.3))),
        BoundaryArea("East", 50, _multi(box(-85.7 + shift, 38.2, -85.6 + shift, 38.3))),
    ], source_crs="EPSG:4326", features_read=2)


def _multi(polygon):
    from shapely.geometry import MultiPolygon

    return MultiPolygon([polygon])


def test_the_template_has_louisville(db_session):
    layers = {info.key: info for info in area_layers.list_layers(db_session)}
    assert layers["neighborhoods"].areas == 147
    assert layers["neighborhoods"].population == 782955
    assert layers["council_districts"].areas == 26
    assert layers["census_tracts"].areas == 216
    assert layers["census_tracts"].population == 782955


def test_ideas_get_an_area_of_every_layer(db_session):
    (idea,) = add_ideas(db_session, [(-85.7585, 38.2527)])  # downtown Louisville
    assert area_of(db_session, idea, "neighborhoods") == "Central Business District"
    assert area_of(db_session, idea, "council_districts") == "District 4"
    assert area_of(db_session, idea, "census_tracts").startswith("Tract ")


def test_an_idea_outside_the_city_gets_no_area(db_session):
    (idea,) = add_ideas(db_session, [(-84.5, 38.0)])  # Lexington
    assert db_session.scalar(select(func.count()).select_from(IdeaArea)
                             .where(IdeaArea.idea_id == idea.id)) == 0


def test_reimport_replaces_the_layer_and_reassigns_every_idea(db_session):
    area_imports.import_layer(db_session, key="wards", title="Wards", boundaries=two_squares(),
                       source="a")
    ideas = add_ideas(db_session, [(-85.75, 38.25), (-85.65, 38.25), (-85.55, 38.25)])
    assert [area_of(db_session, i, "wards") for i in ideas] == ["West", "East", None]
    west_id = db_session.scalar(select(Area.id).where(Area.name == "West"))

    moved = area_imports.import_layer(db_session, key="wards", title=None,
                               boundaries=two_squares(shift=0.1), source="b")
    assert moved.replaced and moved.kept == 2 and moved.added == 0
    assert moved.ideas_assigned == 2
    db_session.expire_all()
    assert [area_of(db_session, i, "wards") for i in ideas] == [None, "West", "East"]
    # Areas that keep their name keep their id, so links to them still work.
    assert db_session.scalar(select(Area.id).where(Area.name == "West")) == west_id
    # The other layers are untouched.
    assert area_of(db_session, ideas[0], "neighborhoods") is not None
    actions = db_session.scalars(select(AuditEntry.action)).all()
    assert actions.count("boundaries.import") >= 2


def test_reimport_with_fewer_areas_removes_the_rest(db_session):
    area_imports.import_layer(db_session, key="wards", title="Wards", boundaries=two_squares(),
                       source="a")
    ideas = add_ideas(db_session, [(-85.65, 38.25)])
    smaller = two_squares()
    smaller.areas = smaller.areas[:1]
    result = area_imports.import_layer(db_session, key="wards", title=None, boundaries=smaller,
                                source="b")
    assert (result.kept, result.added, result.removed) == (1, 0, 1)
    assert area_of(db_session, ideas[0], "wards") is None
    assert db_session.scalar(select(func.count(Area.id)).join(AreaLayer)
                             .where(AreaLayer.key == "wards")) == 1


def test_the_area_index_follows_an_import(db_session):
    before = area_catalog.area_index(db_session)
    area_imports.import_layer(db_session, key="wards", title="Wards", boundaries=two_squares(),
                       source="a")
    after = area_catalog.area_index(db_session)
    assert after is not before
    assert area_catalog.area_index(db_session) is after  # cached while nothing changes
    wards = db_session.scalar(select(AreaLayer.id).where(AreaLayer.key == "wards"))
    assert after.layers[wards].locate(-85.75, 38.25) is not None


def test_remove_layer(db_session):
    add_ideas(db_session, [(-85.7585, 38.2527)])
    count = area_imports.remove_layer(db_session, "census_tracts")
    assert count == 216
    assert "census_tracts" not in {i.key for i in area_layers.list_layers(db_session)}
    assert db_session.scalar(select(func.count()).select_from(IdeaArea)) == 2


def test_tracts_and_neighborhoods_agree(db_session):
    """Every tract's centre lies in the neighborhood the crosswalk names (a real-data check)."""
    tracts = gpd.read_file(BOUNDARIES / "census_tracts_2020.geojson")
    points = [p.coords[0] for p in tracts.geometry.representative_point()]
    ideas = add_ideas(db_session, points)
    found = [area_of(db_session, i, "neighborhoods") for i in ideas]
    assert found == list(tracts["muw_neighborhood"])


def test_light_layer_is_small_and_cached(db_session):
    _token, collection = area_catalog.light_layer(db_session, "neighborhoods")
    assert len(collection["features"]) == 147
    assert area_catalog.light_layer(db_session, "neighborhoods")[1] is collection
    coords = collection["features"][0]["geometry"]["coordinates"]
    flat = np.array(coords[0][0] if collection["features"][0]["geometry"]["type"] ==
                    "MultiPolygon" else coords[0])
    assert np.all(np.round(flat, 5) == flat)


def test_reading_then_importing_the_state_plane_lojic_file(db_session, tmp_path):
    lojic = BOUNDARIES / "lojic_urban_neighborhoods" / "Louisville_KY_Urban_Neighborhoods.shp"
    projected = gpd.read_file(lojic).to_crs("EPSG:2246")
    path = tmp_path / "lojic_feet.shp"
    projected.to_file(path)
    result = area_imports.import_layer(db_session, key="lojic", title="LOJIC",
                                boundaries=read_boundaries(path, name_field="NH_NAME"),
                                source=path.name)
    assert result.areas == 78
    (idea,) = add_ideas(db_session, [(-85.7585, 38.2527)])
    assert area_of(db_session, idea, "lojic") == "CENTRAL BUSINESS DISTRICT"


def test_a_layer_without_a_title_gets_a_readable_one():
    from vizlou.services.areas.imports import title_from_key

    assert [title_from_key(k) for k in ("dc", "dc_wards", "census_tracts", "neighborhoods")] \
        == ["DC", "DC wards", "Census tracts", "Neighborhoods"]
