"""Habit tables: the habits a person follows (built-in or their own) and their daily ticks."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ...clock import utcnow
from ...extensions import db
from .catalogue import HABITS, HABITS_BY_KEY, BuiltinHabit

NAME_MAX = 80
NOTE_MAX = 300


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
    def builtin(self) -> BuiltinHabit | None:
        return HABITS_BY_KEY.get(self.builtin_key or "")

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
        keys = [h.key for h in HABITS]
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
