"""The resident API on both databases: ideas exactly once, the no-map path, supports,
comments, reports, filters, map clusters, the profile, and every bad input as a 4xx."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from factories import DOWNTOWN, count, make_participant, post_idea, token_hash
from vizlou.errors import Closed
from vizlou.models import Comment, Idea, IdeaArea, IdeaCell, Participant, Report, Support
from vizlou.models.types import utcnow
from vizlou.services.ideas.create import NewIdea, create_idea

ALICE_TOKEN = "alice-token-0123456789"
ALICE = {"X-Participant": ALICE_TOKEN}
BOB = {"X-Participant": "bob-token-0123456789ab"}

def test_create_an_idea_and_read_it_back(client, db_session):
    response = post_idea(client, ALICE_TOKEN, client_id="first-idea-01")
    assert response.status_code == 201
    feature = response.json
    assert feature["geometry"]["coordinates"] == [DOWNTOWN[0], DOWNTOWN[1]]
    props = feature["properties"]
    assert props["areas"]["neighborhoods"]["name"] == "Central Business District"
    assert props["areas"]["council_districts"]["name"] == "District 4"
    assert props["status"] == "new" and props["supports"] == 0
    assert props["url"] == f"/ideas/{feature['id']}"
    again = client.get(f"/api/v1/ideas/{feature['id']}").json
    assert again["properties"]["text"] == "More shade trees on Main Street."
    assert again["properties"]["comments"] == []
    participant = db_session.scalar(select(Participant))
    assert participant.token_hash == token_hash(ALICE["X-Participant"])  # never the token
    assert db_session.scalar(select(Idea.participant_id)) == participant.id


def test_the_same_client_id_gives_the_same_idea(client, db_session):
    first = post_idea(client, ALICE_TOKEN, client_id="same-key-123")
    second = post_idea(client, ALICE_TOKEN, client_id="same-key-123", text="changed on retry")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["id"] == second.json["id"]
    assert count(db_session, Idea) == 1
    assert db_session.scalar(select(func.sum(IdeaCell.n))) == 2  # one per cell level
    assert count(db_session, IdeaArea) == 3


def test_a_retry_is_answered_with_the_stored_idea_even_after_ideas_closed(app, db_session):
    city = app.config["CITY"]
    def sent(client_id, where=DOWNTOWN):
        return NewIdea("health", "Shade trees, please.", client_id=client_id, lon=where[0],
                       lat=where[1])

    first, made = create_idea(db_session, city, make_participant(), sent("before-close-01"))
    closed = dataclasses.replace(city, closes_at=utcnow() - timedelta(days=1))
    again, made_again = create_idea(db_session, closed, None, sent("before-close-01", (0, 0)))
    assert made and not made_again and again.id == first.id
    with pytest.raises(Closed):
        create_idea(db_session, closed, None, sent("after-close-001"))
    assert count(db_session, Idea) == 1


def test_the_no_map_path_places_the_idea_in_the_chosen_area(client, db_session):
    layers = client.get("/api/v1/areas/neighborhoods").json["features"]
    portland = next(f for f in layers if f["properties"]["name"] == "Portland")
    response = post_idea(client, ALICE_TOKEN, lon=None, lat=None,
                         area={"layer": "neighborhoods", "id": portland["id"]})
    assert response.status_code == 201
    props = response.json["properties"]
    assert props["placement"] == "area"
    assert props["areas"]["neighborhoods"]["name"] == "Portland"


def test_a_point_outside_the_city_is_refused_with_a_clear_message(client, db_session):
    response = post_idea(client, ALICE_TOKEN, lon=-84.5, lat=38.05)  # Lexington
    assert response.status_code == 422
    assert response.json["error"]["code"] == "outside_city"
    assert "outside Louisville" in response.json["error"]["message"]
    spanish = post_idea(client, ALICE_TOKEN, lon=-84.5, lat=38.05,
                        headers={"Accept-Language": "es"})
    assert "fuera de Louisville" in spanish.json["error"]["message"]
    assert count(db_session, Idea) == 0


def test_a_point_in_the_city_but_between_the_main_layers_areas_names_the_layer(
        app, client, db_session, tmp_path):
    """A main layer that covers part of the city (wards around downtown only): a point in
    the city but in no ward is refused naming the wards, not as outside the city."""
    from dataclasses import replace

    import geopandas as gpd
    from shapely.geometry import box

    from vizlou.geo.boundaries import read_boundaries
    from vizlou.services.areas.imports import import_layer

    path = tmp_path / "wards.geojson"
    gpd.GeoDataFrame({"name": ["Ward 1"]}, geometry=[box(DOWNTOWN[0] - 0.01, DOWNTOWN[1] - 0.01,
                                                         DOWNTOWN[0] + 0.01, DOWNTOWN[1] + 0.01)],
                     crs=4326).to_file(path)
    import_layer(db_session, key="wards", title="Wards", source=path.name,
                 boundaries=read_boundaries(path, name_field="name"))
    db_session.commit()
    app.config["CITY"] = replace(app.config["CITY"], main_layer="wards")
    between = post_idea(client, ALICE_TOKEN, lon=-85.65, lat=38.2)  # in Louisville, no ward
    assert between.status_code == 422
    assert between.json["error"]["message"] == (
        "That spot is in none of the map's areas (Wards). Please pick a place inside one of "
        "them.")
    assert post_idea(client, ALICE_TOKEN).status_code == 201  # downtown: in Ward 1
    # A city that says so takes it into "(no area)" of the wards, placed in the other layers.
    app.config["CITY"] = replace(app.config["CITY"], outside_areas="accept")
    taken = post_idea(client, ALICE_TOKEN, lon=-85.65, lat=38.2)
    assert taken.status_code == 201 and "wards" not in taken.json["properties"]["areas"]
    assert "neighborhoods" in taken.json["properties"]["areas"]
    from vizlou.services.filters import Filters
    from vizlou.services.summaries import by_area

    wards = by_area.summarize(db_session, app.config["CITY"], Filters(layer="wards"))
    assert wards.unknown.ideas == 1 and [r.ideas for r in wards.areas] == [1]
    far = post_idea(client, ALICE_TOKEN, lon=-84.5, lat=38.05)  # Lexington: still refused
    assert far.status_code == 422 and "outside Louisville" in far.json["error"]["message"]


@pytest.mark.parametrize("body,field", [
    ({"lon": "x"}, "lon"), ({"lon": float("nan")}, "lon"), ({"lat": 95}, "lon"),
    ({"lon": True}, "lon"), ({"category": "weather"}, "category"), ({"text": ""}, "text"),
    ({"text": "   "}, "text"), ({"text": "x" * 501}, "text"), ({"text": 5}, "text"),
    ({"client_id": "short"}, "client_id"), ({"client_id": 7}, "client_id"),
    ({"area": {"layer": "neighborhoods"}, "lon": None}, "area"),
    ({"area": {"layer": "nowhere", "id": 1}}, "layer"),
])
def test_bad_ideas_are_refused_with_the_field(client, db_session, body, field):
    response = client.post("/api/v1/ideas", data=json.dumps({
        "lon": DOWNTOWN[0], "lat": DOWNTOWN[1], "category": "health", "text": "ok", **body},
        allow_nan=True), headers={**ALICE, "Content-Type": "application/json"})
    assert 400 <= response.status_code < 500
    assert response.json["error"]["field"] == field
    assert response.json["error"]["message"]
    assert count(db_session, Idea) == 0


def test_broken_bodies(client, db_session):
    assert client.post("/api/v1/ideas", data="{broken", headers={
        **ALICE, "Content-Type": "application/json"}).status_code == 400
    assert client.post("/api/v1/ideas", data="text=hi", headers=ALICE).status_code == 415
    assert client.post("/api/v1/ideas", json=[1, 2], headers=ALICE).status_code == 400
    huge = client.post("/api/v1/ideas", json={"text": "x" * 100_000}, headers=ALICE)
    assert huge.status_code == 413 and huge.json["error"]["code"]
    no_token = post_idea(client, None)
    assert no_token.status_code == 400 and no_token.json["error"]["field"] == "X-Participant"
    bad_token = post_idea(client, "short")
    assert bad_token.status_code == 400
    assert client.delete("/api/v1/ideas").status_code == 405
    assert count(db_session, Idea) == 0


def test_support_once_per_participant(client, db_session):
    idea = post_idea(client, ALICE_TOKEN).json["id"]
    for _ in range(2):
        response = client.put(f"/api/v1/ideas/{idea}/support", headers=BOB)
        assert response.json == {"idea": idea, "supported": True, "supports": 1}
    assert client.put(f"/api/v1/ideas/{idea}/support", headers=ALICE).json["supports"] == 2
    assert client.get(f"/api/v1/ideas/{idea}", headers=BOB).json["properties"]["supported"]
    assert not client.get(f"/api/v1/ideas/{idea}").json["properties"]["supported"]
    for _ in range(2):
        assert client.delete(f"/api/v1/ideas/{idea}/support", headers=BOB).json == {
            "idea": idea, "supported": False, "supports": 1}
    assert count(db_session, Support) == 1
    assert client.put("/api/v1/ideas/99999/support", headers=BOB).status_code == 404


def test_the_database_refuses_a_second_support(app, db_session):
    from sqlalchemy.exc import IntegrityError

    client = app.test_client()
    idea = post_idea(client, ALICE_TOKEN).json["id"]
    client.put(f"/api/v1/ideas/{idea}/support", headers=BOB)
    participant = db_session.scalar(select(Participant.id).where(
        Participant.token_hash == token_hash(BOB["X-Participant"])))
    db_session.add(Support(idea_id=idea, participant_id=participant))
    with pytest.raises(IntegrityError):
        db_session.flush()
    db_session.rollback()


def test_comments_and_reports(client, db_session):
    idea = post_idea(client, ALICE_TOKEN).json["id"]
    created = client.post(f"/api/v1/ideas/{idea}/comments", headers=BOB,
                          json={"text": "Yes please!", "client_id": "comment-0001"})
    assert created.status_code == 201
    again = client.post(f"/api/v1/ideas/{idea}/comments", headers=BOB,
                        json={"text": "Yes please!", "client_id": "comment-0001"})
    assert again.status_code == 200 and again.json["id"] == created.json["id"]
    listed = client.get(f"/api/v1/ideas/{idea}/comments").json["comments"]
    assert [c["text"] for c in listed] == ["Yes please!"]
    assert client.post(f"/api/v1/ideas/{idea}/comments", headers=BOB,
                       json={"text": ""}).status_code == 400

    first = client.post(f"/api/v1/ideas/{idea}/reports", headers=BOB, json={"reason": "spam"})
    second = client.post(f"/api/v1/ideas/{idea}/reports", headers=BOB, json={"reason": "spam"})
    assert (first.status_code, second.status_code) == (201, 200)
    comment_id = created.json["id"]
    assert client.post(f"/api/v1/comments/{comment_id}/reports", headers=ALICE,
                       json={"reason": "offensive"}).status_code == 201
    assert client.post(f"/api/v1/ideas/{idea}/reports", headers=ALICE,
                       json={"reason": "because"}).status_code == 400
    assert count(db_session, Report) == 2 and count(db_session, Comment) == 1


def test_list_filters_sort_and_paging(client, db_session):
    ids = []
    for i, (category, lon, lat) in enumerate([
            ("health", -85.7585, 38.2527), ("economy", -85.7585, 38.2527),
            ("health", -85.80, 38.26), ("living", -85.62, 38.18)]):
        ids.append(post_idea(client, ALICE_TOKEN, category=category, lon=lon, lat=lat,
                             client_id=f"list-idea-{i}").json["id"])
    client.put(f"/api/v1/ideas/{ids[2]}/support", headers=BOB)
    everything = client.get("/api/v1/ideas").json
    assert everything["numberMatched"] == 4
    assert [f["id"] for f in everything["features"]] == ids[::-1]
    supported = client.get("/api/v1/ideas?sort=supported").json["features"]
    assert supported[0]["id"] == ids[2]
    health = client.get("/api/v1/ideas?category=health").json
    assert {f["id"] for f in health["features"]} == {ids[0], ids[2]}
    area = post_idea(client, ALICE_TOKEN).json["properties"]["areas"]["neighborhoods"]["id"]
    in_area = client.get(f"/api/v1/ideas?layer=neighborhoods&area={area}").json
    assert in_area["numberMatched"] == 3
    page = client.get("/api/v1/ideas?limit=2&offset=2").json
    assert page["numberReturned"] == 2 and page["numberMatched"] == 5
    boxed = client.get("/api/v1/ideas?bbox=-85.81,38.25,-85.79,38.27").json
    assert [f["id"] for f in boxed["features"]] == [ids[2]]
    for bad in ("sort=best", "limit=0", "limit=abc", "category=x", "bbox=1,2,3",
                "bbox=nan,0,1,1", "area=3", "status=maybe", "layer=neighborhoods&area=-5"):
        response = client.get(f"/api/v1/ideas?{bad}")
        assert 400 <= response.status_code < 500, bad


def test_map_data_clusters_far_and_ideas_close(client, db_session):
    for i in range(12):
        post_idea(client, ALICE_TOKEN, lon=-85.76 + i * 0.001, lat=38.25,
                  client_id=f"map-idea-{i:02d}")
    close = client.get("/api/v1/map?bbox=-85.8,38.2,-85.7,38.3&zoom=16").json
    assert [f["properties"]["kind"] for f in close["features"]].count("idea") == 12
    from vizlou.services.maps import clusters as map_data

    map_data.POINTS_LIMIT, saved = 5, map_data.POINTS_LIMIT
    try:
        far = client.get("/api/v1/map?bbox=-86,38,-85.5,38.5&zoom=10").json["features"]
        assert {f["properties"]["kind"] for f in far} == {"cluster"}
        assert sum(f["properties"]["count"] for f in far) == 12
        near = client.get("/api/v1/map?bbox=-86,38,-85.5,38.5&zoom=17").json["features"]
        assert sum(f["properties"]["count"] for f in near) == 12 and len(near) > 1
    finally:
        map_data.POINTS_LIMIT = saved
    only_economy = client.get("/api/v1/map?bbox=-86,38,-85.5,38.5&zoom=10&category=economy")
    assert only_economy.json["features"] == []
    assert client.get("/api/v1/map?zoom=3").status_code == 400
    assert client.get("/api/v1/map?bbox=-86,38,-85.5,38.5&zoom=99").status_code == 400


def test_profile_is_asked_once_and_reduced_to_areas(client, db_session):
    assert client.get("/api/v1/me", headers=ALICE).json == {"age_bracket": None,
                                                            "home_areas": {}}
    areas = client.get("/api/v1/areas/neighborhoods").json["features"]
    shawnee = next(f for f in areas if f["properties"]["name"] == "Shawnee")
    profile = client.put("/api/v1/me", headers=ALICE, json={
        "age_bracket": "19_24", "home_area": {"layer": "neighborhoods", "id": shawnee["id"]}})
    assert profile.status_code == 200
    assert profile.json["age_bracket"] == "19_24"
    assert profile.json["home_areas"]["neighborhoods"]["name"] == "Shawnee"
    assert set(profile.json["home_areas"]) == {"neighborhoods", "council_districts",
                                               "census_tracts"}
    point = client.put("/api/v1/me", headers=BOB, json={"home_point": list(DOWNTOWN)})
    assert point.json["home_areas"]["neighborhoods"]["name"] == "Central Business District"
    assert client.put("/api/v1/me", headers=BOB, json={"age_bracket": "ancient"}
                      ).status_code == 400
    assert client.put("/api/v1/me", headers=BOB, json={"home_point": [-84.5, 38.05]}
                      ).status_code == 400


def test_categories_in_the_request_language(client):
    english = client.get("/api/v1/categories").json["categories"]
    spanish = client.get("/api/v1/categories?lang=es").json["categories"]
    assert english[0] == {"key": "connectivity", "label": "Getting around",
                          "color": "#1f77b4"}
    assert spanish[0]["label"] == "Cómo moverse"
