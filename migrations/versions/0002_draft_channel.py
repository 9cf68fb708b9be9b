"""Drafts record their channel: online, or paper, phone or assisted when staff enter them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 15:25:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'channel', sa.Enum('online', 'paper', 'phone', 'assisted', name='channel', native_enum=False, length=40),
            server_default='online', nullable=False))


def downgrade():
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_column('channel')
