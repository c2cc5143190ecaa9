"""Share links for a clinician

Revision ID: 0010_share_links
Revises: 0009_reminders
Create Date: 2026-12-01 22:50:00

(Reserved in the chain; filled by the change that adds these tables.)
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0010_share_links'
down_revision = '0009_reminders'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
