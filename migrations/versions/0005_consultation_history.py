"""Consultations keep a history: who created, changed, opened, closed or published them, and when.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 19:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'consultation_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.Enum('created', 'updated', 'status', name='eventkind', native_enum=False, length=40),
                  nullable=False),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('consultation_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_event_consultation_id'), ['consultation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('consultation_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_event_consultation_id'))
    op.drop_table('consultation_event')
