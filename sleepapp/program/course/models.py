"""The course's table: one progress row per person (rules.Progress as stored)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ...clock import utcnow
from ...extensions import db
from .rules import LAST_WEEK


class CourseProgress(db.Model):  # type: ignore[name-defined,misc]
    """Where a person is in the course. ``done_weeks`` is a bit set (week n is bit n-1).
    ``without_window`` is the person's own word that the sleep window's safety screen said
    to talk to a doctor first: the course then goes on without the window."""

    __tablename__ = "course_progress"
    __table_args__ = (
        sa.CheckConstraint(f"week BETWEEN 1 AND {LAST_WEEK}", name="week_range"),
        sa.CheckConstraint(f"done_weeks BETWEEN 0 AND {2**LAST_WEEK - 1}", name="done_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    started_on: Mapped[date] = mapped_column(sa.Date)
    week: Mapped[int]
    week_started_on: Mapped[date] = mapped_column(sa.Date)
    done_weeks: Mapped[int] = mapped_column(default=0)
    baseline_end: Mapped[date | None] = mapped_column(sa.Date)
    paused_on: Mapped[date | None] = mapped_column(sa.Date)
    left_on: Mapped[date | None] = mapped_column(sa.Date)
    finished_on: Mapped[date | None] = mapped_column(sa.Date)
    without_window: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)
