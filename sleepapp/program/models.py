"""Programme tables: the habits a person follows, their daily ticks, and the history of
sleep windows (one row per week's window or restart; the newest by (start, id) is the
current one)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from . import rules

NAME_MAX = 80
NOTE_MAX = 300


def utcnow() -> datetime:
    return datetime.now(UTC)


class Habit(db.Model):  # type: ignore[name-defined,misc]
    """A habit a person chose: a built-in one (``builtin_key``) or their own (``name``).

    Archiving keeps the row and its ticks, so a habit can come back with its history.
    """

    __tablename__ = "habits"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "builtin_key", name="uq_habits_user_builtin"),
        sa.CheckConstraint("builtin_key IS NOT NULL OR name IS NOT NULL", name="builtin_or_named"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    builtin_key: Mapped[str | None] = mapped_column(sa.String(40))
    name: Mapped[str | None] = mapped_column(sa.String(NAME_MAX))
    note: Mapped[str | None] = mapped_column(sa.String(NOTE_MAX))
    chosen_on: Mapped[date] = mapped_column(sa.Date)
    archived_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    @property
    def builtin(self) -> rules.BuiltinHabit | None:
        return rules.HABITS_BY_KEY.get(self.builtin_key or "")

    @property
    def title(self) -> str:
        builtin = self.builtin
        return builtin.name if builtin else (self.name or "")

    @property
    def why(self) -> str | None:
        builtin = self.builtin
        return builtin.why if builtin else self.note

    @property
    def guide_slug(self) -> str | None:
        builtin = self.builtin
        return builtin.guide_slug if builtin else None

    @property
    def kind(self) -> str:
        builtin = self.builtin
        return builtin.kind.value if builtin else "own"

    @property
    def sort_key(self) -> tuple[int, int]:
        """Catalogue order first (stimulus control, then hygiene), then own habits."""
        keys = [h.key for h in rules.HABITS]
        if self.builtin_key in keys:
            return (keys.index(self.builtin_key), 0)
        return (len(keys), self.id or 0)

    def __repr__(self) -> str:
        return f"<Habit {self.id} {self.builtin_key or self.name!r}>"


class HabitTick(db.Model):  # type: ignore[name-defined,misc]
    """One habit done on one day (the person's local date). No row means not done."""

    __tablename__ = "habit_ticks"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "habit_id", "day", name="uq_habit_ticks_user_habit_day"),
        sa.Index("ix_habit_ticks_user_day", "user_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    habit_id: Mapped[int] = mapped_column(sa.ForeignKey("habits.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


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
        sa.CheckConstraint(
            f"window_min BETWEEN {rules.FLOOR_MIN} AND {rules.CEILING_MIN}", name="window_range"
        ),
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

    def __repr__(self) -> str:
        return f"<SleepWindow {self.start} {self.window_min} min>"
