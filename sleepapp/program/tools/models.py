"""The thinking tools' tables: worries (the evening worksheet) and thought records."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ...clock import utcnow
from ...extensions import db
from .rules import EVIDENCE_MAX, TEXT_MAX


class Worry(db.Model):  # type: ignore[name-defined,misc]
    """One worry written on an evening: a next step, or "not mine to solve now"."""

    __tablename__ = "worries"
    __table_args__ = (sa.Index("ix_worries_user_day", "user_id", "day"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date)
    worry: Mapped[str] = mapped_column(sa.String(TEXT_MAX))
    next_step: Mapped[str | None] = mapped_column(sa.String(TEXT_MAX))
    not_mine: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class ThoughtRecord(db.Model):  # type: ignore[name-defined,misc]
    """A thought about sleep, how much it was believed (0-100), the evidence, a more
    balanced thought and how much the first is believed after."""

    __tablename__ = "thought_records"
    __table_args__ = (
        sa.Index("ix_thought_records_user_day", "user_id", "day"),
        sa.CheckConstraint("belief_before BETWEEN 0 AND 100", name="belief_before_range"),
        sa.CheckConstraint("belief_after BETWEEN 0 AND 100", name="belief_after_range"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date)
    thought: Mapped[str] = mapped_column(sa.String(TEXT_MAX))
    belief_before: Mapped[int]
    evidence: Mapped[str | None] = mapped_column(sa.String(EVIDENCE_MAX))
    balanced: Mapped[str | None] = mapped_column(sa.String(TEXT_MAX))
    belief_after: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
