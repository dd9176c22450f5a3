"""The one small module where SQLite and PostGIS are handled differently: bulk writes.

Everything else (area assignment, summaries) is plain SQL that runs the same on
both. Bulk inserts of many rows use each database's fast path: ``unnest`` of
arrays on PostgreSQL, ``executemany`` on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
from sqlalchemy import bindparam, text, update
from sqlalchemy.orm import Session


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def bulk_insert_ints(session: Session, table: str, columns: Sequence[str],
                     values: Sequence[np.ndarray]) -> int:
    """Insert rows of integers given column-wise; returns the number of rows."""
    return bulk_insert(session, table, columns, ["bigint"] * len(columns),
                       [np.asarray(v, dtype=np.int64).tolist() for v in values])


def bulk_insert(session: Session, table: str, columns: Sequence[str], types: Sequence[str],
                values: Sequence[Sequence]) -> int:
    """Insert rows given column-wise (lists of plain values), each column of the SQL type
    named in ``types`` (``bigint``, ``text``): one statement on PostgreSQL (``unnest``), one
    prepared statement run for every row on SQLite; returns the number of rows."""
    n = len(values[0]) if values else 0
    if n == 0:
        return 0
    cols = ", ".join(columns)
    if is_postgres(session):
        arrays = ", ".join(f"CAST(:c{i} AS {kind}[])" for i, kind in enumerate(types))
        session.execute(text(f"INSERT INTO {table} ({cols}) SELECT * FROM unnest({arrays})"),  # noqa: S608 - names are ours
                        {f"c{i}": list(v) for i, v in enumerate(values)})
    else:
        marks = ", ".join("?" for _ in columns)
        session.connection().exec_driver_sql(
            f"INSERT INTO {table} ({cols}) VALUES ({marks})",  # noqa: S608 - names are ours
            list(zip(*values, strict=True)))
    return n


def upsert(session: Session, model):
    """``insert(model)`` of the session's database, the one with ``on_conflict_do_*``; both
    databases give ``INSERT ... ON CONFLICT`` the same meaning."""
    return _insert_of(session.get_bind().dialect.name)(model)


def _insert_of(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


# The statements of every write are built once per database kind and shape, then executed
# with each write's values: building a statement and its cache key costs more Python than
# running it on SQLite (see bench/bench_submit.py).

@cache
def _inserting_once(dialect: str, model, columns: tuple[str, ...], unique: tuple[str, ...]):
    table = model.__table__
    return (_insert_of(dialect)(model)
            .values({c: bindparam(c, type_=table.c[c].type) for c in columns})
            .on_conflict_do_nothing(index_elements=list(unique)).returning(model)
            .execution_options(dml_strategy="orm"))


@cache
def _adding(dialect: str, table, keys: tuple[str, ...], values: tuple[str, ...]):
    statement = _insert_of(dialect)(table)
    return statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={v: table.c[v] + statement.excluded[v] for v in values})


@cache
def _taking(table, keys: tuple[str, ...], values: tuple[str, ...]):
    return (update(table)
            .where(*(table.c[k] == bindparam(f"k_{k}") for k in keys))
            .values({v: table.c[v] + bindparam(f"d_{v}") for v in values}))


def insert_once(session: Session, model, values: dict, unique: str | Sequence[str]):
    """``INSERT ... ON CONFLICT (unique) DO NOTHING RETURNING *`` as one statement: the new
    ORM object, or None when a row with the same unique value(s) exists. Exactly-once writes
    without a savepoint or a look-up first; both databases have this syntax."""
    columns = (unique,) if isinstance(unique, str) else tuple(unique)
    statement = _inserting_once(session.get_bind().dialect.name, model, tuple(sorted(values)),
                                columns)
    return session.scalars(statement, values).first()


def add_to(session: Session, model, keys: Sequence[str], values: Sequence[str],
           rows: Sequence[dict], counts: Sequence[str] | None = None) -> None:
    """Add each row's ``values`` to the row with the same ``keys``, in place.

    A row whose counts (the ``values`` other than sums such as coordinates, which may be
    negative in themselves) only add is one ``INSERT ... ON CONFLICT DO UPDATE SET n = n +
    excluded.n`` for all such rows (creating missing rows); a row that takes something away
    is one ``UPDATE ... SET n = n + :n`` (the row exists: it holds what is taken away; and a
    table's ``CHECK (n >= 0)`` would refuse the negative row the insert proposes, on both
    databases, before any conflict). ``counts`` names the counting columns (all by default).

    Rows are written in the order of their keys, whatever the caller's order: two writes
    that change the same rows at once then lock them in the same order, and one waits for
    the other instead of each holding a row the other needs (a deadlock on PostgreSQL)."""
    counting = counts if counts is not None else values
    rows = sorted(rows, key=lambda r: tuple((r[k] is None, "" if r[k] is None else r[k])
                                            for k in keys))
    adding = [r for r in rows if all(r[v] >= 0 for v in counting)]
    taking = [r for r in rows if any(r[v] < 0 for v in counting)]
    table, keys, values = model.__table__, tuple(keys), tuple(values)
    if adding:
        session.execute(_adding(session.get_bind().dialect.name, table, keys, values), adding)
    if taking:
        session.execute(_taking(table, keys, values),
                        [{**{f"k_{k}": r[k] for k in keys}, **{f"d_{v}": r[v] for v in values}}
                         for r in taking])


def hour_of(session: Session, column):
    """The hour a timestamp falls in (UTC, as stored), as text ``YYYY-MM-DD HH:00``."""
    from sqlalchemy import func

    if is_postgres(session):
        return func.to_char(func.date_trunc("hour", column), "YYYY-MM-DD HH24:00")
    return func.strftime("%Y-%m-%d %H:00", column)
