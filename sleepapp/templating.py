"""Small display filters, so templates only display and Python does the arithmetic."""

from __future__ import annotations

from datetime import date

from flask import Flask


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


def register(app: Flask) -> None:
    app.add_template_filter(hours_minutes, "hm")
    app.add_template_filter(percent, "pct")
    app.add_template_filter(long_date, "long_date")
