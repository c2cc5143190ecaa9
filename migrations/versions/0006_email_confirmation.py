"""Confirmed email addresses: users.email_confirmed_at and email_confirmations

Revision ID: 0006_email_confirmation
Revises: 0005_login_records
Create Date: 2026-12-01 21:30:00

Accounts that exist already count as confirmed (they were made before confirmation).
"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


revision = '0006_email_confirmation'
down_revision = '0005_login_records'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))
    op.get_bind().execute(sa.text('UPDATE users SET email_confirmed_at = :now'), {'now': datetime.now(UTC)})
    op.create_table(
        'email_confirmations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_email_confirmations_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_email_confirmations')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_email_confirmations_key_hash')),
        sa.UniqueConstraint('user_id', name=op.f('uq_email_confirmations_user_id')),
        sqlite_autoincrement=True,
    )


def downgrade():
    op.drop_table('email_confirmations')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('email_confirmed_at')
