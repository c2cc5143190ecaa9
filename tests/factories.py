"""Small keyword-override builders for test data."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from typing import Any

from sleepapp.auth.models import User
from sleepapp.auth.service import register_user

DEFAULT_PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def make_user(**kw: Any) -> User:
    """A saved user; `email`, `password` and `timezone` may be overridden."""
    email = kw.pop("email", None) or f"person{next(_seq)}@example.com"
    password = kw.pop("password", DEFAULT_PASSWORD)
    timezone = kw.pop("timezone", "Europe/London")
    user = register_user(email, password, timezone)
    if kw:
        from sleepapp.extensions import db

        for key, value in kw.items():
            setattr(user, key, value)
        db.session.commit()
    user.test_password = password  # type: ignore[attr-defined]
    return user


ENTRY_DEFAULTS: dict[str, Any] = {
    "in_bed": "23:00",
    "tried_to_sleep": "23:15",
    "sleep_latency_min": 20,
    "awakenings": 1,
    "awake_min": 15,
    "final_wake": "06:45",
    "out_of_bed": "07:00",
    "quality": 3,
}


def make_entry(user: User, day: Any = None, **kw: Any):  # type: ignore[no-untyped-def]
    """A saved diary entry for `day` (a date or YYYY-MM-DD; default: 2026-03-02), items overridable."""
    from sleepapp.diary.service import save_entry

    day = date.fromisoformat(day) if isinstance(day, str) else (day or date(2026, 3, 2))
    return save_entry(user, day, {**ENTRY_DEFAULTS, **kw}, confirmed=True).entry


def make_night(user: User, day: date, tst: int = 360, tib: int = 420, out_of_bed: str = "07:00"):  # type: ignore[no-untyped-def]
    """A saved entry for the morning `day` with exact totals (the programme's tests): in bed
    `tib` minutes before getting up at `out_of_bed`, asleep `tst` of them (the rest is time
    to fall asleep, no awakenings). Use a zone without DST."""
    in_bed = f"{datetime.combine(day, time.fromisoformat(out_of_bed)) - timedelta(minutes=tib):%H:%M}"
    return make_entry(
        user,
        day,
        in_bed=in_bed,
        tried_to_sleep=in_bed,
        sleep_latency_min=tib - tst,
        awakenings=0,
        awake_min=0,
        final_wake=out_of_bed,
        out_of_bed=out_of_bed,
    )


def make_nights(user: User, days: list[date], tst: int = 360, tib: int = 420) -> None:
    """`make_night` for each of `days`, all with the same totals."""
    for day in days:
        make_night(user, day, tst, tib)


def span(first: date, count: int) -> list[date]:
    """`count` consecutive dates from `first`."""
    return [first + timedelta(days=i) for i in range(count)]
