"""Clock setting: users.clock_hours (12 or 24)

Revision ID: 0008_clock_setting
Revises: 0007_passkeys
Create Date: 2026-12-01 22:50:00

How the app writes clock times for the person: 24 ("22:30") or 12 ("10:30 PM"),
docs/design.md §2.10. Every existing account gets 24, the only clock the app wrote before.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_clock_setting'
down_revision = '0007_passkeys'
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def upgrade():
    # A plain ALTER TABLE ADD COLUMN, also on SQLite, as in 0007: batch mode would copy
    # `users` and drop its AUTOINCREMENT (ids must never be reused, §8.2). SQLite takes a
    # constant default and a CHECK on the column being added, so no copy is needed.
    op.add_column(
        'users',
        sa.Column(
            'clock_hours',
            sa.SmallInteger(),
            sa.CheckConstraint('clock_hours IN (12, 24)', name=op.f('ck_users_clock_hours')),
            server_default='24',
            nullable=False,
        ),
    )


def downgrade():
    # Recreating `users` on SQLite keeps AUTOINCREMENT only when asked (as 0005 does);
    # env.py turns foreign keys off around migrations so the copy does not cascade.
    recreate = 'always' if _sqlite() else 'auto'
    with op.batch_alter_table(
        'users', recreate=recreate, table_kwargs={'sqlite_autoincrement': True}
    ) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_clock_hours'), type_='check')
        batch_op.drop_column('clock_hours')
