"""Speed: the planners' session, topic and age filters count from indexes alone.

The single-column indexes on an idea's author, session and topic, and on a support's
author, become indexes that also hold what a filtered count reads (moderation, topic,
author; the supported idea), so counting the ideas of one session, topic or age group no
longer reads each idea's row; participants get an index on their age group.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# (table, old single-column index, its column, new index, its columns)
WIDENED = [
    ('ideas', 'ix_ideas_participant_id', 'participant_id', 'ix_ideas_participant_counted',
     ['participant_id', 'moderation', 'category']),
    ('ideas', 'ix_ideas_category', 'category', 'ix_ideas_category_counted',
     ['category', 'moderation', 'participant_id']),
    ('ideas', 'ix_ideas_event_id', 'event_id', 'ix_ideas_event_counted',
     ['event_id', 'moderation', 'category', 'participant_id']),
    ('supports', 'ix_supports_participant_id', 'participant_id', 'ix_supports_participant_idea',
     ['participant_id', 'idea_id']),
]


def upgrade():
    for table, old, _, new, columns in WIDENED:
        op.create_index(new, table, columns, unique=False)
        op.drop_index(old, table_name=table)
    op.create_index('ix_participants_age_bracket', 'participants', ['age_bracket'],
                    unique=False)


def downgrade():
    op.drop_index('ix_participants_age_bracket', table_name='participants')
    for table, old, column, new, _ in reversed(WIDENED):
        op.create_index(old, table, [column], unique=False)
        op.drop_index(new, table_name=table)
