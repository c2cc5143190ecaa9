"""The reminders read the sleep window through the window service: a real start and a real
weekly review move them (docs/design.md §11.1)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from sleepapp.errors import ValidationFailed
from sleepapp.program.window import service as windows
from sleepapp.program.window.screen import SCREEN_KEYS
from sleepapp.reminders import service
from sleepapp.reminders.rules import Kind, reminders_for_night
from tests.factories import make_nights, make_user, span

START = date(2024, 6, 10)
NO = dict.fromkeys(SCREEN_KEYS, False)


@pytest.fixture
def person(app):  # type: ignore[no-untyped-def]
    return make_user(timezone="UTC", wake_time="08:00")


def bedtimes(person, night: date) -> list[datetime]:  # type: ignore[no-untyped-def]
    settings = service.load_settings(person)
    return [
        r.local
        for r in reminders_for_night(service.plan_for(person), settings, night)
        if r.kind is Kind.BEDTIME
    ]


def test_a_start_and_a_review_move_the_reminders(person) -> None:  # type: ignore[no-untyped-def]
    service.save_settings(person, {Kind.BEDTIME: (True, None), Kind.WAKE: (True, None)})
    first_night = START + timedelta(days=1)
    assert bedtimes(person, first_night) == []  # no window yet: no bedtime, wake at 08:00
    wake = [
        r for r in reminders_for_night(service.plan_for(person), service.load_settings(person), first_night)
    ]
    assert [r.local.time() for r in wake] == [time(8, 0)]

    make_nights(person, span(START - timedelta(days=6), 7), tst=345, tib=420)
    windows.start_sleep_window(person, "06:30", START.isoformat(), NO, START)  # 345 min: bed 00:45
    assert bedtimes(person, first_night) == [datetime(2024, 6, 11, 0, 45)]

    make_nights(person, span(first_night, 7), tst=380, tib=400)  # SE 95%: +15 minutes
    windows.review_sleep_window(person, START + timedelta(days=7), sleepy=False)
    assert bedtimes(person, START + timedelta(days=7)) == [datetime(2024, 6, 17, 0, 45)]  # last old night
    assert bedtimes(person, START + timedelta(days=8)) == [datetime(2024, 6, 18, 0, 30)]  # the new window


def test_saving_refuses_minutes_outside_the_limits_and_keeps_the_rest(person) -> None:  # type: ignore[no-untyped-def]
    service.save_settings(person, {Kind.WIND_DOWN: (True, 40)})
    with pytest.raises(ValidationFailed) as err:
        service.save_settings(person, {Kind.WIND_DOWN: (True, 5), Kind.CAFFEINE: (True, 800)})
    assert set(err.value.fields) == {"wind_down_minutes", "caffeine_minutes"}
    saved = service.load_settings(person)
    assert saved[Kind.WIND_DOWN].minutes == 40 and not saved[Kind.CAFFEINE].enabled


@pytest.mark.parametrize(
    ("week", "done", "left", "placed"),
    [
        (3, 0b011, False, False),  # before worry time
        (4, 0b0111, False, True),  # the thinking-skills week
        (6, 0b11111, False, True),  # and after it
        (3, 0b1111, False, True),  # repeating week 3 after week 4 was done
        (5, 0b1111, True, False),  # left the course
    ],
)
def test_worry_time_is_placed_once_the_course_reaches_it(person, week, done, left, placed) -> None:  # type: ignore[no-untyped-def]
    from sleepapp.extensions import db
    from sleepapp.program.course.models import CourseProgress

    assert service.plan_for(person).course_started is False  # no course at all
    start = date(2026, 3, 2)
    db.session.add(
        CourseProgress(
            user_id=person.id,
            started_on=start,
            week=week,
            week_started_on=start + timedelta(days=7 * (week - 1)),
            done_weeks=done,
            left_on=start + timedelta(days=40) if left else None,
        )
    )
    db.session.commit()
    assert service.plan_for(person).course_started is placed
