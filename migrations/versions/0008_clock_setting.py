"""Clock setting: users.clock_hours (12 or 24)

Revision ID: 0008_clock_setting
Revises: 0007_passkeys
Create Date: 2026-12-01 22:50:00

(Reserved in the chain; filled by the change that adds these tables.)
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0008_clock_setting'
down_revision = '0007_passkeys'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
