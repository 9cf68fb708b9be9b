"""Staff change cases: single-use staff codes (the ballot box's roll) and the questions log.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-07 05:30:00

"""
from alembic import op
import sqlalchemy as sa



revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'staff_code',
        sa.Column('case_staff_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('sent_by', sa.String(length=10), nullable=False),
        sa.Column('answered', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['case_staff_id'], ['case_staff.id'], name='fk_staff_code_case_staff_id',
                                ondelete='CASCADE'),
        # Unnamed, as with create_all: `flask reorder-responses` clusters the table on staff_code_pkey.
        sa.PrimaryKeyConstraint('case_staff_id'),
        sa.UniqueConstraint('code_hash', name='uq_staff_code_code_hash'),
    )
    op.create_table(
        'case_question',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('asked_by', sa.String(length=200), nullable=True),
        sa.Column('asked_on', sa.Date(), nullable=False),
        sa.Column('answer', sa.Text(), nullable=True),
        sa.Column('answered_on', sa.Date(), nullable=True),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['change_case.id'], name='fk_case_question_case_id', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['answered_by_id'], ['staff_user.id'], name='fk_case_question_answered_by_id',
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_case_question'),
    )
    op.create_index('ix_case_question_case_id', 'case_question', ['case_id'])


def downgrade():
    op.drop_index('ix_case_question_case_id', table_name='case_question')
    op.drop_table('case_question')
    op.drop_table('staff_code')
