"""Drafts count their saves (so concurrent saves merge) and record the staff member entering them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 03:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_draft_entered_by_id_staff_user', 'staff_user', ['entered_by_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_constraint('fk_draft_entered_by_id_staff_user', type_='foreignkey')
        batch_op.drop_column('entered_by_id')
        batch_op.drop_column('version')
