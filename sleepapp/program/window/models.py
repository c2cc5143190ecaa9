"""The sleep-window table: the history of windows, one row per week's window or restart
(the newest by (start, id) is the current one)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ...clock import utcnow
from ...extensions import db
from .rules import CEILING_MIN, FLOOR_MIN, Outcome


class SleepWindow(db.Model):  # type: ignore[name-defined,misc]
    """One week's sleep window. The first row of a programme (and of each start again) has
    outcome ``start``; each weekly review adds the next row, so the rows are the history.

    Several rows may share a start date (a start again on the day a review's window
    begins): the newest by (start, id) is the current one. ``reviewed_window_id`` names
    the window a review row follows from; it is unique, so a week is reviewed only once.
    """

    __tablename__ = "sleep_windows"
    __table_args__ = (
        sa.Index("ix_sleep_windows_user_start", "user_id", "start"),
        sa.UniqueConstraint("reviewed_window_id", name="uq_sleep_windows_reviewed_window_id"),
        sa.CheckConstraint(f"window_min BETWEEN {FLOOR_MIN} AND {CEILING_MIN}", name="window_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    start: Mapped[date] = mapped_column(sa.Date)
    window_min: Mapped[int]
    wake_time: Mapped[str] = mapped_column(sa.String(5))
    outcome: Mapped[str] = mapped_column(sa.String(20))
    change_min: Mapped[int] = mapped_column(default=0)
    based_on_nights: Mapped[int]
    mean_total_sleep_min: Mapped[float | None] = mapped_column(sa.Float)
    mean_efficiency: Mapped[float | None] = mapped_column(sa.Float)
    reviewed_window_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sleep_windows.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    @property
    def rule_outcome(self) -> Outcome | None:
        """``outcome`` as the rules' ``Outcome`` (None for a value the rules do not know)."""
        try:
            return Outcome(self.outcome)
        except ValueError:
            return None

    def __repr__(self) -> str:
        return f"<SleepWindow {self.start} {self.window_min} min>"
