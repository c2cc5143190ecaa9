"""Small display filters, so templates only display and Python does the arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from flask_login import current_user

from .clock import format_clock, format_duration, night_label, night_of


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
    app.add_template_filter(format_duration, "hm")
    app.add_template_filter(format_clock, "clock")
    app.add_template_filter(night_of, "night_of")
    app.add_template_filter(night_label, "night_label")
    app.add_template_filter(percent, "pct")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(local_moment, "local_moment")
