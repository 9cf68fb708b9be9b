"""API tokens for the read-only API, and the audit trail of answer exports.

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-07 05:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'api_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name='fk_api_token_user_id', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_api_token'),
        sa.UniqueConstraint('token_hash', name='uq_api_token_token_hash'),
    )
    op.create_index('ix_api_token_user_id', 'api_token', ['user_id'])
    op.create_table(
        'export_audit_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('what', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name='fk_export_audit_event_user_id'),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'],
                                name='fk_export_audit_event_consultation_id'),
        sa.PrimaryKeyConstraint('id', name='pk_export_audit_event'),
    )
    op.create_index('ix_export_audit_event_at', 'export_audit_event', ['at'])


def downgrade():
    op.drop_index('ix_export_audit_event_at', table_name='export_audit_event')
    op.drop_table('export_audit_event')
    op.drop_index('ix_api_token_user_id', table_name='api_token')
    op.drop_table('api_token')
