"""Speed: supports per idea kept up to date on every write (``support_tallies``), filled here
from the stored supports with plain SQL, so that lists sorted by supports, the planners'
ideas and the report stop counting the supports of every idea.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'support_tallies',
        sa.Column('idea_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.CheckConstraint('n >= 0', name=op.f('ck_support_tallies_never_negative')),
        sa.PrimaryKeyConstraint('idea_id', name=op.f('pk_support_tallies')),
    )
    op.execute("INSERT INTO support_tallies (idea_id, n) "
               "SELECT idea_id, count(*) FROM supports GROUP BY idea_id")
    op.create_index('ix_support_tallies_n', 'support_tallies', ['n', 'idea_id'], unique=False)


def downgrade():
    op.drop_index('ix_support_tallies_n', table_name='support_tallies')
    op.drop_table('support_tallies')
