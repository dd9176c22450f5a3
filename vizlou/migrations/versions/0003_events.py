"""Facilitated sessions become the ``events`` table (the model ``Event``), so that the code's
word never meets SQLAlchemy's or Flask's sessions; their foreign keys become ``event_id``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

USERS = ("participants", "ballots", "ideas", "supports")  # tables with a session_id column
INDEXED = ("participants", "ideas")  # ... and an index on it


def _names(old: str, new: str) -> list[tuple[str, str]]:
    """``(table, [(old constraint, new constraint)])`` renames between the two vocabularies."""
    o, n = ("session", "sessions"), ("event", "events")
    src, dst = (o, n) if old == "session" else (n, o)
    pairs = [(f"{dst[1]}", [(f"pk_{src[1]}", f"pk_{dst[1]}"),
                            (f"uq_{src[1]}_join_code", f"uq_{dst[1]}_join_code"),
                            (f"uq_{src[1]}_poster_code", f"uq_{dst[1]}_poster_code"),
                            (f"fk_{src[1]}_area_id_areas", f"fk_{dst[1]}_area_id_areas"),
                            (f"fk_{src[1]}_facilitator_id_staff_users",
                             f"fk_{dst[1]}_facilitator_id_staff_users")]),
             (f"{dst[0]}_questions", [
                 (f"pk_{src[0]}_questions", f"pk_{dst[0]}_questions"),
                 (f"fk_{src[0]}_questions_question_id_questions",
                  f"fk_{dst[0]}_questions_question_id_questions"),
                 (f"fk_{src[0]}_questions_{src[0]}_id_{src[1]}",
                  f"fk_{dst[0]}_questions_{dst[0]}_id_{dst[1]}")])]
    pairs += [(t, [(f"fk_{t}_{src[0]}_id_{src[1]}", f"fk_{t}_{dst[0]}_id_{dst[1]}")])
              for t in USERS]
    return pairs


def _rename(old: str, new: str) -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    o_tab, n_tab = f"{old}s", f"{new}s"
    op.rename_table(o_tab, n_tab)
    op.rename_table(f"{old}_questions", f"{new}_questions")
    for table in (f"{new}_questions", *USERS):
        op.execute(f'ALTER TABLE {table} RENAME COLUMN {old}_id TO {new}_id')
    for table in INDEXED:
        op.drop_index(f"ix_{table}_{old}_id", table_name=table)
        op.create_index(f"ix_{table}_{new}_id", table, [f"{new}_id"])
    if not postgres:  # unique constraints live in the table's text: the table is rebuilt
        with op.batch_alter_table(n_tab, recreate="always") as batch_op:
            for column in ("join_code", "poster_code"):
                batch_op.drop_constraint(f"uq_{o_tab}_{column}", type_="unique")
                batch_op.create_unique_constraint(f"uq_{n_tab}_{column}", [column])
    else:
        op.execute(f"ALTER SEQUENCE {o_tab}_id_seq RENAME TO {n_tab}_id_seq")
        op.execute(f"ALTER INDEX ix_{o_tab}_venue_geom RENAME TO ix_{n_tab}_venue_geom")
        for table, renames in _names(old, new):
            for before, after in renames:
                op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {before} TO {after}")


def upgrade():
    _rename("session", "event")


def downgrade():
    _rename("event", "session")
