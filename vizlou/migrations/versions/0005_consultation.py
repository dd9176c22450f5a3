"""Consultation: questions and options keep a stable key (files of questions match by it),
method settings for budget steps and pairs per voter, answers in every language, reports
dismissed with a reason, and staff invitations.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('budget_step', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('pairs_per_voter', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE questions SET key = 'question-' || CAST(id AS VARCHAR(20))")
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.alter_column('key', existing_type=sa.String(length=60), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_questions_key'), ['key'])

    with op.batch_alter_table('options', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=60), nullable=True))
    op.execute("UPDATE options SET key = 'option-' || CAST(id AS VARCHAR(20))")
    with op.batch_alter_table('options', schema=None) as batch_op:
        batch_op.alter_column('key', existing_type=sa.String(length=60), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_options_question_id_key'),
                                          ['question_id', 'key'])

    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('response_translations', JSON, nullable=False,
                                      server_default='{}'))
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dismissed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('dismissed_reason', sa.Text(), nullable=True))
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invite_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('invite_expires_at', sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_staff_users_invite_hash'),
                                          ['invite_hash'])


def downgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_staff_users_invite_hash'), type_='unique')
        batch_op.drop_column('invite_expires_at')
        batch_op.drop_column('invite_hash')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('dismissed_reason')
        batch_op.drop_column('dismissed_at')
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_column('response_translations')
    with op.batch_alter_table('options', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_options_question_id_key'), type_='unique')
        batch_op.drop_column('key')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_questions_key'), type_='unique')
        batch_op.drop_column('updated_at')
        batch_op.drop_column('pairs_per_voter')
        batch_op.drop_column('budget_step')
        batch_op.drop_column('key')
