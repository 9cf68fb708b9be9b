"""Drafts, responses and answers get random 62-bit keys instead of sequential ones.

Sequential keys showed the order people answered in to anyone who can read the database.
PostgreSQL: the key columns become BIGINT and lose their sequences. SQLite: nothing to change
(its INTEGER PRIMARY KEY holds 64-bit values). Rows stored before this keep their old keys.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 15:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

KEYS = (('draft', 'id'), ('response', 'id'), ('answer', 'id'), ('answer', 'response_id'))


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, column in KEYS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer(), existing_nullable=False)
    for table in ('draft', 'response', 'answer'):
        op.alter_column(table, 'id', server_default=None, existing_type=sa.BigInteger(), existing_nullable=False)
        op.execute(f'DROP SEQUENCE IF EXISTS {table}_id_seq')


def downgrade():
    # Random keys do not fit the old 32-bit keys: going back needs a backup from before 0003.
    raise RuntimeError('0003 cannot be undone: restore the database from a backup taken before it')
