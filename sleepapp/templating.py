"""Small display filters, so templates only display and Python does the arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from flask import Flask
from flask_login import current_user

from .clock import clock_or_none, format_clock, format_duration, night_label, night_of


def person_hour12() -> bool:
    """True when the logged-in person reads a 12-hour clock (docs/design.md §2.10); 24 hours
    for everyone else."""
    return bool(current_user.is_authenticated and current_user.hour12)


def clock(value: time | str | None, hour12: bool | None = None) -> str:
    """A clock time for people, in the logged-in person's clock unless `hour12` says which
    (a page for someone else, such as a shared report). Takes a time or stored "HH:MM"
    text (wake times are stored so); anything else is shown as "–"."""
    moment = value if isinstance(value, time) else clock_or_none(value)
    if moment is None:
        return "–"
    return format_clock(moment, person_hour12() if hour12 is None else hour12)


def percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}%"


def long_date(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def local_moment(value: datetime | None) -> str:
    """A stored UTC instant in the logged-in person's zone and clock: 'Tue 1 Dec 2026, 20:15'
    (or '8:15 PM')."""
    if value is None:
        return "–"
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    if current_user.is_authenticated:
        moment = moment.astimezone(current_user.zone)
    return f"{long_date(moment.date())}, {clock(moment.time())}"


def register(app: Flask) -> None:
    app.add_template_filter(format_duration, "hm")
    app.add_template_filter(clock, "clock")
    app.add_template_filter(night_of, "night_of")
    app.add_template_filter(night_label, "night_label")
    app.add_template_filter(percent, "pct")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(local_moment, "local_moment")
