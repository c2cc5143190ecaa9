"""The programme's clock: now in UTC for stored timestamps, and today where the person
lives for ticks, starts and reviews."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ..auth.models import User


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_today(user: User) -> date:
    return datetime.now(user.zone).date()
