"""Extensions, created unbound; ``create_app`` binds them to an app."""

import math
import sqlite3
from contextlib import contextmanager
from contextvars import ContextVar

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine

# Named constraints, so that Alembic can alter them on SQLite (batch mode) and PostGIS alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def _on_connect(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (below):
        # otherwise a SAVEPOINT before the first write commits on its own when released.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")  # cascades as on PostgreSQL
        cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        cursor.execute("PRAGMA synchronous=NORMAL")
        try:  # SQLite built without its math functions: Python's (the density map uses them)
            cursor.execute("SELECT ln(1), sin(0), radians(0), floor(0.5)")
        except sqlite3.OperationalError:
            for name, function in (("ln", math.log), ("sin", math.sin),
                                   ("radians", math.radians), ("floor", math.floor)):
                dbapi_connection.create_function(name, 1, function, deterministic=True)
        cursor.close()


# Whether the transactions begun now may write. Outside a request (commands, tests, workers)
# they may; a request sets it from its method (see ``web.transactions``).
_may_write: ContextVar[bool] = ContextVar("vizlou_may_write", default=True)


def set_write_intent(may_write: bool):
    """Declare, before the first query, whether this context's transactions will write;
    returns the token that :func:`reset_write_intent` takes."""
    return _may_write.set(may_write)


def reset_write_intent(token) -> None:
    _may_write.reset(token)


@contextmanager
def write_intent(may_write: bool):
    token = _may_write.set(may_write)
    try:
        yield
    finally:
        _may_write.reset(token)


def _on_begin(connection) -> None:
    """On SQLite, a transaction that will write takes the write lock when it begins.

    In WAL mode a deferred transaction that has read cannot take the write lock once another
    connection has written since: it fails at once with "database is locked" instead of
    waiting for the busy timeout. ``BEGIN IMMEDIATE`` waits (up to the timeout) for the lock
    before reading anything, so two writers queue instead of failing. Transactions of
    read-only requests begin deferred (readers never wait) and are made read-only with
    ``query_only``, so a request that writes without saying so fails in every test run
    instead of failing only when two writers meet."""
    if connection.dialect.name == "sqlite":
        may_write = _may_write.get()
        connection.exec_driver_sql(f"PRAGMA query_only={'OFF' if may_write else 'ON'}")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if may_write else "BEGIN")


def sqlite_pragmas() -> None:
    """SQLite connections enforce foreign keys, use write-ahead logging, and have real
    transactions with savepoints inside them (SQLAlchemy's recipe for pysqlite); writing
    transactions take the write lock at their start (see ``_on_begin``)."""
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)
