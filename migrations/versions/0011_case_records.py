"""Staff change case records: details, representatives, information given, meetings, attachments,
counter-proposals and the case audit trail.

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-07 05:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

ITEMS = ('reasons', 'numbers', 'selection', 'timing', 'pay')
KINDS = ('trade_union', 'elected')


def upgrade():
    op.create_table(
        'case_details',
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('proposal', sa.Text(), nullable=False),
        sa.Column('reasons', sa.Text(), nullable=False),
        sa.Column('establishment', sa.String(length=200), nullable=False),
        sa.Column('proposed_dismissals', sa.Integer(), nullable=False),
        sa.Column('planned_decision_on', sa.Date(), nullable=True),
        sa.Column('first_dismissal_on', sa.Date(), nullable=True),
        sa.Column('hr1_sent_on', sa.Date(), nullable=True),
        sa.Column('outcome', sa.Text(), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['change_case.id'], name='fk_case_details_case_id', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('case_id', name='pk_case_details'),
    )
    op.create_table(
        'case_representative',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.Enum(*KINDS, name='representativekind', native_enum=False, length=40), nullable=False),
        sa.Column('body', sa.String(length=200), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['change_case.id'], name='fk_case_representative_case_id',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_case_representative'),
    )
    op.create_index('ix_case_representative_case_id', 'case_representative', ['case_id'])
    op.create_table(
        'case_information',
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('item', sa.Enum(*ITEMS, name='informationitem', native_enum=False, length=40), nullable=False),
        sa.Column('given_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['change_case.id'], name='fk_case_information_case_id',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('case_id', 'item', name='pk_case_information'),
    )
    op.create_table(
        'case_meeting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('attendees', sa.JSON(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['change_case.id'], name='fk_case_meeting_case_id', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_case_meeting'),
    )
    op.create_index('ix_case_meeting_case_id', 'case_meeting', ['case_id'])
    op.create_table(
        'case_attachment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['case_meeting.id'], name='fk_case_attachment_meeting_id',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_case_attachment'),
    )
    op.create_index('ix_case_attachment_meeting_id', 'case_attachment', ['meeting_id'])
    op.create_table(
        'counter_proposal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=False),
        sa.Column('from_whom', sa.String(length=200), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('reply', sa.Text(), nullable=True),
        sa.Column('replied_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['change_case.id'], name='fk_counter_proposal_case_id',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_counter_proposal'),
    )
    op.create_index('ix_counter_proposal_case_id', 'counter_proposal', ['case_id'])
    op.create_table(
        'case_audit_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=60), nullable=False),
        sa.Column('detail', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['change_case.id'], name='fk_case_audit_event_case_id'),
        sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name='fk_case_audit_event_user_id'),
        sa.PrimaryKeyConstraint('id', name='pk_case_audit_event'),
    )
    op.create_index('ix_case_audit_event_case_id', 'case_audit_event', ['case_id'])


def downgrade():
    op.drop_index('ix_case_audit_event_case_id', table_name='case_audit_event')
    op.drop_table('case_audit_event')
    op.drop_index('ix_counter_proposal_case_id', table_name='counter_proposal')
    op.drop_table('counter_proposal')
    op.drop_index('ix_case_attachment_meeting_id', table_name='case_attachment')
    op.drop_table('case_attachment')
    op.drop_index('ix_case_meeting_case_id', table_name='case_meeting')
    op.drop_table('case_meeting')
    op.drop_table('case_information')
    op.drop_index('ix_case_representative_case_id', table_name='case_representative')
    op.drop_table('case_representative')
    op.drop_table('case_details')
