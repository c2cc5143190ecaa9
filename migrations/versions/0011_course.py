"""The course: progress, worries and thought records

Revision ID: 0011_course
Revises: 0010_share_links
Create Date: 2026-12-01 22:50:00

(Reserved in the chain; filled by the change that adds these tables.)
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0011_course'
down_revision = '0010_share_links'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
