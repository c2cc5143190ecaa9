"""Time in one place (docs/design.md §2.1, §2.2): reading and writing clock times, the one
way a duration is spelled, now in UTC, today where a person lives, and the night label.
Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
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
    time(12, 0) -> '12:00 PM' (the person's clock setting, docs/design.md §2.10)."""
    if not hour12:
        return f"{value.hour:02d}:{value.minute:02d}"
    hour = value.hour % 12 or 12
    half = "AM" if value.hour < 12 else "PM"
    return f"{hour}:{value.minute:02d}\N{NO-BREAK SPACE}{half}"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Where a 12-hour clock is the usual one (CLDR, as Chromium's Intl reports it): whole
# languages, the regions of other languages that use it, and the exceptions of the first.
# Everything else reads 24 hours. Used only when the browser's own answer (Intl, sent by
# static/js/clock.js at registration) is missing: docs/design.md §2.10.
_TWELVE_HOUR_LANGUAGES: Final = _words("en ar hi bn ur ko el ta te mr gu kn ml pa fil tl ms am")
_TWELVE_HOUR_TAGS: Final = _words("es-419 es-mx es-us es-co es-ar es-cl es-pe es-ve zh-tw zh-hk")
_TWENTY_FOUR_HOUR_TAGS: Final = _words(
    "en-gb en-ie en-za en-150 en-de en-nl en-se en-dk en-fi en-be en-ch en-at ar-ma"
)


def locale_clock_hours(languages: Iterable[str]) -> int:
    """12 or 24: the clock usual for the first language in `languages` (BCP 47 tags,
    most preferred first, as in Accept-Language: ["en-US", "fr"] -> 12); 24 when none
    is given."""
    for tag in languages:
        tag = tag.strip().replace("_", "-").lower()
        if not tag or tag == "*":
            continue
        language, _, rest = tag.partition("-")
        region = rest.split("-")[-1] if rest else ""
        short = f"{language}-{region}" if region else language
        if short in _TWELVE_HOUR_TAGS:
            return 12
        if language in _TWELVE_HOUR_LANGUAGES and short not in _TWENTY_FOUR_HOUR_TAGS:
            return 12
        return 24
    return 24


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


# Daylight hours for naming a sleep (wall clock): a sleep with more than half of its time in
# bed between 08:00 and 20:00 happened in the day, and is named by its day, not as a night.
DAYLIGHT: Final = (time(8, 0), time(20, 0))


def _daylight_minutes(start: datetime, end: datetime) -> dict[date, int]:
    """Minutes of start..end (naive wall-clock datetimes) inside DAYLIGHT, per calendar day."""
    out: dict[date, int] = {}
    day = start.date()
    while day <= end.date():
        light_from = datetime.combine(day, DAYLIGHT[0])
        light_to = datetime.combine(day, DAYLIGHT[1])
        overlap = (min(end, light_to) - max(start, light_from)).total_seconds() // 60
        if overlap > 0:
            out[day] = int(overlap)
        day += timedelta(days=1)
    return out


def day_sleep_date(day: date, in_bed: time | None, out_of_bed: time | None) -> date | None:
    """The day on which a sleep dated `day` (its morning, §2.1) happened when it was mostly in
    daylight hours, else None (a night). Into bed at or after getting up means the day
    before; without both times it is a night."""
    if in_bed is None or out_of_bed is None:
        return None
    end = datetime.combine(day, out_of_bed)
    start = datetime.combine(day if in_bed < out_of_bed else day - timedelta(days=1), in_bed)
    light = _daylight_minutes(start, end)
    if 2 * sum(light.values()) <= (end - start).total_seconds() // 60:
        return None
    return max(light, key=lambda d: (light[d], d))


@lru_cache(maxsize=4096)  # pure, and a dashboard asks for the same nights many times
def night_label(day: date, in_bed: time | None = None, out_of_bed: time | None = None) -> str:
    """The night an entry dated `day` describes (it belongs to its morning, §2.1):
    'Mon 24 → Tue 25 Mar'. Given its bed and out-of-bed times, a sleep mostly in daylight
    hours is named by when it happened: 'day sleep, Sun 29 Mar'."""
    if (light := day_sleep_date(day, in_bed, out_of_bed)) is not None:
        return f"day sleep, {light:%a} {light.day} {light:%b}"
    before = day - timedelta(days=1)
    return f"{before:%a} {before.day} → {day:%a} {day.day} {day:%b}"


def night_of(day: date, in_bed: time | None = None, out_of_bed: time | None = None) -> str:
    """The same in a sentence, with the year: 'night of Mon 24 → Tue 25 Mar 2025', or for a
    sleep mostly in daylight hours 'day sleep of Sun 29 Mar 2026'."""
    if (light := day_sleep_date(day, in_bed, out_of_bed)) is not None:
        return f"day sleep of {light:%a} {light.day} {light:%b %Y}"
    return f"night of {night_label(day)} {day:%Y}"
