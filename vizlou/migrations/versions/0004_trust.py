"""Trust: participant tokens kept as keyed hashes, late retries recognised (receipts), ballots
set aside, voter identity per question with single-use codes, logins that logout ends,
co-facilitators, and kept counts that the database keeps from going below zero.

The tokens are hashed here with the key the app derives from its SECRET_KEY (the same as
``services.people.participants.token_hash``, written out again so that this revision never
changes when the code does).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""
import hashlib
import hmac

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _hash(key: bytes, token: str) -> str:
    return hmac.new(key, b"participant:" + token.encode(), hashlib.sha256).hexdigest()


def upgrade():
    op.create_table('vote_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('batch', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_vote_codes_event_id_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_vote_codes_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote_codes')),
    sa.UniqueConstraint('question_id', 'code_hash', name=op.f('uq_vote_codes_question_id_code_hash'))
    )
    op.create_index(op.f('ix_vote_codes_question_id'), 'vote_codes', ['question_id'])
    op.create_table('receipts',
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_receipts_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('client_id', name=op.f('pk_receipts'))
    )
    op.create_index(op.f('ix_receipts_participant_id'), 'receipts', ['participant_id'])
    op.create_index(op.f('ix_receipts_created_at'), 'receipts', ['created_at'])
    op.create_table('event_facilitators',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_facilitators_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['staff_users.id'], name=op.f('fk_event_facilitators_user_id_staff_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'user_id', name=op.f('pk_event_facilitators'))
    )
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('set_aside_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('vote_code_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_ballots_vote_code_id'), ['vote_code_id'])
        batch_op.create_foreign_key(batch_op.f('fk_ballots_vote_code_id_vote_codes'), 'vote_codes', ['vote_code_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity', sa.String(length=10), nullable=False, server_default='open'))
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))

    # Tokens: a keyed hash beside each, then the tokens go.
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
    bind = op.get_bind()
    key = current_app.config["SECRET_KEY"].encode()
    rows = bind.execute(sa.text("SELECT id, token FROM participants")).all()
    for start in range(0, len(rows), 5000):
        bind.execute(sa.text("UPDATE participants SET token_hash = :h WHERE id = :i"),
                     [{"h": _hash(key, token), "i": pid} for pid, token in rows[start:start + 5000]])
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.alter_column('token_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_participants_token_hash'), ['token_hash'])
        batch_op.drop_constraint('uq_participants_token', type_='unique')
        batch_op.drop_column('token')

    with op.batch_alter_table('area_tallies', schema=None) as batch_op:
        batch_op.create_check_constraint('never_negative', 'ideas >= 0 AND supports >= 0')
    with op.batch_alter_table('idea_cells', schema=None) as batch_op:
        batch_op.create_check_constraint('never_negative', 'n >= 0')


def downgrade():
    with op.batch_alter_table('idea_cells', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_idea_cells_never_negative'), type_='check')
    with op.batch_alter_table('area_tallies', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_area_tallies_never_negative'), type_='check')
    # The tokens cannot be read back from their hashes: every participant gets a new one.
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token', sa.String(length=64), nullable=True))
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE participants SET token = 'lost-' || substr(token_hash, 1, 40)"))
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.alter_column('token', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint('uq_participants_token', ['token'])
        batch_op.drop_constraint('uq_participants_token_hash', type_='unique')
        batch_op.drop_column('token_hash')
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('identity')
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.drop_constraint('fk_ballots_vote_code_id_vote_codes', type_='foreignkey')
        batch_op.drop_constraint('uq_ballots_vote_code_id', type_='unique')
        batch_op.drop_column('vote_code_id')
        batch_op.drop_column('set_aside_at')
    op.drop_table('event_facilitators')
    op.drop_index(op.f('ix_receipts_created_at'), table_name='receipts')
    op.drop_index(op.f('ix_receipts_participant_id'), table_name='receipts')
    op.drop_table('receipts')
    op.drop_index(op.f('ix_vote_codes_question_id'), table_name='vote_codes')
    op.drop_table('vote_codes')
