"""Time in one place (docs/design.md §2.1, §2.2): reading and writing clock times, the one
way a duration is spelled, now in UTC, today where a person lives, and the night label.
Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

# 24-hour H:MM or HH:MM with an optional ":00" seconds part. `\d` takes any Unicode decimal
# digit (full-width "０６:３０" reads as 06:30); "²" and the like are not decimal digits.
_CLOCK_RE: Final = re.compile(r"^(\d{1,2}):(\d{2})(?::00)?$")
CLOCK_MESSAGE: Final = "Enter a time as HH:MM, for example 23:15."
RANGE_MESSAGE: Final = "Enter a time between 00:00 and 23:59."


# ---------------------------------------------------------------- clock times


def parse_clock(value: str) -> time:
    """Parse "HH:MM" (24-hour; "H:MM" and a ":00" seconds suffix are accepted).

    Raises ValueError with a message for the person when the text is not a clock time."""
    match = _CLOCK_RE.match(value.strip())
    if not match:
        raise ValueError(CLOCK_MESSAGE)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(RANGE_MESSAGE)
    return time(hour, minute)


def clock_or_none(value: object) -> time | None:
    """parse_clock for any value: the time, or None for anything that is not one (non-text
    included). Never raises."""
    if not isinstance(value, str):
        return None
    try:
        return parse_clock(value)
    except ValueError:
        return None


def format_clock(value: time, hour12: bool = False) -> str:
    """time(6, 5) -> '06:05'; with hour12, time(6, 5) -> '6:05 AM', time(0, 15) -> '12:15 AM',
    time(12, 0) -> '12:00 PM' (the person's clock setting, docs/design.md §2.2)."""
    if not hour12:
        return f"{value.hour:02d}:{value.minute:02d}"
    hour = value.hour % 12 or 12
    half = "AM" if value.hour < 12 else "PM"
    return f"{hour}:{value.minute:02d}\N{NO-BREAK SPACE}{half}"


# ---------------------------------------------------------------- durations


def format_duration(minutes: float | int | None) -> str:
    """The one spelling of a duration: 412 -> '6 h 52 min', 360 -> '6 h 00 min',
    45 -> '45 min'; rounded to the minute; None -> '–'."""
    if minutes is None:
        return "–"
    total = round(minutes)
    sign = "-" if total < 0 else ""
    h, m = divmod(abs(total), 60)
    if h == 0:
        return f"{sign}{m} min"
    return f"{sign}{h} h {m:02d} min"


# ---------------------------------------------------------------- now and today


def utcnow() -> datetime:
    """Now as an aware UTC instant: what stored timestamps hold."""
    return datetime.now(UTC)


def today_in(zone: ZoneInfo, now: datetime | None = None) -> date:
    """Today's date where the person lives (the morning a new entry is for, the day a habit
    is ticked). `now` (aware) defaults to the present moment."""
    moment = utcnow() if now is None else now
    return moment.astimezone(zone).date()


# ---------------------------------------------------------------- nights


def night_label(day: date) -> str:
    """The night an entry dated `day` describes (it belongs to its morning, §2.1):
    'Mon 24 → Tue 25 Mar'."""
    before = day - timedelta(days=1)
    return f"{before:%a} {before.day} → {day:%a} {day.day} {day:%b}"


def night_of(day: date) -> str:
    """The same night in a sentence, with the year: 'night of Mon 24 → Tue 25 Mar 2025'."""
    return f"night of {night_label(day)} {day:%Y}"
