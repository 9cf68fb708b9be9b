"""Theme analysis runs, their themes and answer assignments, and the analysts' change log.

Revision ID: 0013
Revises: 0008
Create Date: 2026-12-07 05:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

RUN_STATUSES = ('queued', 'running', 'finished', 'failed')
SET_BY = ('machine', 'person', 'coder')
KEY = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table(
        'analysis_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('question_ids', sa.JSON(), nullable=False),
        sa.Column('parameters', sa.JSON(), nullable=False),
        sa.Column('package_version', sa.String(length=200), nullable=False),
        sa.Column('status', sa.Enum(*RUN_STATUSES, name='runstatus', native_enum=False, length=40), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('step', sa.String(length=40), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('queued_on', sa.String(length=120), nullable=False),
        sa.Column('quality', sa.JSON(), nullable=False),
        sa.Column('based_on_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name='fk_analysis_run_consultation_id'),
        sa.ForeignKeyConstraint(['based_on_id'], ['analysis_run.id'], name='fk_analysis_run_based_on_id'),
        sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], name='fk_analysis_run_created_by_id'),
        sa.PrimaryKeyConstraint('id', name='pk_analysis_run'),
    )
    op.create_index('ix_analysis_run_consultation_id', 'analysis_run', ['consultation_id'])
    op.create_table(
        'theme',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('top_terms', sa.JSON(), nullable=False),
        sa.Column('quotes', sa.JSON(), nullable=False),
        sa.Column('agreed', sa.Boolean(), nullable=False),
        sa.Column('created_by', sa.Enum(*SET_BY, name='setby', native_enum=False, length=40), nullable=False),
        sa.Column('carried_from_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['analysis_run.id'], name='fk_theme_run_id', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_theme'),
    )
    op.create_index('ix_theme_run_id', 'theme', ['run_id'])
    op.create_table(
        'theme_assignment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.Column('answer_id', KEY, nullable=False),
        sa.Column('weight', sa.Float(), nullable=False),
        sa.Column('is_primary', sa.Boolean(), nullable=False),
        sa.Column('set_by', sa.Enum(*SET_BY, name='setby', native_enum=False, length=40), nullable=False),
        sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name='fk_theme_assignment_theme_id', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name='fk_theme_assignment_answer_id',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_theme_assignment'),
        sa.UniqueConstraint('theme_id', 'answer_id', name='uq_theme_assignment_theme_id_answer_id'),
    )
    op.create_index('ix_theme_assignment_answer_id', 'theme_assignment', ['answer_id'])
    op.create_table(
        'analysed_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('answer_id', KEY, nullable=False),
        sa.Column('language', sa.String(length=16), nullable=False),
        sa.Column('sentiment', sa.Float(), nullable=True),
        sa.Column('position', sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['analysis_run.id'], name='fk_analysed_answer_run_id', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name='fk_analysed_answer_answer_id', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_analysed_answer'),
        sa.UniqueConstraint('run_id', 'answer_id', name='uq_analysed_answer_run_id_answer_id'),
    )
    op.create_table(
        'theme_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=True),
        sa.Column('theme_label', sa.String(length=200), nullable=False),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['analysis_run.id'], name='fk_theme_change_run_id', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name='fk_theme_change_user_id'),
        sa.PrimaryKeyConstraint('id', name='pk_theme_change'),
    )
    op.create_index('ix_theme_change_run_id', 'theme_change', ['run_id'])


def downgrade():
    op.drop_table('theme_change')
    op.drop_table('analysed_answer')
    op.drop_table('theme_assignment')
    op.drop_table('theme')
    op.drop_table('analysis_run')
