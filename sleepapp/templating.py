"""Small display filters, so templates only display and Python does the arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from flask_login import current_user


def hours_minutes(minutes: float | int | None) -> str:
    """412 -> '6 h 52 min'; None -> '–'."""
    if minutes is None:
        return "–"
    total = round(minutes)
    sign = "-" if total < 0 else ""
    h, m = divmod(abs(total), 60)
    if h == 0:
        return f"{sign}{m} min"
    return f"{sign}{h} h {m:02d} min"


def percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}%"


def long_date(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def local_moment(value: datetime | None) -> str:
    """A stored UTC instant in the logged-in person's zone: 'Tue 1 Dec 2026, 20:15'."""
    if value is None:
        return "–"
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    if current_user.is_authenticated:
        moment = moment.astimezone(current_user.zone)
    return f"{long_date(moment.date())}, {moment:%H:%M}"


def register(app: Flask) -> None:
    app.add_template_filter(hours_minutes, "hm")
    app.add_template_filter(percent, "pct")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(local_moment, "local_moment")
