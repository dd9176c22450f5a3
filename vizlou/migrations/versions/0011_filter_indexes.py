"""Speed: indexes that let the planners' date filter count from the index alone.

``ideas.created_at`` becomes the first column of an index that also holds what a filtered
count reads (moderation, category, author), so counting a month of ideas no longer reads
every idea's row; supports get an index on when they were given, so a date range no
longer reads every support. On SQLite, ``idea_areas`` is stored by its key
(``WITHOUT ROWID``), so finding an idea's area is one look-up instead of two (a month of a
million ideas counted by area in a third less time; a boundary import rewrites the rows
faster too).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


IDEA_AREAS = ("CREATE TABLE {name} (idea_id INTEGER NOT NULL, layer_id INTEGER NOT NULL, "
              "area_id INTEGER NOT NULL, CONSTRAINT pk_idea_areas PRIMARY KEY (idea_id, layer_id))"
              "{rowid}")


def _rebuild_idea_areas(rowid: str) -> None:
    """SQLite only: the same rows in a table stored with or without a rowid."""
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(IDEA_AREAS.format(name="idea_areas_new", rowid=rowid))
    op.execute("INSERT INTO idea_areas_new (idea_id, layer_id, area_id) "
               "SELECT idea_id, layer_id, area_id FROM idea_areas ORDER BY idea_id, layer_id")
    op.execute("DROP TABLE idea_areas")
    op.execute("ALTER TABLE idea_areas_new RENAME TO idea_areas")
    op.create_index('ix_idea_areas_layer_area', 'idea_areas', ['layer_id', 'area_id'],
                    unique=False)


def upgrade():
    _rebuild_idea_areas(" WITHOUT ROWID")
    op.drop_index('ix_ideas_created_at', table_name='ideas')
    op.create_index('ix_ideas_created_counted', 'ideas',
                    ['created_at', 'moderation', 'category', 'participant_id'], unique=False)
    op.create_index('ix_supports_created_at', 'supports',
                    ['created_at', 'participant_id', 'idea_id'], unique=False)


def downgrade():
    _rebuild_idea_areas("")
    op.drop_index('ix_supports_created_at', table_name='supports')
    op.drop_index('ix_ideas_created_counted', table_name='ideas')
    op.create_index('ix_ideas_created_at', 'ideas', ['created_at'], unique=False)
