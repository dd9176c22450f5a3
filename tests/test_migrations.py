"""Alembic migrations run on SQLite and PostGIS, match the models, and go down and up again."""

from __future__ import annotations

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
