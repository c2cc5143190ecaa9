"""Reminders: calendar feed, web push subscriptions, reminder settings

Revision ID: 0009_reminders
Revises: 0008_clock_setting
Create Date: 2026-12-01 22:50:00

Four new tables; nothing existing changes. Every reminder starts off.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_reminders'
down_revision = '0008_clock_setting'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reminder_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_reminder_settings_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_settings')),
        sa.UniqueConstraint('user_id', 'kind', name='uq_reminder_settings_user_kind'),
    )
    with op.batch_alter_table('reminder_settings') as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_settings_user_id'), ['user_id'], unique=False)

    op.create_table(
        'calendar_feeds',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_fetched_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feeds_token_hash')),
        sa.UniqueConstraint('user_id', name=op.f('uq_calendar_feeds_user_id')),
    )

    op.create_table(
        'push_subscriptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('endpoint', sa.String(length=1024), nullable=False),
        sa.Column('p256dh', sa.String(length=200), nullable=False),
        sa.Column('auth', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_push_subscriptions_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscriptions')),
        sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscriptions_endpoint')),
    )
    with op.batch_alter_table('push_subscriptions') as batch_op:
        batch_op.create_index(batch_op.f('ix_push_subscriptions_user_id'), ['user_id'], unique=False)

    op.create_table(
        'reminder_claims',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('night', sa.Date(), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ['subscription_id'], ['push_subscriptions.id'],
            name=op.f('fk_reminder_claims_subscription_id_push_subscriptions'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_claims')),
        sa.UniqueConstraint(
            'subscription_id', 'kind', 'night', name='uq_reminder_claims_subscription_kind_night'
        ),
    )
    with op.batch_alter_table('reminder_claims') as batch_op:
        batch_op.create_index('ix_reminder_claims_status_next', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_reminder_claims_subscription_id'), ['subscription_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('reminder_claims') as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_claims_subscription_id'))
        batch_op.drop_index('ix_reminder_claims_status_next')
    op.drop_table('reminder_claims')
    with op.batch_alter_table('push_subscriptions') as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_subscriptions_user_id'))
    op.drop_table('push_subscriptions')
    op.drop_table('calendar_feeds')
    with op.batch_alter_table('reminder_settings') as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_settings_user_id'))
    op.drop_table('reminder_settings')
