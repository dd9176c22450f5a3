"""Speed: ideas and supports per layer, UTC day, area and topic, kept up to date on every
write (``area_days``), filled here from the stored rows with plain SQL, so that planners'
date filter reads the whole days it covers instead of every idea and support of the month.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

# The day is the first 10 characters of the stored time, as text; an idea outside every
# area of a layer counts in area 0; hidden ideas count nowhere, nor do supports on them.
FILL = """
INSERT INTO area_days (layer_id, day, area_id, category, ideas, supports)
SELECT layer_id, day, area_id, category, sum(ideas), sum(supports) FROM (
  SELECT area_layers.id AS layer_id, substr(CAST(ideas.created_at AS TEXT), 1, 10) AS day,
         coalesce(idea_areas.area_id, 0) AS area_id, ideas.category AS category,
         1 AS ideas, 0 AS supports
  FROM ideas CROSS JOIN area_layers
  LEFT OUTER JOIN idea_areas ON idea_areas.idea_id = ideas.id
                            AND idea_areas.layer_id = area_layers.id
  WHERE ideas.moderation != 'hidden'
  UNION ALL
  SELECT area_layers.id, substr(CAST(supports.created_at AS TEXT), 1, 10),
         coalesce(idea_areas.area_id, 0), ideas.category, 0, 1
  FROM supports JOIN ideas ON ideas.id = supports.idea_id CROSS JOIN area_layers
  LEFT OUTER JOIN idea_areas ON idea_areas.idea_id = ideas.id
                            AND idea_areas.layer_id = area_layers.id
  WHERE ideas.moderation != 'hidden'
) AS contributions
GROUP BY layer_id, day, area_id, category
"""


def upgrade():
    op.create_table(
        'area_days',
        sa.Column('layer_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.String(length=10), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('ideas', sa.Integer(), nullable=False),
        sa.Column('supports', sa.Integer(), nullable=False),
        sa.CheckConstraint('ideas >= 0 AND supports >= 0',
                           name=op.f('ck_area_days_never_negative')),
        sa.PrimaryKeyConstraint('layer_id', 'day', 'area_id', 'category',
                                name=op.f('pk_area_days')),
    )
    op.execute(FILL)


def downgrade():
    op.drop_table('area_days')
