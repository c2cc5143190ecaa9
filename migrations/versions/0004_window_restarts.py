"""Sleep windows: several rows may share a start date (a start again on a review day);
each review row names the window it reviewed, once

Revision ID: 0004_window_restarts
Revises: 0003_program
Create Date: 2026-11-26 05:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004_window_restarts'
down_revision = '0003_program'
branch_labels = None
depends_on = None

# Under 0003 each person had one row per start date, so a review row's window is the row
# just before it by start date (a review always followed the then newest window).
BACKFILL = """
UPDATE sleep_windows SET reviewed_window_id = (
    SELECT prev.id FROM sleep_windows AS prev
    WHERE prev.user_id = sleep_windows.user_id AND prev.start < sleep_windows.start
    ORDER BY prev.start DESC, prev.id DESC
    LIMIT 1
)
WHERE outcome <> 'start'
"""


def upgrade():
    with op.batch_alter_table('sleep_windows', schema=None) as batch_op:
        batch_op.drop_constraint('uq_sleep_windows_user_start', type_='unique')
        batch_op.add_column(sa.Column('reviewed_window_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_sleep_windows_user_start', ['user_id', 'start'], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f('uq_sleep_windows_reviewed_window_id'), ['reviewed_window_id']
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_sleep_windows_reviewed_window_id_sleep_windows'),
            'sleep_windows',
            ['reviewed_window_id'],
            ['id'],
            ondelete='SET NULL',
        )
    op.execute(BACKFILL)


def downgrade():
    # Fails (and changes nothing) while two rows share a start date: a downgrade never
    # deletes history.
    with op.batch_alter_table('sleep_windows', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_sleep_windows_reviewed_window_id_sleep_windows'), type_='foreignkey'
        )
        batch_op.drop_constraint(batch_op.f('uq_sleep_windows_reviewed_window_id'), type_='unique')
        batch_op.drop_index('ix_sleep_windows_user_start')
        batch_op.drop_column('reviewed_window_id')
        batch_op.create_unique_constraint('uq_sleep_windows_user_start', ['user_id', 'start'])
