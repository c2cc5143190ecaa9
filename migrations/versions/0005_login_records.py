"""Log-in records (one per browser), ids never reused, API tokens with a name and expiry,
password reset links, invitation codes

Revision ID: 0005_login_records
Revises: 0004_window_restarts
Create Date: 2026-12-01 20:40:00

The cookies used to carry "<user id>:<session version>", which a deleted account's
cookies could match once SQLite reused its id. They now carry the random key of a row in
login_sessions. Existing sessions end (people log in once more). On SQLite the users,
api_tokens and login_sessions tables use AUTOINCREMENT so an id is never handed out twice.
"""
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = '0005_login_records'
down_revision = '0004_window_restarts'
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def upgrade():
    # Recreating a table is how SQLite gains AUTOINCREMENT; env.py turns foreign keys off
    # around migrations so the copy does not cascade into child rows.
    recreate = 'always' if _sqlite() else 'auto'
    with op.batch_alter_table(
        'users', recreate=recreate, table_kwargs={'sqlite_autoincrement': True}
    ) as batch_op:
        batch_op.drop_column('session_version')

    with op.batch_alter_table(
        'api_tokens', recreate=recreate, table_kwargs={'sqlite_autoincrement': True}
    ) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=80), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_used_on', sa.Date(), nullable=True))
    # Tokens issued before expiry existed get the default 90 days from now.
    op.get_bind().execute(
        sa.text('UPDATE api_tokens SET expires_at = :at'), {'at': datetime.now(UTC) + timedelta(days=90)}
    )
    with op.batch_alter_table('api_tokens') as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column('name', existing_type=sa.String(length=80), server_default=None)

    op.create_table(
        'login_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('device', sa.String(length=80), nullable=False),
        sa.Column('remember', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_login_sessions_key_hash')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sessions_user_id'), ['user_id'], unique=False)

    op.create_table(
        'password_resets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_password_resets_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_password_resets')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_password_resets_key_hash')),
        sa.UniqueConstraint('user_id', name=op.f('uq_password_resets_user_id')),
        sqlite_autoincrement=True,
    )


    op.create_table(
        'invites',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invites')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_invites_code_hash')),
        sqlite_autoincrement=True,
    )


def downgrade():
    op.drop_table('invites')
    op.drop_table('password_resets')
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_user_id'))
    op.drop_table('login_sessions')
    with op.batch_alter_table('api_tokens') as batch_op:
        batch_op.drop_column('last_used_on')
        batch_op.drop_column('expires_at')
        batch_op.drop_column('name')
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), nullable=False, server_default='1')
        )
