"""Diary entries: Consensus Sleep Diary items and their derived metrics

Revision ID: 0002_diary
Revises: 0001_users_tokens
Create Date: 2026-11-26 04:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002_diary"
down_revision = "0001_users_tokens"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "diary_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("in_bed", sa.Time(), nullable=False),
        sa.Column("tried_to_sleep", sa.Time(), nullable=False),
        sa.Column("sleep_latency_min", sa.Integer(), nullable=False),
        sa.Column("awakenings", sa.Integer(), nullable=False),
        sa.Column("awake_min", sa.Integer(), nullable=False),
        sa.Column("final_wake", sa.Time(), nullable=False),
        sa.Column("out_of_bed", sa.Time(), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=False),
        sa.Column("rested", sa.Integer(), nullable=True),
        sa.Column("naps", sa.Integer(), nullable=True),
        sa.Column("nap_min", sa.Integer(), nullable=True),
        sa.Column("caffeine_drinks", sa.Integer(), nullable=True),
        sa.Column("caffeine_last", sa.Time(), nullable=True),
        sa.Column("alcohol_drinks", sa.Integer(), nullable=True),
        sa.Column("alcohol_last", sa.Time(), nullable=True),
        sa.Column("medication", sa.String(length=500), nullable=True),
        sa.Column("comments", sa.String(length=2000), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("time_in_bed_min", sa.Integer(), nullable=False),
        sa.Column("early_wake_min", sa.Integer(), nullable=False),
        sa.Column("total_sleep_min", sa.Integer(), nullable=False),
        sa.Column("sleep_efficiency", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quality BETWEEN 1 AND 5", name=op.f("ck_diary_entries_quality_range")),
        sa.CheckConstraint(
            "time_in_bed_min > 0 AND time_in_bed_min < 1440", name=op.f("ck_diary_entries_time_in_bed_range")
        ),
        sa.CheckConstraint("total_sleep_min >= 0", name=op.f("ck_diary_entries_total_sleep_not_negative")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_diary_entries_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diary_entries")),
        sa.UniqueConstraint("user_id", "date", name="uq_diary_entries_user_id_date"),
    )


def downgrade():
    op.drop_table("diary_entries")
