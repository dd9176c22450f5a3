"""Summary counts kept up to date on every write: area_tallies, ballot_tallies and
contributor_areas (see vizlou/services/counts/).

The tables are created empty. A database that already held ideas when it was upgraded past
this revision needs its counts made once: `flask --app vizlou counts rebuild` (the data step
needs the voting methods' code, which a migration must not import: migrations stay as they
were written while the code moves on).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('area_tallies',
    sa.Column('layer_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('ideas', sa.Integer(), nullable=False),
    sa.Column('supports', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('layer_id', 'area_id', 'category', name=op.f('pk_area_tallies'))
    )
    op.create_table('ballot_tallies',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('layer_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('n', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('question_id', 'layer_id', 'area_id', 'key', name=op.f('pk_ballot_tallies'))
    )
    op.create_table('contributor_areas',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('layer_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('participant_id', 'layer_id', name=op.f('pk_contributor_areas'))
    )
    with op.batch_alter_table('contributor_areas', schema=None) as batch_op:
        batch_op.create_index('ix_contributor_areas_layer_area', ['layer_id', 'area_id'], unique=False)

    with op.batch_alter_table('idea_areas', schema=None) as batch_op:
        batch_op.drop_constraint('fk_idea_areas_idea_id_ideas', type_='foreignkey')


def downgrade():
    with op.batch_alter_table('idea_areas', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_idea_areas_idea_id_ideas', 'ideas', ['idea_id'], ['id'],
                                    ondelete='CASCADE')
    with op.batch_alter_table('contributor_areas', schema=None) as batch_op:
        batch_op.drop_index('ix_contributor_areas_layer_area')
    op.drop_table('contributor_areas')
    op.drop_table('ballot_tallies')
    op.drop_table('area_tallies')
