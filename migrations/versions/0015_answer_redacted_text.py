"""Each answer's written text with personal details redacted, stored so exports need not redact it again.

Existing answers are filled in, a thousand at a time, in key order.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 14:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redacted', sa.Text(), nullable=True))
    from engage.redacted import store_redacted

    store_redacted(op.get_bind())


def downgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('redacted')
