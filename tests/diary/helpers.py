"""Diary test-data builders: make_entry(user, **kw) and bulk nights for query-count tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sleepapp.auth.models import User
from sleepapp.diary import service
from sleepapp.diary.demo import seed_nights
from sleepapp.diary.models import DiaryEntry


def night(**kw: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "in_bed": "23:00",
        "tried_to_sleep": "23:15",
        "sleep_latency_min": 20,
        "awakenings": 2,
        "awake_min": 25,
        "final_wake": "06:30",
        "out_of_bed": "07:00",
        "quality": 3,
    }
    raw.update(kw)
    return raw


def make_entry(user: User, day: date | str = "2026-06-02", **kw: Any) -> DiaryEntry:
    """A saved entry (replacing any for that date); items overridable by keyword."""
    parsed = date.fromisoformat(day) if isinstance(day, str) else day
    return service.save_entry(user, parsed, night(**kw)).entry


def make_nights(user: User, count: int, end: date) -> None:
    seed_nights(user, count, end, seed=3)


def days_back(end: date, n: int) -> date:
    return end - timedelta(days=n)
