"""The reminders' tables: each person's choices, their private calendar feed (only a hash
of its token), the browsers subscribed to Web Push, and one claim per reminder sent to a
browser, unique, so each goes out once however many `send-reminders` run at once."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import Model


class ReminderSetting(Model):
    """One kind of reminder as a person chose it (no row: the kind is off)."""

    __tablename__ = "reminder_settings"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind", name="uq_reminder_settings_user_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    enabled: Mapped[bool] = mapped_column(default=False)
    minutes: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class CalendarFeed(Model):
    """A person's private calendar feed, while it is on. Only the SHA-256 of the URL's
    random token is kept, so the URL is shown once; a reset replaces the hash."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_fetched_on: Mapped[date | None] = mapped_column(sa.Date)


class PushSubscription(Model):
    """One browser that said yes to notifications: its push service endpoint and the keys
    that encrypt messages to it (RFC 8291). An endpoint belongs to one person at a time."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(sa.String(1024), unique=True)
    p256dh: Mapped[str] = mapped_column(sa.String(200))
    auth: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class ReminderClaim(Model):
    """One reminder (kind + night) for one browser. The row is inserted before the message
    is sent, in its own transaction; the unique key makes a second run's insert fail, so
    the reminder goes out once. A failed send is retried from here with backoff."""

    __tablename__ = "reminder_claims"
    __table_args__ = (
        sa.UniqueConstraint(
            "subscription_id", "kind", "night", name="uq_reminder_claims_subscription_kind_night"
        ),
        sa.Index("ix_reminder_claims_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        sa.ForeignKey("push_subscriptions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    night: Mapped[date] = mapped_column(sa.Date)
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    # sending -> sent; or failed (retried at next_attempt_at) -> sent or gave_up
    status: Mapped[str] = mapped_column(sa.String(10))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    claimed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(sa.String(200))
