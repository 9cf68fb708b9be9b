"""Staff change case reporting: interim results per case, organisations' own minimum group sizes, and the
batches of codes and reminders emailed by background jobs.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 14:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_details', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interim_results', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('case_details', schema=None) as batch_op:
        batch_op.alter_column('interim_results', server_default=None)
    op.create_table(
        'organisation_minimum',
        sa.Column('organisation', sa.String(length=200), nullable=False),
        sa.Column('min_group_size', sa.Integer(), nullable=False),
        sa.Column('set_by_id', sa.Integer(), nullable=True),
        sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['set_by_id'], ['staff_user.id'], name='fk_organisation_minimum_set_by_id',
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('organisation', name='pk_organisation_minimum'),
    )
    op.create_table(
        'email_batch',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('base_url', sa.String(length=300), nullable=False),
        sa.Column('queued_on', sa.String(length=120), nullable=False),
        sa.Column('queued_by_id', sa.Integer(), nullable=True),
        sa.Column('queued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent', sa.Integer(), nullable=False),
        sa.Column('failures', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['change_case.id'], name='fk_email_batch_case_id', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['staff_id'], ['case_staff.id'], name='fk_email_batch_staff_id', ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['queued_by_id'], ['staff_user.id'], name='fk_email_batch_queued_by_id',
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_email_batch'),
    )
    op.create_index('ix_email_batch_case_id', 'email_batch', ['case_id'])


def downgrade():
    op.drop_index('ix_email_batch_case_id', table_name='email_batch')
    op.drop_table('email_batch')
    op.drop_table('organisation_minimum')
    with op.batch_alter_table('case_details', schema=None) as batch_op:
        batch_op.drop_column('interim_results')
