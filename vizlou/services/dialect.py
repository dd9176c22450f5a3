"""The one small module where SQLite and PostGIS are handled differently: bulk writes.

Everything else (area assignment, summaries) is plain SQL that runs the same on
both. Bulk inserts of many rows use each database's fast path: ``unnest`` of
arrays on PostgreSQL, ``executemany`` on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def bulk_insert_ints(session: Session, table: str, columns: Sequence[str],
                     values: Sequence[np.ndarray]) -> int:
    """Insert rows of integers given column-wise; returns the number of rows."""
    n = len(values[0]) if values else 0
    if n == 0:
        return 0
    cols = ", ".join(columns)
    if is_postgres(session):
        arrays = ", ".join(f"CAST(:c{i} AS bigint[])" for i in range(len(columns)))
        session.execute(text(f"INSERT INTO {table} ({cols}) SELECT * FROM unnest({arrays})"),  # noqa: S608 - names are ours
                        {f"c{i}": np.asarray(v, dtype=np.int64).tolist()
                         for i, v in enumerate(values)})
    else:
        marks = ", ".join("?" for _ in columns)
        rows = list(zip(*(np.asarray(v, dtype=np.int64).tolist() for v in values), strict=True))
        session.connection().exec_driver_sql(
            f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)  # noqa: S608 - names are ours
    return n


def upsert(session: Session, model):
    """``insert(model)`` of the session's database, the one with ``on_conflict_do_*``; both
    databases give ``INSERT ... ON CONFLICT`` the same meaning."""
    if is_postgres(session):
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


def add_to_cells(session: Session, rows: Sequence[dict]) -> None:
    """Add ``n``, ``sum_lon`` and ``sum_lat`` to ``idea_cells`` rows, creating missing ones.

    ``INSERT ... ON CONFLICT DO UPDATE`` exists on both databases with the same meaning.
    """
    if not rows:
        return
    from vizlou.models import IdeaCell

    statement = upsert(session, IdeaCell)
    statement = statement.on_conflict_do_update(
        index_elements=["level", "cx", "cy", "category"],
        set_={"n": IdeaCell.n + statement.excluded.n,
              "sum_lon": IdeaCell.sum_lon + statement.excluded.sum_lon,
              "sum_lat": IdeaCell.sum_lat + statement.excluded.sum_lat})
    session.execute(statement, list(rows))


def insert_once(session: Session, model, values: dict, unique: str):
    """``INSERT ... ON CONFLICT (unique) DO NOTHING RETURNING *`` as one statement: the new
    ORM object, or None when a row with the same unique value exists. Exactly-once writes
    without a savepoint or a look-up first; both databases have this syntax."""
    statement = (upsert(session, model).values(**values)
                 .on_conflict_do_nothing(index_elements=[unique]).returning(model))
    return session.scalars(statement).first()
