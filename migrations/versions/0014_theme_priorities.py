"""Agreed themes tagged with the locality plan priorities they speak to.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 07:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'theme_priority',
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.Column('priority_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['priority_id'], ['plan_priority.id']),
        sa.PrimaryKeyConstraint('theme_id', 'priority_id'),
    )
    with op.batch_alter_table('theme_priority', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_priority_priority_id'), ['priority_id'], unique=False)


def downgrade():
    with op.batch_alter_table('theme_priority', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_priority_priority_id'))
    op.drop_table('theme_priority')
