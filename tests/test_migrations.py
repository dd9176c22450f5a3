"""Alembic migrations run on SQLite and PostGIS, match the models, and go down and up again."""

from __future__ import annotations

from datetime import datetime

import pytest
import shapely
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from vizlou.extensions import db

TABLES = {"area_layers", "areas", "ideas", "idea_areas", "supports", "comments", "reports",
          "questions", "options", "ballots", "participants", "participant_areas", "events",
          "event_questions", "staff_users", "audit_log", "receipts", "vote_codes",
          "event_facilitators"}
SPATIAL_INDEXES = {"ix_areas_geom", "ix_ideas_geom", "ix_events_venue_geom"}


def ours(obj, name, type_, reflected, compare_to):
    """PostGIS's own tables and our GiST indexes (made by the migration only) are not diffs."""
    if type_ == "table" and reflected and compare_to is None:
        return False
    return not (type_ == "index" and name in SPATIAL_INDEXES)


def test_upgrade_matches_the_models_then_down_and_up(databases, backend):
    app = databases.app(backend, empty=True)
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory)
        inspector = inspect(db.engine)
        assert set(inspector.get_table_names()) >= TABLES
        if backend == "postgis":
            indexes = {i["name"] for i in inspector.get_indexes("ideas")}
            assert "ix_ideas_geom" in indexes
            columns = {c["name"]: c["type"] for c in inspector.get_columns("ideas")}
            assert "geometry(POINT,4326)" in str(columns["geom"]).upper().replace(" ", "") or \
                columns["geom"].__class__.__name__ == "Geometry"
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "include_object": ours, "compare_type": True})
            assert compare_metadata(context, db.metadata) == []

        downgrade(directory=directory, revision="base")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        upgrade(directory=directory)
        assert set(inspect(db.engine).get_table_names()) >= TABLES


# --- A database seeded at each earlier revision, then upgraded --------------------------------

SQUARE = "MULTIPOLYGON(((-85.80 38.20, -85.70 38.20, -85.70 38.30, -85.80 38.30, -85.80 38.20)))"
SPOT = "POINT(-85.75 38.25)"
SEEDED_TOKEN = "seeded-token-0123456789abcdef"


def _geometry(postgres: bool, wkt: str):
    """A geometry value as the revision's column holds it, written without application code:
    SQL on PostGIS, well-known binary on SQLite."""
    if postgres:
        return sa.text(f"ST_GeomFromText('{wkt}', 4326)")
    return shapely.to_wkb(shapely.from_wkt(wkt))


def _seed(connection, revision: str) -> None:
    """One of everything a city holds, in plain SQL, as the schema at ``revision`` has it."""
    postgres = connection.dialect.name == "postgresql"
    events, event_id = ("sessions", "session_id") if revision < "0003" else ("events", "event_id")
    now = datetime(2026, 10, 1, 12, 0)
    rows = [
        ("area_layers", {"id": 1, "key": "districts", "title": "Districts", "source": "seed",
                         "has_population": True, "token": "t1", "imported_at": now}),
        ("areas", {"id": 1, "layer_id": 1, "name": "Downtown ü", "population": 1200,
                   "geom": _geometry(postgres, SQUARE)}),
        ("staff_users", {"id": 1, "email": "planner@example.org", "password_hash": "x",
                         "role": "planner", "active": True, "created_at": now}),
        ("questions", {"id": 1, "title": "Which park first?", "description": "",
                       "translations": "{}", "method": "single", "published": True,
                       "position": 0, "created_at": now}),
        ("options", {"id": 1, "question_id": 1, "title": "Shawnee", "description": "",
                     "translations": "{}", "position": 0}),
        ("options", {"id": 2, "question_id": 1, "title": "Iroquois", "description": "",
                     "translations": "{}", "position": 1}),
        (events, {"id": 1, "name": "Library night", "venue": "Main library", "notes": "",
                  "facilitator_id": 1, "join_code": "ABC123", "poster_code": "P0STER",
                  "area_id": 1, "created_at": now}),
        ("participants", {"id": 1, "token": SEEDED_TOKEN, "channel": "web", event_id: 1,
                          "age_bracket": "16-24", "language": "es", "created_at": now}),
        ("ideas", {"id": 1, "client_id": "seed-idea-1", "participant_id": 1, event_id: 1,
                   "channel": "web", "category": "health", "text": "More shade trees ü",
                   "language": "es", "lon": -85.75, "lat": 38.25,
                   "geom": _geometry(postgres, SPOT), "placement": "point",
                   "moderation": "visible", "status": "new", "created_at": now}),
        ("idea_areas", {"idea_id": 1, "layer_id": 1, "area_id": 1}),
        ("participant_areas", {"participant_id": 1, "layer_id": 1, "area_id": 1}),
        ("supports", {"id": 1, "idea_id": 1, "participant_id": 1, "channel": "web",
                      event_id: 1, "created_at": now}),
        ("ballots", {"id": 1, "question_id": 1, "participant_id": 1,
                     "choice": '{"option": 2}', "channel": "web", event_id: 1,
                     "client_id": "seed-ballot-1", "created_at": now, "updated_at": now}),
    ]
    for table, values in rows:
        sql = {k: v for k, v in values.items() if isinstance(v, sa.TextClause)}
        marks = ", ".join(sql[k].text if k in sql else f":{k}" for k in values)
        insert = f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})"  # noqa: S608
        connection.execute(sa.text(insert), {k: v for k, v in values.items() if k not in sql})
    if postgres:  # explicit ids: the sequences go on after them, as they would have
        for table in ("area_layers", "areas", "staff_users", "questions", "options", events,
                      "participants", "ideas", "supports", "ballots"):
            connection.execute(sa.text(
                f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"))  # noqa: S608


@pytest.mark.parametrize("revision", ["0001", "0002", "0003"])
def test_a_database_seeded_at_an_earlier_revision_comes_through(databases, backend, revision):
    from factories import KEY
    from vizlou.models import Ballot, Event, Idea, Question, StaffUser, Support
    from vizlou.services.counts import ballot_tallies, support_tallies
    from vizlou.services.people import participants

    app = databases.app(backend, empty=True)
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision=revision)
        with db.engine.begin() as connection:
            _seed(connection, revision)
        upgrade(directory=directory)
        session = db.session

        person = participants.find(session, SEEDED_TOKEN, key=KEY)
        assert person is not None and person.age_bracket == "16-24" and person.event_id == 1
        idea = session.get(Idea, 1)
        assert (idea.text, idea.event_id, idea.participant_id) == ("More shade trees ü", 1, 1)
        assert idea.geom.equals(shapely.from_wkt(SPOT))
        event = session.get(Event, 1)
        assert (event.name, event.join_code, event.facilitator_id) == ("Library night",
                                                                        "ABC123", 1)
        assert session.get(Support, 1).event_id == 1
        assert support_tallies.kept(session) == {1: 1}  # filled by 0010's plain SQL
        ballot = session.get(Ballot, 1)
        assert ballot.choice == {"option": 2} and ballot.set_aside_at is None
        assert session.get(Question, 1).identity == "open"
        assert session.get(StaffUser, 1).session_version == 0

        runner = app.test_cli_runner()
        before = runner.invoke(args=["counts", "check"])
        assert before.exit_code != 0 and "area_tallies" in before.output  # made by rebuild
        assert runner.invoke(args=["counts", "rebuild"]).exit_code == 0
        after = runner.invoke(args=["counts", "check"])
        assert after.exit_code == 0, after.output
        kept = ballot_tallies.kept(session, 1)  # the district's kept ballot totals
        assert kept[1][1]["o:2"] == 1 and not kept[1][1].get("o:1")
        session.remove()
