"""The diary table: one row per person per morning, holding the Consensus Sleep Diary items
as entered and the derived metrics computed at save time, so aggregates run in SQL; and the
short-lived copies of deleted nights that "Undo" restores."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import Model


class DiaryEntry(Model):
    __tablename__ = "diary_entries"
    __table_args__ = (
        # One entry per person per morning. The unique constraint is backed by a b-tree
        # index on (user_id, date) in both SQLite and PostgreSQL, which serves every
        # owner-and-date-range query; a second index on the same columns would only
        # double the write cost.
        sa.UniqueConstraint("user_id", "date", name="uq_diary_entries_user_id_date"),
        sa.CheckConstraint("quality BETWEEN 1 AND 5", name="quality_range"),
        sa.CheckConstraint("time_in_bed_min > 0 AND time_in_bed_min < 1440", name="time_in_bed_range"),
        sa.CheckConstraint("total_sleep_min >= 0", name="total_sleep_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(sa.Date)

    # Core items (Consensus Sleep Diary 1-8), clock times as the person entered them.
    in_bed: Mapped[time] = mapped_column(sa.Time)
    tried_to_sleep: Mapped[time] = mapped_column(sa.Time)
    sleep_latency_min: Mapped[int]
    awakenings: Mapped[int]
    awake_min: Mapped[int]
    final_wake: Mapped[time] = mapped_column(sa.Time)
    out_of_bed: Mapped[time] = mapped_column(sa.Time)
    quality: Mapped[int]

    # Expanded items (optional).
    rested: Mapped[int | None]
    naps: Mapped[int | None]
    nap_min: Mapped[int | None]
    caffeine_drinks: Mapped[int | None]
    caffeine_last: Mapped[time | None] = mapped_column(sa.Time)
    alcohol_drinks: Mapped[int | None]
    alcohol_last: Mapped[time | None] = mapped_column(sa.Time)
    medication: Mapped[str | None] = mapped_column(sa.String(500))  # verbatim, never interpreted
    comments: Mapped[str | None] = mapped_column(sa.String(2000))

    # Derived at save time from the items and the zone below (metrics.py). SOL and WASO
    # are the items sleep_latency_min and awake_min themselves.
    timezone: Mapped[str] = mapped_column(sa.String(64))
    time_in_bed_min: Mapped[int]
    early_wake_min: Mapped[int]
    total_sleep_min: Mapped[int]
    sleep_efficiency: Mapped[float] = mapped_column(sa.Float)

    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<DiaryEntry {self.user_id} {self.date}>"


class DeletedEntry(Model):
    """A deleted night kept for UNDO_MINUTES so "Undo" can put it back exactly: every column
    of its diary_entries row but the id, as JSON (service.snapshot_of). Purged when used or
    expired, and deleted with the account."""

    __tablename__ = "deleted_entries"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(sa.Date)
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    deleted_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)

    @property
    def in_bed(self) -> time:
        return time.fromisoformat(self.snapshot["in_bed"])

    @property
    def out_of_bed(self) -> time:
        return time.fromisoformat(self.snapshot["out_of_bed"])

    def __repr__(self) -> str:
        return f"<DeletedEntry {self.user_id} {self.date}>"
