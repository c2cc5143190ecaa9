"""Programme: habits, daily habit ticks and the sleep-window history

Revision ID: 0003_program
Revises: 0002_diary
Create Date: 2026-11-26 05:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003_program'
down_revision = '0002_diary'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('habits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('builtin_key', sa.String(length=40), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('chosen_on', sa.Date(), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('builtin_key IS NOT NULL OR name IS NOT NULL', name=op.f('ck_habits_builtin_or_named')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_habits_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_habits')),
    sa.UniqueConstraint('user_id', 'builtin_key', name='uq_habits_user_builtin')
    )
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_habits_user_id'), ['user_id'], unique=False)

    op.create_table('habit_ticks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('habit_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['habit_id'], ['habits.id'], name=op.f('fk_habit_ticks_habit_id_habits'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_habit_ticks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_habit_ticks')),
    sa.UniqueConstraint('user_id', 'habit_id', 'day', name='uq_habit_ticks_user_habit_day')
    )
    with op.batch_alter_table('habit_ticks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_habit_ticks_habit_id'), ['habit_id'], unique=False)
        batch_op.create_index('ix_habit_ticks_user_day', ['user_id', 'day'], unique=False)

    op.create_table('sleep_windows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('window_min', sa.Integer(), nullable=False),
    sa.Column('wake_time', sa.String(length=5), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('change_min', sa.Integer(), nullable=False),
    sa.Column('based_on_nights', sa.Integer(), nullable=False),
    sa.Column('mean_total_sleep_min', sa.Float(), nullable=True),
    sa.Column('mean_efficiency', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('window_min BETWEEN 330 AND 540', name=op.f('ck_sleep_windows_window_range')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sleep_windows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sleep_windows')),
    sa.UniqueConstraint('user_id', 'start', name='uq_sleep_windows_user_start')
    )
    with op.batch_alter_table('sleep_windows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sleep_windows_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('sleep_windows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sleep_windows_user_id'))

    op.drop_table('sleep_windows')
    with op.batch_alter_table('habit_ticks', schema=None) as batch_op:
        batch_op.drop_index('ix_habit_ticks_user_day')
        batch_op.drop_index(batch_op.f('ix_habit_ticks_habit_id'))

    op.drop_table('habit_ticks')
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_habits_user_id'))

    op.drop_table('habits')
