"""Undo a deleted night: the deleted_entries table

Revision ID: 0012_undo_delete
Revises: 0011_course
Create Date: 2026-12-01 23:20:00

A deleted night is kept here for ten minutes so "Undo" can restore it; nothing exists yet.
"""
from alembic import op
import sqlalchemy as sa


revision = '0012_undo_delete'
down_revision = '0011_course'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'deleted_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('snapshot', sa.JSON(), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_deleted_entries_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_deleted_entries')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('deleted_entries') as batch_op:
        batch_op.create_index(batch_op.f('ix_deleted_entries_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deleted_entries_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('deleted_entries') as batch_op:
        batch_op.drop_index(batch_op.f('ix_deleted_entries_expires_at'))
        batch_op.drop_index(batch_op.f('ix_deleted_entries_user_id'))
    op.drop_table('deleted_entries')
