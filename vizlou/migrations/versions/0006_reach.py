"""Reach: text-message conversations, residents' contact details for hearing back (hashed,
with an encrypted copy to send), the outbox of messages to send, the city's gazetteer, and
phone-checked voting (codes texted to a phone; one ballot per phone number), when planners
last changed an idea, a photo on an idea, and webhooks for the city's own systems.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BYTES = sa.LargeBinary().with_variant(postgresql.BYTEA(), "postgresql")


def upgrade():
    op.create_table(
        'sms_conversations',
        sa.Column('phone_hash', sa.String(length=64), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('state', JSON, nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.Column('stopped_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('phone_hash', name=op.f('pk_sms_conversations')))
    op.create_table(
        'contacts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('address_hash', sa.String(length=64), nullable=False),
        sa.Column('sealed', BYTES, nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name=op.f('fk_contacts_participant_id_participants'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts')),
        sa.UniqueConstraint('participant_id', 'kind',
                            name=op.f('uq_contacts_participant_id_kind')))
    op.create_index(op.f('ix_contacts_participant_id'), 'contacts', ['participant_id'])
    op.create_index(op.f('ix_contacts_address_hash'), 'contacts', ['address_hash'])
    op.create_table(
        'outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('error', sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'],
                                name=op.f('fk_outbox_contact_id_contacts'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')))
    op.create_index(op.f('ix_outbox_contact_id'), 'outbox', ['contact_id'])
    op.create_index(op.f('ix_outbox_sent_at'), 'outbox', ['sent_at'])
    op.create_table(
        'places',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('folded', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('lon', sa.Float(), nullable=False),
        sa.Column('lat', sa.Float(), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_places')))
    op.create_index(op.f('ix_places_folded'), 'places', ['folded'])
    op.create_index(op.f('ix_places_kind'), 'places', ['kind'])
    op.create_table(
        'phone_checks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('phone_hash', sa.String(length=64), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('checked_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_checks')))
    op.create_index(op.f('ix_phone_checks_phone_hash'), 'phone_checks', ['phone_hash'])
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_ballots_question_id_phone_hash'),
                                          ['question_id', 'phone_hash'])
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE ideas SET changed_at = response_at")
    op.create_table(
        'idea_photos',
        sa.Column('idea_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'],
                                name=op.f('fk_idea_photos_idea_id_ideas'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('idea_id', name=op.f('pk_idea_photos')),
        sa.UniqueConstraint('key', name=op.f('uq_idea_photos_key')))
    op.create_table(
        'webhooks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('events', JSON, nullable=False),
        sa.Column('sealed_secret', BYTES, nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhooks')))
    op.create_table(
        'webhook_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('hook_id', sa.Integer(), nullable=False),
        sa.Column('event', sa.String(length=40), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('next_at', sa.DateTime(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('delivered_at', sa.DateTime(), nullable=True),
        sa.Column('last_status', sa.Integer(), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(['hook_id'], ['webhooks.id'],
                                name=op.f('fk_webhook_deliveries_hook_id_webhooks'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries')))
    op.create_index(op.f('ix_webhook_deliveries_hook_id'), 'webhook_deliveries', ['hook_id'])
    op.create_index(op.f('ix_webhook_deliveries_next_at'), 'webhook_deliveries', ['next_at'])
    op.create_index(op.f('ix_webhook_deliveries_delivered_at'), 'webhook_deliveries',
                    ['delivered_at'])


def downgrade():
    op.drop_table('webhook_deliveries')
    op.drop_table('webhooks')
    op.drop_table('idea_photos')
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_column('changed_at')
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_ballots_question_id_phone_hash'), type_='unique')
        batch_op.drop_column('phone_hash')
    op.drop_table('phone_checks')
    op.drop_table('places')
    op.drop_table('outbox')
    op.drop_table('contacts')
    op.drop_table('sms_conversations')
