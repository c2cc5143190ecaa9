"""sleepapp/clock.py: one reading of clock times, one duration spelling, today in a zone
and the night label, as tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleepapp import clock
from sleepapp.clock import CLOCK_MESSAGE, RANGE_MESSAGE

# ---------------------------------------------------------------- reading clock times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06:30", time(6, 30)),
        ("6:30", time(6, 30)),
        ("06:30:00", time(6, 30)),
        ("6:30:00", time(6, 30)),
        (" 06:30 ", time(6, 30)),
        ("7:05", time(7, 5)),
        ("23:59", time(23, 59)),
        ("00:00", time(0, 0)),
        ("0:00", time(0, 0)),
        ("０６:３０", time(6, 30)),  # full-width digits, as phone keyboards send them
        ("0٦:30", time(6, 30)),  # any decimal digit reads as itself
    ],
)
def test_parse_clock_accepts(text: str, expected: time) -> None:
    assert clock.parse_clock(text) == expected
    assert clock.clock_or_none(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("24:00", RANGE_MESSAGE),
        ("06:60", RANGE_MESSAGE),
        ("99:99", RANGE_MESSAGE),
        ("", CLOCK_MESSAGE),
        ("ab:cd", CLOCK_MESSAGE),
        ("-1:30", CLOCK_MESSAGE),
        ("6:30 pm", CLOCK_MESSAGE),
        ("7pm", CLOCK_MESSAGE),
        ("12.30", CLOCK_MESSAGE),
        ("0700", CLOCK_MESSAGE),
        ("7:5", CLOCK_MESSAGE),
        ("123:00", CLOCK_MESSAGE),
        ("06:30:15", CLOCK_MESSAGE),
        ("06:30:00:00", CLOCK_MESSAGE),
        ("²²:00", CLOCK_MESSAGE),  # superscripts are digits to str.isdigit(), not to the rule
        ("99999999999999999999:00", CLOCK_MESSAGE),
        ("06:30\x00", CLOCK_MESSAGE),
    ],
)
def test_parse_clock_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        clock.parse_clock(text)
    assert clock.clock_or_none(text) is None


@pytest.mark.parametrize("value", [None, 630, 6.5, b"06:30", time(6, 30)])
def test_clock_or_none_takes_only_text(value: object) -> None:
    assert clock.clock_or_none(value) is None


@given(st.text())
def test_clock_or_none_never_raises(text: str) -> None:
    result = clock.clock_or_none(text)
    assert result is None or (result.second == 0 and result.microsecond == 0)


@pytest.mark.parametrize(
    ("value", "text"), [(time(6, 5), "06:05"), (time(0, 0), "00:00"), (time(23, 59, 30), "23:59")]
)
def test_format_clock(value: time, text: str) -> None:
    assert clock.format_clock(value) == text


@given(st.integers(0, 23), st.integers(0, 59))
def test_format_clock_reads_back(hour: int, minute: int) -> None:
    assert clock.parse_clock(clock.format_clock(time(hour, minute))) == time(hour, minute)


# ---------------------------------------------------------------- the one duration spelling


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (360, "6 h 00 min"),
        (45, "45 min"),
        (412, "6 h 52 min"),
        (345, "5 h 45 min"),
        (365, "6 h 05 min"),
        (60, "1 h 00 min"),
        (0, "0 min"),
        (59.6, "1 h 00 min"),
        (1905, "31 h 45 min"),
        (-30, "-30 min"),
        (-90, "-1 h 30 min"),
        (None, "–"),
    ],
)
def test_format_duration(minutes: float | None, text: str) -> None:
    assert clock.format_duration(minutes) == text


# ---------------------------------------------------------------- now and today

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")
APIA = ZoneInfo("Pacific/Apia")


def test_utcnow_is_aware_utc() -> None:
    now = clock.utcnow()
    assert now.tzinfo is UTC


@pytest.mark.parametrize(
    ("zone", "now", "today"),
    [
        # around midnight in summer (BST, UTC+1)
        (LONDON, datetime(2024, 6, 20, 22, 59, tzinfo=UTC), date(2024, 6, 20)),
        (LONDON, datetime(2024, 6, 20, 23, 0, tzinfo=UTC), date(2024, 6, 21)),
        # the clocks go forward at 01:00 UTC on 31 March 2024
        (LONDON, datetime(2024, 3, 30, 23, 59, tzinfo=UTC), date(2024, 3, 30)),
        (LONDON, datetime(2024, 3, 31, 0, 0, tzinfo=UTC), date(2024, 3, 31)),
        (LONDON, datetime(2024, 3, 31, 23, 0, tzinfo=UTC), date(2024, 4, 1)),
        # the clocks go back on 3 November 2024: midnight is 04:00 UTC, 01:30 happens twice
        (NEW_YORK, datetime(2024, 11, 3, 3, 59, tzinfo=UTC), date(2024, 11, 2)),
        (NEW_YORK, datetime(2024, 11, 3, 4, 0, tzinfo=UTC), date(2024, 11, 3)),
        (NEW_YORK, datetime(2024, 11, 3, 6, 30, tzinfo=UTC), date(2024, 11, 3)),
        (NEW_YORK, datetime(2024, 11, 4, 4, 59, tzinfo=UTC), date(2024, 11, 3)),
        (NEW_YORK, datetime(2024, 11, 4, 5, 0, tzinfo=UTC), date(2024, 11, 4)),
        # ahead of UTC: already tomorrow
        (AUCKLAND, datetime(2024, 6, 20, 12, 0, tzinfo=UTC), date(2024, 6, 21)),
        # Samoa skipped 30 December 2011
        (APIA, datetime(2011, 12, 30, 9, 59, tzinfo=UTC), date(2011, 12, 29)),
        (APIA, datetime(2011, 12, 30, 10, 0, tzinfo=UTC), date(2011, 12, 31)),
        # a `now` in another zone is the same instant
        (LONDON, datetime(2024, 6, 20, 20, 0, tzinfo=NEW_YORK), date(2024, 6, 21)),
    ],
)
def test_today_in(zone: ZoneInfo, now: datetime, today: date) -> None:
    assert clock.today_in(zone, now) == today


def test_today_in_defaults_to_now() -> None:
    before = datetime.now(AUCKLAND).date()
    today = clock.today_in(AUCKLAND)
    assert today in {before, datetime.now(AUCKLAND).date()}


# ---------------------------------------------------------------- the night label


@pytest.mark.parametrize(
    ("day", "label", "sentence"),
    [
        (date(2025, 3, 25), "Mon 24 → Tue 25 Mar", "night of Mon 24 → Tue 25 Mar 2025"),
        (date(2025, 1, 1), "Tue 31 → Wed 1 Jan", "night of Tue 31 → Wed 1 Jan 2025"),
        (date(2024, 3, 1), "Thu 29 → Fri 1 Mar", "night of Thu 29 → Fri 1 Mar 2024"),
        (date(2024, 3, 31), "Sat 30 → Sun 31 Mar", "night of Sat 30 → Sun 31 Mar 2024"),
    ],
)
def test_night_label(day: date, label: str, sentence: str) -> None:
    assert clock.night_label(day) == label
    assert clock.night_of(day) == sentence


@pytest.mark.parametrize(
    ("day", "in_bed", "out_of_bed", "label", "sentence"),
    [
        # QA: a day sleep 08:30-16:00 was called "the night of Sat 28 → Sun 29".
        (
            date(2026, 3, 29),
            time(8, 30),
            time(16, 0),
            "day sleep, Sun 29 Mar",
            "day sleep of Sun 29 Mar 2026",
        ),
        # An ordinary night, and a late one that ends after 07:00: still nights.
        (
            date(2026, 3, 29),
            time(23, 0),
            time(7, 0),
            "Sat 28 → Sun 29 Mar",
            "night of Sat 28 → Sun 29 Mar 2026",
        ),
        (
            date(2026, 3, 29),
            time(3, 0),
            time(11, 30),
            "Sat 28 → Sun 29 Mar",
            "night of Sat 28 → Sun 29 Mar 2026",
        ),
        # After a night shift, 09:00 to 17:00 the same day.
        (date(2026, 3, 2), time(9, 0), time(17, 0), "day sleep, Mon 2 Mar", "day sleep of Mon 2 Mar 2026"),
        # Exactly half in daylight (04:00-10:00: 3 h of 6) is still a night.
        (
            date(2026, 3, 29),
            time(4, 0),
            time(10, 0),
            "Sat 28 → Sun 29 Mar",
            "night of Sat 28 → Sun 29 Mar 2026",
        ),
        # Into bed the afternoon before, up in the small hours: mostly dark, a night.
        (
            date(2026, 3, 29),
            time(17, 0),
            time(2, 0),
            "Sat 28 → Sun 29 Mar",
            "night of Sat 28 → Sun 29 Mar 2026",
        ),
        # Into bed 13:00 the day before and up at 05:00: 7 h of 16 in daylight, a night.
        (
            date(2026, 3, 29),
            time(13, 0),
            time(5, 0),
            "Sat 28 → Sun 29 Mar",
            "night of Sat 28 → Sun 29 Mar 2026",
        ),
    ],
)
def test_a_sleep_is_named_by_when_it_happened(
    day: date, in_bed: time, out_of_bed: time, label: str, sentence: str
) -> None:
    assert clock.night_label(day, in_bed, out_of_bed) == label
    assert clock.night_of(day, in_bed, out_of_bed) == sentence


def test_day_sleep_spanning_midnight_is_named_by_its_day() -> None:
    # 10:00 on Sat to 09:00 on Sun: 10 h of daylight on Sat, 1 on Sun, 23 h in bed: a night.
    assert clock.day_sleep_date(date(2026, 3, 29), time(10, 0), time(9, 0)) is None
    # 06:30 to 18:30 the same day is a day sleep; without both times it is a night.
    assert clock.day_sleep_date(date(2026, 3, 29), time(6, 30), time(18, 30)) == date(2026, 3, 29)
    assert clock.day_sleep_date(date(2026, 3, 29), None, time(18, 30)) is None


@given(st.dates(min_value=date(2000, 1, 2), max_value=date(2100, 1, 1)), st.times(), st.times())
def test_a_day_sleep_is_named_by_its_morning_or_the_day_before(
    day: date, in_bed: time, out_of_bed: time
) -> None:
    light = clock.day_sleep_date(
        day, in_bed.replace(second=0, microsecond=0), out_of_bed.replace(second=0, microsecond=0)
    )
    assert light is None or light in {day, day - timedelta(days=1)}
