"""Alembic's environment for VizLou: the app's database and models, on SQLite and PostGIS.

Flask-Migrate runs this with the app pushed; the database URL and the metadata come from the
app. On SQLite, migrations that rebuild a table (Alembic's batch mode copies it, drops the old
one and renames the copy) would fire the foreign keys' ``ON DELETE`` actions of every row of
the dropped table: foreign keys are turned off for the run, as SQLite's documentation says to
do for schema changes, and checked once the run is over.
"""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def include_object(obj, name, type_, reflected, compare_to):
    """Leave PostGIS's own tables (spatial_ref_sys, tiger, topology) alone."""
    return not (type_ == "table" and reflected and compare_to is None)


def skip_empty_autogenerate(context, revision, directives):
    """``flask db migrate`` writes no revision when the models did not change."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_online():
    conf_args = current_app.extensions["migrate"].configure_args
    conf_args.setdefault("process_revision_directives", skip_empty_autogenerate)
    engine = target_db.engine
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, where the pragma takes effect
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(connection=connection, target_metadata=target_db.metadata,
                          include_object=include_object, **conf_args)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"The migration broke foreign keys: {broken[:5]}")
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    raise SystemExit("VizLou's migrations run against a database: use `flask db upgrade`.")
run_migrations_online()
