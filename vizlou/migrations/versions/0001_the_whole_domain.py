"""The whole domain: areas, ideas, supports, comments, reports, questions, ballots,
participants, sessions, staff users and the audit log.

On PostGIS the geometry columns are geometry(..., 4326) with GiST indexes; on
SQLite they hold well-known binary (see vizlou/models/types.py).

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

from vizlou.models.types import Geometry, JSONType

# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


GEOMETRY_COLUMNS = [("areas", "geom"), ("ideas", "geom"), ("sessions", "venue_geom")]


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.create_table('area_layers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('has_population', sa.Boolean(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_layers')),
    sa.UniqueConstraint('key', name=op.f('uq_area_layers_key'))
    )
    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('translations', JSONType, nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('max_choices', sa.Integer(), nullable=True),
    sa.Column('budget_total', sa.Float(), nullable=True),
    sa.Column('budget_unit', sa.String(length=10), nullable=True),
    sa.Column('opens_at', sa.DateTime(), nullable=True),
    sa.Column('closes_at', sa.DateTime(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions'))
    )
    op.create_table('staff_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_users')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_users_email'))
    )
    op.create_table('areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('layer_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('geom', Geometry('MULTIPOLYGON'), nullable=False),
    sa.ForeignKeyConstraint(['layer_id'], ['area_layers.id'], name=op.f('fk_areas_layer_id_area_layers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_areas'))
    )
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_areas_layer_id'), ['layer_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=True),
    sa.Column('target_id', sa.String(length=60), nullable=True),
    sa.Column('detail', JSONType, nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['staff_users.id'], name=op.f('fk_audit_log_actor_id_staff_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('translations', JSONType, nullable=False),
    sa.Column('cost', sa.Float(), nullable=True),
    sa.Column('overlay', JSONType, nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_options_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_options'))
    )
    with op.batch_alter_table('options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_options_question_id'), ['question_id'], unique=False)

    op.create_table('sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('venue_lon', sa.Float(), nullable=True),
    sa.Column('venue_lat', sa.Float(), nullable=True),
    sa.Column('venue_geom', Geometry('POINT'), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=True),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('facilitator_id', sa.Integer(), nullable=True),
    sa.Column('join_code', sa.String(length=12), nullable=False),
    sa.Column('poster_code', sa.String(length=12), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_sessions_area_id_areas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['facilitator_id'], ['staff_users.id'], name=op.f('fk_sessions_facilitator_id_staff_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions')),
    sa.UniqueConstraint('join_code', name=op.f('uq_sessions_join_code')),
    sa.UniqueConstraint('poster_code', name=op.f('uq_sessions_poster_code'))
    )
    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('age_bracket', sa.String(length=20), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_participants_session_id_sessions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants')),
    sa.UniqueConstraint('token', name=op.f('uq_participants_token'))
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participants_session_id'), ['session_id'], unique=False)

    op.create_table('session_questions',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_session_questions_question_id_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_session_questions_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'question_id', name=op.f('pk_session_questions'))
    )
    op.create_table('ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('choice', JSONType, nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_ballots_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_ballots_question_id_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_ballots_session_id_sessions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballots')),
    sa.UniqueConstraint('question_id', 'participant_id', name=op.f('uq_ballots_question_id_participant_id'))
    )
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballots_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ballots_question_id'), ['question_id'], unique=False)

    op.create_table('ideas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('geom', Geometry('POINT'), nullable=False),
    sa.Column('placement', sa.String(length=10), nullable=False),
    sa.Column('moderation', sa.String(length=10), nullable=False),
    sa.Column('moderation_reason', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('response', sa.Text(), nullable=True),
    sa.Column('response_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_ideas_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_ideas_session_id_sessions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas')),
    sa.UniqueConstraint('client_id', name=op.f('uq_ideas_client_id'))
    )
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_ideas_lon_lat', ['lon', 'lat'], unique=False)
        batch_op.create_index('ix_ideas_held', ['moderation'], unique=False, sqlite_where=sa.text("moderation != 'visible'"), postgresql_where=sa.text("moderation != 'visible'"))
        batch_op.create_index(batch_op.f('ix_ideas_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_session_id'), ['session_id'], unique=False)
        batch_op.create_index('ix_ideas_answered', ['status'], unique=False, sqlite_where=sa.text("status != 'new'"), postgresql_where=sa.text("status != 'new'"))

    op.create_table('participant_areas',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('layer_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_participant_areas_area_id_areas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['layer_id'], ['area_layers.id'], name=op.f('fk_participant_areas_layer_id_area_layers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_participant_areas_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('participant_id', 'layer_id', name=op.f('pk_participant_areas'))
    )
    with op.batch_alter_table('participant_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_areas_area_id'), ['area_id'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('moderation', sa.String(length=10), nullable=False),
    sa.Column('moderation_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_comments_idea_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_comments_participant_id_participants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments')),
    sa.UniqueConstraint('client_id', name=op.f('uq_comments_client_id'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_moderation'), ['moderation'], unique=False)

    op.create_table('idea_cells',
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('cx', sa.Integer(), nullable=False),
    sa.Column('cy', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('sum_lon', sa.Float(), nullable=False),
    sa.Column('sum_lat', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('level', 'cx', 'cy', 'category', name=op.f('pk_idea_cells'))
    )
    op.create_table('idea_areas',
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('layer_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_idea_areas_idea_id_ideas'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('idea_id', 'layer_id', name=op.f('pk_idea_areas'))
    )
    with op.batch_alter_table('idea_areas', schema=None) as batch_op:
        batch_op.create_index('ix_idea_areas_layer_area', ['layer_id', 'area_id'], unique=False)

    op.create_table('supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_supports_idea_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_supports_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_supports_session_id_sessions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supports')),
    sa.UniqueConstraint('idea_id', 'participant_id', name=op.f('uq_supports_idea_id_participant_id'))
    )
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supports_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supports_participant_id'), ['participant_id'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=40), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_reports_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_reports_idea_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_reports_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('participant_id', 'target', name=op.f('uq_reports_participant_id_target'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_idea_id'), ['idea_id'], unique=False)

    if postgres:
        for table, column in GEOMETRY_COLUMNS:
            op.create_index(f"ix_{table}_{column}", table, [column], postgresql_using="gist")


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_idea_id'))
        batch_op.drop_index(batch_op.f('ix_reports_comment_id'))

    op.drop_table('reports')
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supports_participant_id'))
        batch_op.drop_index(batch_op.f('ix_supports_idea_id'))

    op.drop_table('supports')
    with op.batch_alter_table('idea_areas', schema=None) as batch_op:
        batch_op.drop_index('ix_idea_areas_layer_area')

    op.drop_table('idea_areas')
    op.drop_table('idea_cells')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_moderation'))
        batch_op.drop_index(batch_op.f('ix_comments_idea_id'))

    op.drop_table('comments')
    with op.batch_alter_table('participant_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_areas_area_id'))

    op.drop_table('participant_areas')
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index('ix_ideas_answered')
        batch_op.drop_index(batch_op.f('ix_ideas_session_id'))
        batch_op.drop_index(batch_op.f('ix_ideas_participant_id'))
        batch_op.drop_index('ix_ideas_held')
        batch_op.drop_index('ix_ideas_lon_lat')
        batch_op.drop_index(batch_op.f('ix_ideas_created_at'))
        batch_op.drop_index(batch_op.f('ix_ideas_category'))

    op.drop_table('ideas')
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballots_question_id'))
        batch_op.drop_index(batch_op.f('ix_ballots_participant_id'))

    op.drop_table('ballots')
    op.drop_table('session_questions')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participants_session_id'))

    op.drop_table('participants')
    op.drop_table('sessions')
    with op.batch_alter_table('options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_options_question_id'))

    op.drop_table('options')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_areas_layer_id'))

    op.drop_table('areas')
    op.drop_table('staff_users')
    op.drop_table('questions')
    op.drop_table('area_layers')
