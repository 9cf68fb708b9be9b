"""Answers kept for a retention period per consultation, then anonymised; an audit trail of single responses.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 03:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_months', sa.Integer(), server_default='24', nullable=False))
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'response_audit_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.Enum('viewed', 'downloaded_csv', 'downloaded_json', 'erased', name='auditaction',
                                    native_enum=False, length=40), nullable=False),
        sa.Column('reference', sa.String(length=20), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('response_audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_audit_event_at'), ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('response_audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_audit_event_at'))
    op.drop_table('response_audit_event')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_column('retention_months')
