"""Reminders: calendar feed, web push subscriptions, reminder settings

Revision ID: 0009_reminders
Revises: 0008_clock_setting
Create Date: 2026-12-01 22:50:00

(Reserved in the chain; filled by the change that adds these tables.)
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0009_reminders'
down_revision = '0008_clock_setting'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
