"""The locality plan's priorities (aspirations, strategic design groups, reform areas, enablers), seeded.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 05:30:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

KINDS = ('aspiration', 'design_group', 'reform_area', 'enabler')

# The plan as agreed when this revision was written; administrators edit it in the app afterwards.
# A copy, not an import: a revision must give the same result whatever the code becomes.
SEED = {
    'aspiration': [
        ('Better lives for the most vulnerable', ''),
        ('Better wellbeing for the population', ''),
        ('Better connections across communities', ''),
    ],
    'design_group': [
        ('Living Well in My Community', ''),
        ('Living Well at Home', ''),
        ('Short Stay in Hospital', ''),
    ],
    'reform_area': [
        ('Prevention', ''),
        ('Living well at home', ''),
        ('Urgent care', ''),
        ('Planned care', ''),
        ("Children's services", ''),
        ('Mental health', ''),
    ],
    'enabler': [
        ('Digital', ''),
        ('Finance', ''),
        ('Workforce', ''),
        ('Estates', ''),
        ('Communications and engagement', ''),
    ],
}


def upgrade():
    table = op.create_table(
        'plan_priority',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum(*KINDS, name='prioritykind', native_enum=False, length=40), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), server_default='', nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_plan_priority'),
        sa.UniqueConstraint('kind', 'name', name='uq_plan_priority_kind_name'),
    )
    now = datetime.now(timezone.utc)
    op.bulk_insert(table, [
        {'kind': kind, 'name': name, 'description': description, 'position': position, 'created_at': now}
        for kind, priorities in SEED.items()
        for position, (name, description) in enumerate(priorities, start=1)
    ])


def downgrade():
    op.drop_table('plan_priority')
