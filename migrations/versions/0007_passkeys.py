"""Passkeys: the passkeys table and users.passkey_required

Revision ID: 0007_passkeys
Revises: 0006_email_confirmation
Create Date: 2026-12-01 21:27:13

Every existing account starts without passkeys and without the requirement.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_passkeys'
down_revision = '0006_email_confirmation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'passkeys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('credential_id', sa.String(length=1400), nullable=False),
        sa.Column('public_key', sa.LargeBinary(), nullable=False),
        sa.Column('sign_count', sa.BigInteger(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_passkeys_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_passkeys')),
        sa.UniqueConstraint('credential_id', name=op.f('uq_passkeys_credential_id')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('passkeys') as batch_op:
        batch_op.create_index(batch_op.f('ix_passkeys_user_id'), ['user_id'], unique=False)
    # A plain ALTER TABLE ADD COLUMN, also on SQLite: batch mode would copy `users` for the
    # expression default and drop its AUTOINCREMENT (ids must never be reused, §8.2).
    op.add_column('users', sa.Column('passkey_required', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('passkey_required')
    with op.batch_alter_table('passkeys') as batch_op:
        batch_op.drop_index(batch_op.f('ix_passkeys_user_id'))
    op.drop_table('passkeys')
