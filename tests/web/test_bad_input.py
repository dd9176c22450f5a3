"""Bad input of every kind the audit found gets a clear 4xx (or one line on the command
line) and harms nothing stored."""

from __future__ import annotations

import http.client
import json
import math
import random

import pytest
from shapely.geometry import MultiPolygon, box
from sqlalchemy import select, update

from factories import DOWNTOWN, count, login_as
from load_support import Gunicorn
from vizlou.errors import InvalidInput
from vizlou.extensions import db
from vizlou.geo.boundaries import BoundaryArea, BoundarySet
from vizlou.geo.overlays import MAX_INPUT_POINTS, MAX_VERTICES
from vizlou.models import Area, Idea, Option
from vizlou.services.areas import imports as area_imports
from vizlou.services.voting.questions import create_question

ALICE = {"X-Participant": "alice-token-0123456789"}


def post(client, body, raw: str | None = None):
    if raw is not None:
        return client.post("/api/v1/ideas", data=raw, headers={
            **ALICE, "Content-Type": "application/json"})
    return client.post("/api/v1/ideas", json=body, headers=ALICE)


def idea(text: str) -> dict:
    return {"category": "health", "text": text, "lon": DOWNTOWN[0], "lat": DOWNTOWN[1]}


@pytest.mark.parametrize("raw", [
    "[" * 1000 + "]" * 1000,  # 2 KB, nested a thousand deep
    '{"text": ' + "[" * 500 + "]" * 500 + "}",
])
def test_json_nested_too_deep(client, raw):
    response = post(client, None, raw)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "too_deep"
    assert client.put("/api/v1/questions/1/ballot", data=raw, headers={
        **ALICE, "Content-Type": "application/json"}).status_code == 400


@pytest.mark.parametrize("text", ["\ud800 half a character", "a NUL \u0000 here",
                                  "\u001b[31mred\u001b[0m", "bell \u0007"])
def test_unreadable_characters_are_refused(client, text):
    raw = json.dumps(idea(text))  # \ud800 and the controls travel as JSON escapes
    response = post(client, None, raw)
    assert response.status_code == 400, response.data
    assert response.json["error"]["code"] == "unreadable"
    assert count(db.session, Idea) == 0


@pytest.mark.parametrize("url", ["/api/v1/areas/%00", "/join?code=%00",
                                 "/ideas?category=%00", "/api/v1/ideas?status=%1b"])
def test_unreadable_characters_in_addresses(client, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)


def test_invisible_text_is_no_idea(client):
    for text in ("\u200b", " \u200b\u200c\u2060 ", "\u00a0\u00a0"):
        response = post(client, idea(text))
        assert response.status_code == 400 and response.json["error"]["field"] == "text"
    assert post(client, idea("Trees \u200b please")).status_code == 201


def test_old_rows_with_control_characters_still_export(app, client, db_session):
    assert post(client, idea("A tidy idea")).status_code == 201
    db_session.execute(update(Idea).values(text="=cmd|' /C calc'!A0 \u0001\u001b end"))
    db_session.commit()
    planner = app.test_client()
    login_as(planner, "planner")
    response = planner.get("/plan/exports/ideas.xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"


def test_a_city_name_outside_latin1_downloads(app, client):
    app.config["CITY"] = app.config["CITY"].__class__(**{
        **app.config["CITY"].__dict__, "short_name": "Łódź Plan"})
    planner = app.test_client()
    login_as(planner, "planner")
    response = planner.get("/plan/exports/ideas.csv")
    assert response.status_code == 200
    header = response.headers["Content-Disposition"]
    assert header.encode("latin-1")  # an HTTP header must be Latin-1
    assert "filename*=UTF-8''%C5%82%C3%B3d%C5%BA-plan-ideas.csv" in header  # łódź-plan


def test_long_area_names_are_one_length_on_both_databases(app, db_session):
    long = "Neighbourhood of the " + "very " * 60 + "long name"
    result = area_imports.import_layer(db_session, key="long", title="Long", source="test",
                                       boundaries=BoundarySet(areas=[BoundaryArea(
                                           long, None, MultiPolygon([box(-85.8, 38.1, -85.7,
                                                                         38.2)]))],
                                           source_crs="EPSG:4326", features_read=1))
    db_session.commit()
    assert result.areas == 1
    stored = db_session.scalar(select(Area.name).where(Area.name.like("Neighbourhood of%")))
    assert len(stored) == 200 and stored.endswith("…")


def test_overlays_are_checked_and_simplified(db_session):
    bounds = (-86.2, 37.8, -85.2, 38.6)
    options = [{"title": "A"}, {"title": "B"}]
    nan = {"type": "LineString", "coordinates": [[-85.7, 38.2], [math.nan, 38.3]]}
    for bad, message in ((nan, "must be a number"),
                         ({"type": "Point", "coordinates": [-85.7, 38.2]}, "lines or areas"),
                         ({"type": "LineString", "coordinates": [[1_000_000, 1], [2, 3]]},
                          "outside the city"),
                         ({"type": "Polygon", "coordinates": "nope"}, "GeoJSON"),
                         ("a string", "GeoJSON")):
        with pytest.raises(InvalidInput, match=message):
            create_question(db_session, title="Q", method="single", bounds=bounds,
                            options=[{"title": "A", "overlay": bad}, {"title": "B"}])
    wiggle = [[-85.8 + i * 0.5 / 50_000, 38.2 + 0.01 * math.sin(i / 7)] for i in range(50_000)]
    question = create_question(db_session, title="Q", method="single", bounds=bounds,
                               options=[{"title": "A", "overlay": {
                                   "type": "LineString", "coordinates": wiggle}}, *options[1:]])
    assert len(question.options[0].overlay["coordinates"]) <= MAX_VERTICES
    bowtie = {"type": "Polygon", "coordinates": [[[-85.8, 38.2], [-85.7, 38.3], [-85.7, 38.2],
                                                  [-85.8, 38.3], [-85.8, 38.2]]]}
    question = create_question(db_session, title="Q", method="single", bounds=bounds,
                               options=[{"title": "A", "overlay": bowtie}, *options[1:]])
    assert question.options[0].overlay["type"] == "MultiPolygon"  # repaired into two halves


def test_overlays_that_would_cost_minutes_are_refused_at_once(db_session):
    """Each refusal is decided in time proportional to the points sent: too many points,
    a tangle that crosses itself thousands of times, lines and areas mixed."""
    bounds = (-86.2, 37.8, -85.2, 38.6)
    rng = random.Random(7)
    many = {"type": "LineString",
            "coordinates": [[-85.8 + i / 1e6, 38.2] for i in range(MAX_INPUT_POINTS + 1)]}
    ring = [[-85.8 + rng.random() * 0.5, 38.2 + rng.random() * 0.3] for _ in range(2000)]
    tangle = {"type": "Polygon", "coordinates": [ring + ring[:1]]}
    mixed = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "LineString",
                                         "coordinates": [[-85.8, 38.2], [-85.7, 38.3]]}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[
            [-85.8, 38.2], [-85.7, 38.2], [-85.7, 38.3], [-85.8, 38.2]]]}}]}
    for bad, message in ((many, "more than"), (tangle, "crosses itself"),
                         (mixed, "not both")):
        with pytest.raises(InvalidInput, match=message):
            create_question(db_session, title="Q", method="single", bounds=bounds,
                            options=[{"title": "A", "overlay": bad}, {"title": "B"}])


def test_an_old_nan_overlay_does_not_break_the_questions_list(sqlite_app):
    """(Only SQLite can hold one: PostgreSQL's JSON refuses NaN.)"""
    db_session, client = db.session, sqlite_app.test_client()
    question = create_question(db_session, title="Q", method="single",
                               options=[{"title": "A"}, {"title": "B"}])
    db_session.execute(update(Option).where(Option.id == question.options[0].id).values(
        overlay={"type": "LineString", "coordinates": [[-85.7, 38.2], [float("nan"), 1]]}))
    db_session.commit()
    response = client.get("/api/v1/questions")
    assert response.status_code == 200
    assert json.loads(response.get_data(as_text=True))  # strict JSON: no NaN
    assert client.get(f"/questions/{question.id}").status_code == 200


def test_after_a_413_the_next_request_is_answered(sqlite_app, tmp_path):
    """Under gunicorn, a body refused unread closes the connection; the client opens a new
    one for the next request instead of having it reset."""
    env = {"DATABASE_URL": sqlite_app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": "k", "VIZLOU_INSTANCE": str(tmp_path), "VIZLOU_ENV": "production"}
    server = Gunicorn(env, workers=1, threads=2)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("POST", "/api/v1/ideas", body=b"x" * (64 * 1024),
                           headers={"Content-Type": "application/json", **ALICE})
        refused = connection.getresponse()
        refused.read()
        refused.close()
        assert refused.status == 413
        connection.request("GET", "/api/v1/categories")
        again = connection.getresponse()
        again.read()
        again.close()
        assert again.status == 200
        connection.close()
    finally:
        server.stop()
