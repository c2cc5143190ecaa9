"""Share links for a clinician: share_links and share_opens

Revision ID: 0010_share_links
Revises: 0009_reminders
Create Date: 2026-12-01 22:50:00

New tables only; existing rows are untouched.
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_share_links'
down_revision = '0009_reminders'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'share_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('period_days', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('attempts_since', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_share_links_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_share_links')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_share_links_token_hash')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('share_links') as batch_op:
        batch_op.create_index(batch_op.f('ix_share_links_user_id'), ['user_id'], unique=False)
    op.create_table(
        'share_opens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('link_id', sa.Integer(), nullable=False),
        sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['link_id'], ['share_links.id'], name=op.f('fk_share_opens_link_id_share_links'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_share_opens')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('share_opens') as batch_op:
        batch_op.create_index(batch_op.f('ix_share_opens_link_id'), ['link_id'], unique=False)


def downgrade():
    with op.batch_alter_table('share_opens') as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_opens_link_id'))
    op.drop_table('share_opens')
    with op.batch_alter_table('share_links') as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_links_user_id'))
    op.drop_table('share_links')
