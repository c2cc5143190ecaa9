"""The pure reminder rules: where each kind falls, which window it follows, DST, and the
quiet hours between bedtime and wake time (docs/design.md §11.1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleepapp.reminders.rules import (
    CATALOGUE,
    INFO,
    Kind,
    Plan,
    Setting,
    WindowSpan,
    due_now,
    in_quiet_hours,
    instant,
    reminders_between,
    reminders_for_night,
)

LONDON = ZoneInfo("Europe/London")
WINDOW = WindowSpan(date(2026, 3, 20), time(6, 30), 420)  # bedtime 23:30


def all_on(**minutes: int) -> dict[Kind, Setting]:
    return {k: Setting(k, True, minutes.get(k.value, INFO[k].default_min)) for k in Kind}


def by_kind(reminders):  # type: ignore[no-untyped-def]
    return {r.kind: r for r in reminders}


def test_everything_is_off_until_chosen() -> None:
    plan = Plan(LONDON, time(7, 0), (WINDOW,))
    assert reminders_for_night(plan, {}, date(2026, 3, 25)) == []


def test_each_kind_on_a_night_with_a_window() -> None:
    plan = Plan(LONDON, time(8, 0), (WINDOW,))
    got = by_kind(reminders_for_night(plan, all_on(), date(2026, 3, 25)))
    local = {k: r.local for k, r in got.items()}
    assert local == {
        Kind.CAFFEINE: datetime(2026, 3, 24, 17, 30),  # 6 h before bedtime
        Kind.WIND_DOWN: datetime(2026, 3, 24, 23, 0),
        Kind.BEDTIME: datetime(2026, 3, 24, 23, 30),
        Kind.WAKE: datetime(2026, 3, 25, 6, 30),  # the window's wake time, not the usual 08:00
        Kind.LOG_DIARY: datetime(2026, 3, 25, 7, 0),
    }  # no review yet (due 27 March); no worry time without a course
    assert got[Kind.BEDTIME].bedtime == time(23, 30)
    assert got[Kind.BEDTIME].key == "bedtime:2026-03-25"


def test_without_a_window_only_the_morning_kinds_fall_at_the_usual_wake_time() -> None:
    plan = Plan(LONDON, time(7, 15))
    got = by_kind(reminders_for_night(plan, all_on(log_diary=45), date(2026, 3, 25)))
    assert {k: r.local.time() for k, r in got.items()} == {Kind.WAKE: time(7, 15), Kind.LOG_DIARY: time(8, 0)}


def test_no_wake_time_at_all_means_no_reminder() -> None:
    assert reminders_for_night(Plan(LONDON), all_on(), date(2026, 3, 25)) == []


def test_worry_time_waits_for_the_course() -> None:
    night = date(2026, 3, 25)
    settings = {Kind.WORRY_TIME: Setting(Kind.WORRY_TIME, True, 18 * 60 + 30)}
    assert reminders_for_night(Plan(LONDON, time(7, 0)), settings, night) == []
    [worry] = reminders_for_night(Plan(LONDON, time(7, 0), course_started=True), settings, night)
    assert worry.local == datetime(2026, 3, 25, 18, 30)


def test_bedtime_after_midnight_falls_on_the_morning_date() -> None:
    plan = Plan(LONDON, None, (WindowSpan(date(2026, 3, 1), time(6, 0), 345),))  # bedtime 00:15
    got = by_kind(reminders_for_night(plan, all_on(), date(2026, 3, 5)))
    assert got[Kind.BEDTIME].local == datetime(2026, 3, 5, 0, 15)
    assert got[Kind.WIND_DOWN].local == datetime(2026, 3, 4, 23, 45)


def test_reminders_follow_the_window_a_review_set() -> None:
    reviewed = WindowSpan(date(2026, 3, 27), time(6, 30), 435)  # +15 min: bedtime 23:15
    plan = Plan(LONDON, None, (WINDOW, reviewed))
    settings = {Kind.BEDTIME: Setting(Kind.BEDTIME, True, 0)}
    before = reminders_for_night(plan, settings, date(2026, 3, 27))  # night of 26 -> 27: old window
    after = reminders_for_night(plan, settings, date(2026, 3, 28))  # first night of the new one
    assert [r.local for r in before] == [datetime(2026, 3, 26, 23, 30)]
    assert [r.local for r in after] == [datetime(2026, 3, 27, 23, 15)]


def test_the_review_reminder_comes_when_due_and_stops_after_the_review() -> None:
    settings = {Kind.WINDOW_REVIEW: Setting(Kind.WINDOW_REVIEW, True, 60)}
    plan = Plan(LONDON, None, (WINDOW,))
    days = [r.night for r in reminders_between(plan, settings, date(2026, 3, 25), date(2026, 3, 29))]
    assert days == [date(2026, 3, 27), date(2026, 3, 28), date(2026, 3, 29)]  # due from start + 7
    reviewed = Plan(LONDON, None, (WINDOW, WindowSpan(date(2026, 3, 27), time(6, 30), 420)))
    assert reminders_between(reviewed, settings, date(2026, 3, 27), date(2026, 3, 30)) == []


def test_wall_clock_times_hold_across_the_spring_change() -> None:
    """London goes from GMT to BST at 01:00 UTC on Sunday 29 March 2026: the reminders keep
    their clock times, so the instants move by an hour."""
    plan = Plan(LONDON, None, (WINDOW,))
    settings = {k: Setting(k, True, INFO[k].default_min) for k in (Kind.LOG_DIARY, Kind.BEDTIME)}
    got = reminders_between(plan, settings, date(2026, 3, 28), date(2026, 3, 30))
    assert {r.local.time() for r in got if r.kind is Kind.LOG_DIARY} == {time(7, 0)}
    assert [r.at for r in got if r.kind is Kind.LOG_DIARY] == [
        datetime(2026, 3, 28, 7, 0, tzinfo=UTC),
        datetime(2026, 3, 29, 6, 0, tzinfo=UTC),
        datetime(2026, 3, 30, 6, 0, tzinfo=UTC),
    ]


def test_a_time_the_clocks_skip_is_read_with_the_offset_before() -> None:
    assert instant(datetime(2026, 3, 29, 1, 30), LONDON) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_due_now_takes_what_fell_since_the_lookback() -> None:
    plan = Plan(LONDON, time(7, 0))
    settings = {Kind.LOG_DIARY: Setting(Kind.LOG_DIARY, True, 30)}
    at = datetime(2026, 3, 25, 7, 30, tzinfo=UTC)  # GMT in March before the change
    window = timedelta(minutes=30)
    assert [r.key for r in due_now(plan, settings, at, window)] == ["log_diary:2026-03-25"]
    assert [r.key for r in due_now(plan, settings, at + timedelta(minutes=29), window)] == [
        "log_diary:2026-03-25"
    ]
    assert due_now(plan, settings, at + timedelta(minutes=30), window) == []  # stale: a missed run
    assert due_now(plan, settings, at - timedelta(seconds=1), window) == []  # not yet


def test_quiet_hours_are_between_bedtime_and_wake() -> None:
    plan = Plan(LONDON, None, (WINDOW,))
    assert in_quiet_hours(plan, datetime(2026, 3, 25, 2, 0, tzinfo=UTC))
    assert in_quiet_hours(plan, datetime(2026, 3, 24, 23, 31, tzinfo=UTC))
    assert not in_quiet_hours(plan, datetime(2026, 3, 24, 23, 30, tzinfo=UTC))  # bedtime itself
    assert not in_quiet_hours(plan, datetime(2026, 3, 25, 6, 30, tzinfo=UTC))  # wake time itself
    assert not in_quiet_hours(plan, datetime(2026, 3, 25, 12, 0, tzinfo=UTC))
    assert not in_quiet_hours(Plan(LONDON, time(7, 0)), datetime(2026, 3, 25, 2, 0, tzinfo=UTC))


@pytest.mark.parametrize("info", CATALOGUE, ids=lambda i: i.kind.value)
def test_limits_include_the_default(info) -> None:  # type: ignore[no-untyped-def]
    assert info.min_min <= info.default_min <= info.max_min


ZONES = st.sampled_from(
    ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "UTC"]
)


@st.composite
def plans(draw):  # type: ignore[no-untyped-def]
    zone = ZoneInfo(draw(ZONES))
    start = draw(st.dates(date(2025, 1, 1), date(2027, 12, 1)))
    windows = []
    for i in range(draw(st.integers(0, 3))):
        wake = time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45])))
        windows.append(WindowSpan(start + timedelta(days=7 * i), wake, draw(st.integers(22, 36)) * 15))
    usual = draw(st.none() | st.builds(time, st.integers(0, 23), st.integers(0, 59)))
    return Plan(zone, usual, tuple(windows))


@st.composite
def choices(draw):  # type: ignore[no-untyped-def]
    out = {}
    for info in CATALOGUE:
        out[info.kind] = Setting(
            info.kind, draw(st.booleans()), draw(st.integers(info.min_min, info.max_min))
        )
    return out


@given(plans(), choices(), st.integers(-3, 30))
def test_no_reminder_ever_falls_in_quiet_hours(plan, settings, offset) -> None:  # type: ignore[no-untyped-def]
    first = (plan.windows[0].start if plan.windows else date(2026, 3, 1)) + timedelta(days=offset)
    for reminder in reminders_between(plan, settings, first, first + timedelta(days=2)):
        assert not in_quiet_hours(plan, reminder.at)
        assert settings[reminder.kind].enabled


@given(plans(), choices(), st.integers(-3, 30))
def test_each_chosen_kind_falls_at_most_once_a_night_and_in_order(plan, settings, offset) -> None:  # type: ignore[no-untyped-def]
    night = (plan.windows[0].start if plan.windows else date(2026, 3, 1)) + timedelta(days=offset)
    got = reminders_for_night(plan, settings, night)
    assert len({r.kind for r in got}) == len(got)
    assert [r.at for r in got] == sorted(r.at for r in got)
    for r in got:
        assert r.at.tzinfo is not None and r.local.tzinfo is None


@given(plans(), st.integers(-3, 30))
def test_with_a_window_the_bedtime_kinds_keep_their_order(plan, offset) -> None:  # type: ignore[no-untyped-def]
    """Weekly reviews keep the wake time. (A start again with a far-off wake time may move an
    evening reminder into the last night's quiet hours; the property above covers that.)"""
    if plan.windows:
        wake = plan.windows[0].wake
        plan = replace(plan, windows=tuple(replace(w, wake=wake) for w in plan.windows))
    settings = {
        k: Setting(k, True, INFO[k].default_min) for k in (Kind.CAFFEINE, Kind.WIND_DOWN, Kind.BEDTIME)
    }
    night = (plan.windows[0].start if plan.windows else date(2026, 3, 1)) + timedelta(days=offset)
    got = [r.kind for r in reminders_for_night(plan, settings, night)]
    if plan.window_for(night) is None:
        assert got == []
    else:
        assert got == [Kind.CAFFEINE, Kind.WIND_DOWN, Kind.BEDTIME]
