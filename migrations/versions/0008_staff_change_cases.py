"""Staff change cases, their affected staff and assigned workforce officers.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 05:30:00

"""
from alembic import op
import sqlalchemy as sa



revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

CASE_TYPES = ('collective_redundancy', 'tupe_transfer', 'restructure', 'change_to_terms')


def upgrade():
    op.create_table(
        'change_case',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=120), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('case_type', sa.Enum(*CASE_TYPES, name='casetype', native_enum=False, length=40), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name='fk_change_case_consultation_id'),
        sa.PrimaryKeyConstraint('id', name='pk_change_case'),
        sa.UniqueConstraint('slug', name='uq_change_case_slug'),
        sa.UniqueConstraint('consultation_id', name='uq_change_case_consultation_id'),
    )
    op.create_table(
        'case_staff',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('staff_number', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('language', sa.String(length=16), nullable=False),
        sa.Column('organisation', sa.String(length=200), nullable=False),
        sa.Column('directorate', sa.String(length=200), nullable=False),
        sa.Column('team', sa.String(length=200), nullable=False),
        sa.Column('job_role', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['change_case.id'], name='fk_case_staff_case_id', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_case_staff'),
        sa.UniqueConstraint('case_id', 'staff_number', name='uq_case_staff_case_id_staff_number'),
    )
    op.create_index('ix_case_staff_case_id', 'case_staff', ['case_id'])
    op.create_table(
        'case_officer',
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['change_case.id'], name='fk_case_officer_case_id', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name='fk_case_officer_user_id', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('case_id', 'user_id', name='pk_case_officer'),
    )


def downgrade():
    op.drop_table('case_officer')
    op.drop_index('ix_case_staff_case_id', table_name='case_staff')
    op.drop_table('case_staff')
    op.drop_table('change_case')
