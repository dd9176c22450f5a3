"""Speed: the dashboard's contributions per hour and channel, kept up to date on every write
(``activity_hours``), filled here from the stored rows with plain SQL; and an index of the
answered ideas (the to-do counts the public ideas without an answer).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# The same hour as the dashboard's: the first 13 characters of the stored time, as text.
FILL = """
INSERT INTO activity_hours (kind, hour, channel, n)
SELECT 'idea', substr(CAST(created_at AS TEXT), 1, 13), channel, count(*)
FROM ideas WHERE moderation != 'hidden'
GROUP BY substr(CAST(created_at AS TEXT), 1, 13), channel
UNION ALL
SELECT 'support', substr(CAST(supports.created_at AS TEXT), 1, 13), supports.channel, count(*)
FROM supports JOIN ideas ON ideas.id = supports.idea_id WHERE ideas.moderation != 'hidden'
GROUP BY substr(CAST(supports.created_at AS TEXT), 1, 13), supports.channel
UNION ALL
SELECT 'ballot', substr(CAST(created_at AS TEXT), 1, 13), channel, count(*)
FROM ballots WHERE set_aside_at IS NULL
GROUP BY substr(CAST(created_at AS TEXT), 1, 13), channel
"""


def upgrade():
    op.create_table(
        'activity_hours',
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('hour', sa.String(length=13), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.CheckConstraint('n >= 0', name=op.f('ck_activity_hours_never_negative')),
        sa.PrimaryKeyConstraint('kind', 'hour', 'channel', name=op.f('pk_activity_hours')),
    )
    op.execute(FILL)
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.create_index('ix_ideas_responded', ['moderation'], unique=False,
                              sqlite_where=sa.text('response IS NOT NULL'),
                              postgresql_where=sa.text('response IS NOT NULL'))


def downgrade():
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index('ix_ideas_responded', sqlite_where=sa.text('response IS NOT NULL'),
                            postgresql_where=sa.text('response IS NOT NULL'))
    op.drop_table('activity_hours')
