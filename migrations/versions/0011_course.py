"""The course: progress, worries and thought records

Revision ID: 0011_course
Revises: 0010_share_links
Create Date: 2026-12-01 22:50:00

Three new tables; nobody is in the course until they start it.
"""
from alembic import op
import sqlalchemy as sa


revision = '0011_course'
down_revision = '0010_share_links'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'course_progress',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('week', sa.Integer(), nullable=False),
        sa.Column('week_started_on', sa.Date(), nullable=False),
        sa.Column('done_weeks', sa.Integer(), nullable=False),
        sa.Column('baseline_end', sa.Date(), nullable=True),
        sa.Column('paused_on', sa.Date(), nullable=True),
        sa.Column('left_on', sa.Date(), nullable=True),
        sa.Column('finished_on', sa.Date(), nullable=True),
        sa.Column('without_window', sa.Boolean(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('week BETWEEN 1 AND 6', name=op.f('ck_course_progress_week_range')),
        sa.CheckConstraint('done_weeks BETWEEN 0 AND 63', name=op.f('ck_course_progress_done_range')),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_course_progress_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_progress')),
        sa.UniqueConstraint('user_id', name=op.f('uq_course_progress_user_id')),
    )
    op.create_table(
        'worries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('worry', sa.String(length=500), nullable=False),
        sa.Column('next_step', sa.String(length=500), nullable=True),
        sa.Column('not_mine', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_worries_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_worries')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('worries') as batch_op:
        batch_op.create_index('ix_worries_user_day', ['user_id', 'day'], unique=False)
    op.create_table(
        'thought_records',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('thought', sa.String(length=500), nullable=False),
        sa.Column('belief_before', sa.Integer(), nullable=False),
        sa.Column('evidence', sa.String(length=2000), nullable=True),
        sa.Column('balanced', sa.String(length=500), nullable=True),
        sa.Column('belief_after', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            'belief_before BETWEEN 0 AND 100', name=op.f('ck_thought_records_belief_before_range')
        ),
        sa.CheckConstraint(
            'belief_after BETWEEN 0 AND 100', name=op.f('ck_thought_records_belief_after_range')
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_thought_records_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_thought_records')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('thought_records') as batch_op:
        batch_op.create_index('ix_thought_records_user_day', ['user_id', 'day'], unique=False)


def downgrade():
    with op.batch_alter_table('thought_records') as batch_op:
        batch_op.drop_index('ix_thought_records_user_day')
    op.drop_table('thought_records')
    with op.batch_alter_table('worries') as batch_op:
        batch_op.drop_index('ix_worries_user_day')
    op.drop_table('worries')
    op.drop_table('course_progress')
