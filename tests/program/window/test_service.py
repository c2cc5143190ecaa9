"""Sleep-window services against the database: start, review, restart and history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from sleepapp.diary.service import nightly_metrics
from sleepapp.errors import Conflict, NotFound, ValidationFailed
from sleepapp.extensions import db
from sleepapp.program.window import presenters, rules, service
from sleepapp.program.window.models import SleepWindow
from sleepapp.program.window.screen import SCREEN_KEYS
from tests.factories import make_night, make_nights, make_user, span

TODAY = date(2024, 6, 20)
START = date(2024, 6, 10)
NO = {k: False for k in SCREEN_KEYS}


def baseline(person, start: date = START, count: int = 7, tst: int = 345, tib: int = 420) -> None:  # type: ignore[no-untyped-def]
    make_nights(person, span(start - timedelta(days=6), count), tst=tst, tib=tib)


def test_start_window_from_baseline(person) -> None:  # type: ignore[no-untyped-def]
    baseline(person, count=5, tst=352, tib=420)  # mean 352 -> 345
    window = service.start_sleep_window(person, "06:30", START.isoformat(), NO, TODAY)
    assert (window.window_min, window.wake_time, window.start) == (345, "06:30", START)
    assert presenters.bedtime(window) == "00:45"
    assert window.based_on_nights == 5 and window.mean_total_sleep_min == 352.0
    assert window.mean_efficiency == 83.8
    assert window.outcome == "start"
    data = presenters.window_as_dict(window, service.window_history(person), TODAY)
    assert data["next_review"] == "2024-06-17" and data["review_due"] is True
    assert data["bedtime"] == "00:45" and len(data["history"]) == 1  # type: ignore[arg-type]


def test_start_window_needs_five_nights(person) -> None:  # type: ignore[no-untyped-def]
    baseline(person, count=4)
    make_night(person, START + timedelta(days=1))  # after the start: does not count
    with pytest.raises(ValidationFailed) as err:
        service.start_sleep_window(person, "06:30", START.isoformat(), NO, TODAY)
    assert "1 more night is missing" in err.value.fields["start"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SleepWindow)) == 0


@pytest.mark.parametrize("key", SCREEN_KEYS)
def test_any_yes_on_the_screen_sets_no_window(person, key: str) -> None:  # type: ignore[no-untyped-def]
    baseline(person)
    with pytest.raises(ValidationFailed) as err:
        service.start_sleep_window(person, "06:30", START.isoformat(), {**NO, key: True}, TODAY)
    assert set(err.value.fields) == {"screen"}
    assert key in err.value.fields["screen"]
    assert service.current_window(person) is None


def test_screen_is_checked_before_anything_else(person) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as err:
        service.start_sleep_window(person, "6.30pm", "soon", {"epilepsy": True}, TODAY)
    assert set(err.value.fields) == {"screen"}
    with pytest.raises(ValidationFailed) as err:
        service.start_sleep_window(person, "06:30", START.isoformat(), None, TODAY)
    assert set(err.value.fields) == {"screen"}


@pytest.mark.parametrize(
    ("wake", "start", "field"),
    [
        ("6:30pm", START.isoformat(), "wake_time"),
        ("25:00", START.isoformat(), "wake_time"),
        (None, START.isoformat(), "wake_time"),
        ("06:30", "2024-13-01", "start"),
        ("06:30", None, "start"),
        ("06:30", (TODAY + timedelta(days=1)).isoformat(), "start"),
        ("06:30", (TODAY - timedelta(days=400)).isoformat(), "start"),
        ("²²:00", START.isoformat(), "wake_time"),
        ("06:30:15", START.isoformat(), "wake_time"),  # "0٦:30" reads as 06:30 now (sleepapp/clock.py)
        ("99999999999999999999:00", START.isoformat(), "wake_time"),
        ("06:30", "0001-01-01", "start"),
        ("06:30", "0001-01-07", "start"),
        ("06:30", "9999-12-31", "start"),
        ("06:30", "0000-01-01", "start"),
        ("06:30", "２０２４-06-10", "start"),
        ("06:30", "20240610", "start"),
        ("06:30", 99999999999999999999, "start"),
    ],
)
def test_start_window_field_errors(person, wake, start, field) -> None:  # type: ignore[no-untyped-def]
    baseline(person)
    with pytest.raises(ValidationFailed) as err:
        service.start_sleep_window(person, wake, start, NO, TODAY)
    assert set(err.value.fields) == {field}
    # a sentence for a person, never a Python error such as "invalid literal for int()"
    assert err.value.fields[field] in {
        service.WAKE_TIME_MESSAGE,
        service.START_MESSAGE,
        "The start date can be today or a past day (a diary you already kept).",
        "The start date can be at most a year back.",
    }
    assert service.current_window(person) is None


def test_review_schedule_and_steps(person) -> None:  # type: ignore[no-untyped-def]
    baseline(person, tst=360, tib=420)
    service.start_sleep_window(person, "06:30", START.isoformat(), NO, START)
    with pytest.raises(Conflict) as err:
        service.review_sleep_window(person, START + timedelta(days=6), sleepy=False)
    assert "2024-06-17" in err.value.message
    # the week's nights: the mornings 11..17 June; SE 360/400 = 90% -> +15
    make_nights(person, span(START + timedelta(days=1), 7), tst=360, tib=400)
    result = service.review_sleep_window(person, START + timedelta(days=7), sleepy=False)
    assert result.review.outcome is rules.Outcome.INCREASE
    window = result.window
    assert (window.start, window.window_min, window.change_min) == (date(2024, 6, 17), 375, 15)
    assert window.based_on_nights == 7 and window.mean_efficiency == 90.0
    assert presenters.bedtime(window) == "00:15"
    # the second week has only 4 nights: the window stays, the next week starts anyway
    make_nights(person, span(date(2024, 6, 18), 4), tst=300, tib=400)
    result = service.review_sleep_window(person, date(2024, 6, 25), sleepy=False)
    assert result.review.outcome is rules.Outcome.NOT_ENOUGH_NIGHTS
    assert (result.window.window_min, result.window.start) == (375, date(2024, 6, 24))
    assert "Only 4 of that week's 7 nights" in presenters.describe_change(result.window)
    history = service.window_history(person)
    assert [w.window_min for w in history] == [360, 375, 375]
    data = presenters.window_as_dict(result.window, history, date(2024, 6, 25))
    assert data["change"] == {  # type: ignore[comparison-overlap]
        "outcome": "not_enough_nights",
        "change_min": 0,
        "from_min": 375,
        "to_min": 375,
        "message": presenters.describe_change(result.window),
    }


def test_review_decreases_to_the_floor(person) -> None:  # type: ignore[no-untyped-def]
    baseline(person, tst=300, tib=420)  # 300 -> floor 330
    window = service.start_sleep_window(person, "07:00", START.isoformat(), NO, TODAY)
    assert window.window_min == 330
    make_nights(person, span(START + timedelta(days=1), 5), tst=300, tib=400)  # 75%
    result = service.review_sleep_window(person, TODAY, sleepy=False)
    assert result.review.outcome is rules.Outcome.DECREASE
    assert result.window.window_min == 330 and result.window.change_min == 0
    assert "already at the least" in presenters.describe_change(result.window)


def test_review_without_window_is_not_found(person) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        service.review_sleep_window(person, TODAY, sleepy=False)


def test_restart_replaces_same_start_and_refuses_earlier(person) -> None:  # type: ignore[no-untyped-def]
    baseline(person)
    first = service.start_sleep_window(person, "06:30", START.isoformat(), NO, TODAY)
    again = service.start_sleep_window(person, "07:00", START.isoformat(), NO, TODAY)
    assert again.id == first.id and again.wake_time == "07:00"
    with pytest.raises(ValidationFailed) as err:
        service.start_sleep_window(person, "07:00", (START - timedelta(days=1)).isoformat(), NO, TODAY)
    assert "on or after" in err.value.fields["start"]


def test_restart_on_a_reviewed_windows_start_adds_a_row_and_keeps_history(person) -> None:  # type: ignore[no-untyped-def]
    baseline(person, tst=360, tib=420)
    service.start_sleep_window(person, "06:30", START.isoformat(), NO, START)
    make_nights(person, span(START + timedelta(days=1), 7), tst=360, tib=400)  # 90%: +15
    reviewed = service.review_sleep_window(person, TODAY, sleepy=False).window
    assert (reviewed.start, reviewed.outcome, reviewed.window_min) == (date(2024, 6, 17), "increase", 375)

    def history() -> list[tuple[date, str, int, str]]:
        db.session.expire_all()
        return [(w.start, w.outcome, w.window_min, w.wake_time) for w in service.window_history(person)]

    before = history()
    with pytest.raises(ValidationFailed) as invalid:  # earlier: names the first date that works
        service.start_sleep_window(person, "05:00", "2024-06-16", NO, TODAY)
    assert "Start on or after 2024-06-17" in invalid.value.fields["start"]
    assert history() == before
    # the reviewed window's own start date: a new "start" row after it, the review's row stays
    again = service.start_sleep_window(person, "05:00", "2024-06-17", NO, TODAY)
    assert again.outcome == "start" and again.id != reviewed.id
    new_row = (date(2024, 6, 17), "start", again.window_min, "05:00")
    assert history() == [*before, new_row]
    assert service.current_window(person).id == again.id  # newest by (start, id)
    # that unreviewed first window may still be replaced in place
    same = service.start_sleep_window(person, "05:30", "2024-06-17", NO, TODAY)
    assert same.id == again.id and history()[-1][3] == "05:30" and len(history()) == 3
    # a later start adds a row too
    later = service.start_sleep_window(person, "05:30", "2024-06-18", NO, TODAY)
    assert later.id != again.id and len(history()) == 4 and history()[:2] == before


def test_review_after_a_same_day_restart_reviews_the_restarted_window(person) -> None:  # type: ignore[no-untyped-def]
    baseline(person, tst=360, tib=420)
    service.start_sleep_window(person, "06:30", START.isoformat(), NO, START)
    make_nights(person, span(START + timedelta(days=1), 7), tst=360, tib=400)  # 90%: +15
    review_day = START + timedelta(days=7)
    reviewed = service.review_sleep_window(person, review_day, sleepy=False).window
    restarted = service.start_sleep_window(person, "07:00", review_day.isoformat(), NO, review_day)
    assert restarted.window_min == 360  # from the 7 nights before the review day (SE 90%)
    with pytest.raises(Conflict):  # the restarted window's week is not over yet
        service.review_sleep_window(person, review_day + timedelta(days=6), sleepy=False)
    make_nights(person, span(review_day + timedelta(days=1), 7), tst=300, tib=400)  # 75%: -15
    result = service.review_sleep_window(person, review_day + timedelta(days=7), sleepy=False)
    assert result.window.reviewed_window_id == restarted.id
    assert (result.window.window_min, result.window.wake_time) == (345, "07:00")
    db.session.expire_all()
    rows = [(w.id, w.outcome) for w in service.window_history(person)]
    assert [r[1] for r in rows] == ["start", "increase", "start", "decrease"]
    assert rows[1][0] == reviewed.id


def test_a_week_is_reviewed_once_even_when_two_reviews_race(person, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    baseline(person, tst=360, tib=420)
    first = service.start_sleep_window(person, "06:30", START.isoformat(), NO, START)
    make_nights(person, span(START + timedelta(days=1), 7), tst=360, tib=400)
    service.review_sleep_window(person, TODAY, sleepy=False)
    # a double post: the second request read the window before the first one committed
    monkeypatch.setattr(service, "current_window", lambda user: first)
    with pytest.raises(Conflict) as err:
        service.review_sleep_window(person, TODAY, sleepy=False)
    assert "just reviewed" in err.value.message
    monkeypatch.undo()
    db.session.expire_all()
    assert [w.outcome for w in service.window_history(person)] == ["start", "increase"]


def test_earliest_restart_follows_the_history_rule(person) -> None:  # type: ignore[no-untyped-def]
    assert service.earliest_restart(None) is None
    baseline(person, tst=360, tib=420)
    first = service.start_sleep_window(person, "06:30", START.isoformat(), NO, START)
    assert service.earliest_restart(first) == START  # an unreviewed start: replaced in place
    make_nights(person, span(START + timedelta(days=1), 7), tst=360, tib=400)
    review_day = START + timedelta(days=7)
    reviewed = service.review_sleep_window(person, review_day, sleepy=False).window
    assert reviewed.start == review_day
    # on the review day itself a start again works: it follows the review's row
    assert service.earliest_restart(reviewed) == review_day


def test_nights_outside_the_window_follow_the_window_in_force(person) -> None:  # type: ignore[no-untyped-def]
    first = SleepWindow(start=START, window_min=360, wake_time="06:30", outcome="start", based_on_nights=7)
    second = SleepWindow(
        start=START + timedelta(days=7),
        window_min=345,
        wake_time="06:30",
        outcome="decrease",
        based_on_nights=7,
    )
    make_night(person, START, tst=300, tib=480)  # before the window: not compared
    make_night(person, START + timedelta(days=1), tst=300, tib=360)  # kept to
    make_night(person, START + timedelta(days=7), tst=300, tib=360)  # last night of the first window
    make_night(person, START + timedelta(days=8), tst=300, tib=360)  # 15 min over the new window
    nights = nightly_metrics(person, START, START + timedelta(days=8))
    assert service.nights_outside_window([first, second], nights, START, START + timedelta(days=8)) == (1, 3)


def test_windows_are_per_person(person) -> None:  # type: ignore[no-untyped-def]
    other = make_user(timezone="UTC")
    baseline(other)
    service.start_sleep_window(other, "06:30", START.isoformat(), NO, TODAY)
    assert service.current_window(person) is None
    with pytest.raises(ValidationFailed):  # their diary is not mine
        service.start_sleep_window(person, "06:30", START.isoformat(), NO, TODAY)
