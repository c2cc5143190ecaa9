"""Programme services against the database: habits, ticks, progress, the sleep window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from sleepapp.errors import Conflict, ValidationFailed
from sleepapp.extensions import db
from sleepapp.program import rules, service
from sleepapp.program.models import Habit, HabitTick, SleepWindow
from tests.factories import make_user
from tests.program.helpers import add_night, add_nights, span

TODAY = date(2024, 6, 20)
START = date(2024, 6, 10)
NO = {k: False for k in rules.SCREEN_KEYS}


@pytest.fixture
def person(app):  # type: ignore[no-untyped-def]
    return make_user(timezone="UTC")


# -- habits -----------------------------------------------------------------------------


def test_choose_builtins_adds_archives_and_restores(person) -> None:  # type: ignore[no-untyped-def]
    habits = service.choose_builtin_habits(person, ["no_naps", "bed_when_sleepy"], TODAY)
    assert [h.builtin_key for h in habits] == ["bed_when_sleepy", "no_naps"]  # catalogue order
    habits = service.choose_builtin_habits(person, ["no_naps"], TODAY)
    assert [h.builtin_key for h in habits] == ["no_naps"]
    archived = service.list_habits(person, archived=True)
    assert [h.builtin_key for h in archived] == ["bed_when_sleepy"]
    later = TODAY + timedelta(days=3)
    habits = service.choose_builtin_habits(person, ["no_naps", "bed_when_sleepy"], later)
    assert len(habits) == 2
    back = next(h for h in habits if h.builtin_key == "bed_when_sleepy")
    assert back.chosen_on == later
    # the same built-in never gets a second row
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Habit)) == 2


def test_choosing_the_same_habits_twice_at_once_keeps_one_row_each(person, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A double tap on Save: the other request added the rows after this one looked, so
    # the insert hits the unique constraint; the choice is read again and applied.
    service.choose_builtin_habits(person, ["no_naps"], TODAY)
    real = service._builtin_habits
    calls: list[int] = []

    def stale_then_real(user):  # type: ignore[no-untyped-def]
        calls.append(1)
        return {} if len(calls) == 1 else real(user)

    monkeypatch.setattr(service, "_builtin_habits", stale_then_real)
    habits = service.choose_builtin_habits(person, ["no_naps", "bed_when_sleepy"], TODAY)
    assert len(calls) == 2
    assert [h.builtin_key for h in habits] == ["bed_when_sleepy", "no_naps"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Habit)) == 2


def test_choose_unknown_builtin_is_a_validation_error(person) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as err:
        service.choose_builtin_habits(person, ["no_naps", "sleep_all_day"], TODAY)
    assert "sleep_all_day" in err.value.fields["habits"]


def test_add_custom_habit_and_rules(person) -> None:  # type: ignore[no-untyped-def]
    habit = service.add_custom_habit(person, "  Walk in   morning light ", "", TODAY)
    assert habit.title == "Walk in morning light"
    assert habit.note is None and habit.kind == "own" and habit.guide_slug is None
    with pytest.raises(ValidationFailed) as err:
        service.add_custom_habit(person, "walk in morning LIGHT", None, TODAY)
    assert "already" in err.value.fields["name"]
    with pytest.raises(ValidationFailed) as err:
        service.add_custom_habit(person, "   ", "x" * 301, TODAY)
    assert set(err.value.fields) == {"name", "note"}
    with pytest.raises(ValidationFailed):
        service.add_custom_habit(person, "x" * 81, None, TODAY)


def test_custom_habit_with_a_nul_character_is_refused(person) -> None:  # type: ignore[no-untyped-def]
    # PostgreSQL text cannot hold NUL: a field error, not a database error
    with pytest.raises(ValidationFailed) as err:
        service.add_custom_habit(person, "Walk\x00", "note\x00", TODAY)
    assert err.value.fields == {
        "name": "The habit contains a character that cannot be stored.",
        "note": "The note contains a character that cannot be stored.",
    }
    assert service.list_habits(person) == []


def test_archive_and_restore_own_habit(person) -> None:  # type: ignore[no-untyped-def]
    habit = service.add_custom_habit(person, "Read a paper book", "in the living room", TODAY)
    service.set_tick(person, habit.id, TODAY, True, TODAY)
    service.archive_habit(person, habit.id)
    assert service.list_habits(person) == []
    with pytest.raises(ValidationFailed):
        service.set_tick(person, habit.id, TODAY, True, TODAY)
    service.restore_habit(person, habit.id, TODAY)
    assert service.ticks_by_habit(person, TODAY, TODAY) == {habit.id: {TODAY}}  # ticks kept


def test_another_persons_habit_is_not_found(person) -> None:  # type: ignore[no-untyped-def]
    other = make_user(timezone="UTC")
    theirs = service.add_custom_habit(other, "Their habit", None, TODAY)
    for call in (
        lambda: service.set_tick(person, theirs.id, TODAY, True, TODAY),
        lambda: service.archive_habit(person, theirs.id),
        lambda: service.restore_habit(person, theirs.id, TODAY),
    ):
        with pytest.raises(NotFound):
            call()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HabitTick)) == 0


@pytest.mark.parametrize("habit_id", [0, -1, 2**31, 2**63, 99999999999999999999])
def test_ids_outside_the_id_range_are_not_found(person, habit_id: int) -> None:  # type: ignore[no-untyped-def]
    service.add_custom_habit(person, "Mine", None, TODAY)
    for call in (
        lambda: service.get_habit(person, habit_id),
        lambda: service.set_tick(person, habit_id, TODAY, True, TODAY),
        lambda: service.archive_habit(person, habit_id),
        lambda: service.restore_habit(person, habit_id, TODAY),
    ):
        with pytest.raises(NotFound):
            call()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("2147483647", 2**31 - 1),
        ("0", None),
        ("2147483648", None),
        ("99999999999999999999", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1_0", None),
        ("١", None),
        ("１", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_habit_id(text: object, expected: int | None) -> None:
    assert service.parse_habit_id(text) == expected


def test_ticks_are_idempotent_and_bounded(person) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(person, ["no_naps"], TODAY)
    service.set_tick(person, habit.id, TODAY, True, TODAY)
    service.set_tick(person, habit.id, TODAY, True, TODAY)  # a double tap
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HabitTick)) == 1
    service.set_tick(person, habit.id, TODAY, False, TODAY)
    service.set_tick(person, habit.id, TODAY, False, TODAY)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HabitTick)) == 0
    service.set_tick(person, habit.id, TODAY - timedelta(days=30), True, TODAY)  # any past day
    with pytest.raises(ValidationFailed) as err:
        service.set_tick(person, habit.id, TODAY + timedelta(days=1), True, TODAY)
    assert "today or a past day" in err.value.fields["day"]
    with pytest.raises(ValidationFailed):
        service.set_tick(person, habit.id, TODAY - timedelta(days=91), True, TODAY)


def test_progress_counts_adherence_streaks_and_se(person) -> None:  # type: ignore[no-untyped-def]
    chosen = TODAY - timedelta(days=40)
    a, b = service.choose_builtin_habits(person, ["bed_when_sleepy", "no_naps"], chosen)
    for offset in range(5):  # a: the last 5 days
        service.set_tick(person, a.id, TODAY - timedelta(days=offset), True, TODAY)
    service.set_tick(person, b.id, TODAY - timedelta(days=1), True, TODAY)
    add_nights(person, span(TODAY - timedelta(days=6), 7), tst=360, tib=400)  # SE 90%
    progress = service.habit_progress(person, TODAY)
    row_a, row_b = progress.habits
    assert (row_a.last7.done, row_a.last7.possible, row_a.last7.percent) == (5, 7, 71)
    assert row_a.last28.possible == 28 and row_a.streak == 5 and row_a.done_on_day
    assert row_b.streak == 1 and not row_b.done_on_day
    assert progress.last7.done == 6 and progress.last7.possible == 14
    assert progress.efficiency7 == 90.0 and progress.nights7 == 7
    assert len(progress.days) == 28 and progress.days[-1] == TODAY
    assert progress.efficiency[-1] == 90.0 and progress.efficiency[0] is None
    assert row_a.strip[-5:] == [True] * 5 and row_a.strip[-6] is False


def test_progress_for_a_past_day(person) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(person, ["no_naps"], TODAY)
    yesterday = TODAY - timedelta(days=1)
    service.set_tick(person, habit.id, yesterday, True, TODAY)
    progress = service.habit_progress(person, TODAY, yesterday)
    assert progress.habits[0].done_on_day
    # a back-filled day counts from then on
    assert progress.habits[0].last7.possible == 2


# -- sleep window -------------------------------------------------------------------------


def baseline(person, start: date = START, count: int = 7, tst: int = 345, tib: int = 420) -> None:  # type: ignore[no-untyped-def]
    add_nights(person, span(start - timedelta(days=6), count), tst=tst, tib=tib)


def test_start_window_from_baseline(person) -> None:  # type: ignore[no-untyped-def]
    baseline(person, count=5, tst=352, tib=420)  # mean 352 -> 345
    window = service.start_sleep_window(person, "06:30", START.isoformat(), NO, TODAY)
    assert (window.window_min, window.wake_time, window.start) == (345, "06:30", START)
    assert service.bedtime(window) == "00:45"
    assert window.based_on_nights == 5 and window.mean_total_sleep_min == 352.0
    assert window.mean_efficiency == 83.8
    assert window.outcome == "start"
    data = service.window_as_dict(person, window, TODAY)
    assert data["next_review"] == "2024-06-17" and data["review_due"] is True
    assert data["bedtime"] == "00:45" and len(data["history"]) == 1  # type: ignore[arg-type]


def test_start_window_needs_five_nights(person) -> None:  # type: ignore[no-untyped-def]
    baseline(person, count=4)
    add_night(person, START + timedelta(days=1))  # after the start: does not count
    with pytest.raises(ValidationFailed) as err:
        service.start_sleep_window(person, "06:30", START.isoformat(), NO, TODAY)
    assert "1 more night is missing" in err.value.fields["start"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SleepWindow)) == 0


@pytest.mark.parametrize("key", rules.SCREEN_KEYS)
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
        ("0٦:30", START.isoformat(), "wake_time"),
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
    add_nights(person, span(START + timedelta(days=1), 7), tst=360, tib=400)
    result = service.review_sleep_window(person, START + timedelta(days=7), sleepy=False)
    assert result.review.outcome is rules.Outcome.INCREASE
    window = result.window
    assert (window.start, window.window_min, window.change_min) == (date(2024, 6, 17), 375, 15)
    assert window.based_on_nights == 7 and window.mean_efficiency == 90.0
    assert service.bedtime(window) == "00:15"
    # the second week has only 4 nights: the window stays, the next week starts anyway
    add_nights(person, span(date(2024, 6, 18), 4), tst=300, tib=400)
    result = service.review_sleep_window(person, date(2024, 6, 25), sleepy=False)
    assert result.review.outcome is rules.Outcome.NOT_ENOUGH_NIGHTS
    assert (result.window.window_min, result.window.start) == (375, date(2024, 6, 24))
    assert "Only 4 of that week's 7 nights" in service.describe_change(result.window)
    history = service.window_history(person)
    assert [w.window_min for w in history] == [360, 375, 375]
    data = service.window_as_dict(person, result.window, date(2024, 6, 25))
    assert data["change"] == {  # type: ignore[comparison-overlap]
        "outcome": "not_enough_nights",
        "change_min": 0,
        "from_min": 375,
        "to_min": 375,
        "message": service.describe_change(result.window),
    }


def test_review_decreases_to_the_floor(person) -> None:  # type: ignore[no-untyped-def]
    baseline(person, tst=300, tib=420)  # 300 -> floor 330
    window = service.start_sleep_window(person, "07:00", START.isoformat(), NO, TODAY)
    assert window.window_min == 330
    add_nights(person, span(START + timedelta(days=1), 5), tst=300, tib=400)  # 75%
    result = service.review_sleep_window(person, TODAY, sleepy=False)
    assert result.review.outcome is rules.Outcome.DECREASE
    assert result.window.window_min == 330 and result.window.change_min == 0
    assert "already at the least" in service.describe_change(result.window)


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
    add_nights(person, span(START + timedelta(days=1), 7), tst=360, tib=400)  # 90%: +15
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
    add_nights(person, span(START + timedelta(days=1), 7), tst=360, tib=400)  # 90%: +15
    review_day = START + timedelta(days=7)
    reviewed = service.review_sleep_window(person, review_day, sleepy=False).window
    restarted = service.start_sleep_window(person, "07:00", review_day.isoformat(), NO, review_day)
    assert restarted.window_min == 360  # from the 7 nights before the review day (SE 90%)
    with pytest.raises(Conflict):  # the restarted window's week is not over yet
        service.review_sleep_window(person, review_day + timedelta(days=6), sleepy=False)
    add_nights(person, span(review_day + timedelta(days=1), 7), tst=300, tib=400)  # 75%: -15
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
    add_nights(person, span(START + timedelta(days=1), 7), tst=360, tib=400)
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
    add_nights(person, span(START + timedelta(days=1), 7), tst=360, tib=400)
    review_day = START + timedelta(days=7)
    reviewed = service.review_sleep_window(person, review_day, sleepy=False).window
    assert reviewed.start == review_day
    # on the review day itself a start again works: it follows the review's row
    assert service.earliest_restart(reviewed) == review_day


@pytest.mark.parametrize(
    ("outcome", "window_min", "change_min", "se", "nights", "expected"),
    [
        (
            "start",
            345,
            0,
            83.0,
            7,
            "That is a window of 5 h 45 min, based on 7 diary nights"
            " (average sleep 7 h 02 min, sleep efficiency 83.0%).",
        ),
        (
            "decrease",
            345,
            -15,
            82.4,
            7,
            "Last week's sleep efficiency was 82.4% (under 85%), so the window went from 6 h to 5 h 45 min.",
        ),
        (
            "increase",
            375,
            15,
            91.0,
            6,
            "Last week's sleep efficiency was 91.0% (90% or more)"
            ", so the window went from 6 h to 6 h 15 min.",
        ),
        (
            "unchanged",
            360,
            0,
            87.5,
            5,
            "Last week's sleep efficiency was 87.5% (between 85% and 90%), so the window stays at 6 h.",
        ),
        (
            "decrease",
            330,
            0,
            70.0,
            7,
            "Last week's sleep efficiency was 70.0% (under 85%)"
            ", so the window would shrink, but 5 h 30 min is the least this programme sets.",
        ),
        (
            "increase",
            540,
            0,
            95.0,
            7,
            "Last week's sleep efficiency was 95.0% (90% or more)"
            ", so the window would grow, but 9 h is the most this programme sets.",
        ),
        (
            "not_enough_nights",
            360,
            0,
            None,
            3,
            "Only 3 of last week's 7 nights were logged (5 are needed for a review)"
            ", so the window stayed at 6 h.",
        ),
    ],
)
def test_explain_window_uses_the_review_that_set_it(
    outcome, window_min, change_min, se, nights, expected
) -> None:  # type: ignore[no-untyped-def]
    """QA: a window from -15 min reviews was explained from the first week's diary nights."""
    window = SleepWindow(
        start=START,
        window_min=window_min,
        wake_time="06:30",
        outcome=outcome,
        change_min=change_min,
        based_on_nights=nights,
        mean_total_sleep_min=422.0,
        mean_efficiency=se,
    )
    assert service.explain_window(window) == expected


def test_nights_outside_the_window_follow_the_window_in_force(person) -> None:  # type: ignore[no-untyped-def]
    first = SleepWindow(start=START, window_min=360, wake_time="06:30", outcome="start", based_on_nights=7)
    second = SleepWindow(
        start=START + timedelta(days=7),
        window_min=345,
        wake_time="06:30",
        outcome="decrease",
        based_on_nights=7,
    )
    add_night(person, START, tst=300, tib=480)  # before the window: not compared
    add_night(person, START + timedelta(days=1), tst=300, tib=360)  # kept to
    add_night(person, START + timedelta(days=7), tst=300, tib=360)  # last night of the first window
    add_night(person, START + timedelta(days=8), tst=300, tib=360)  # 15 min over the new window
    nights = service.nightly_metrics(person, START, START + timedelta(days=8))
    assert service.nights_outside_window([first, second], nights, START, START + timedelta(days=8)) == (1, 3)


def test_windows_are_per_person(person) -> None:  # type: ignore[no-untyped-def]
    other = make_user(timezone="UTC")
    baseline(other)
    service.start_sleep_window(other, "06:30", START.isoformat(), NO, TODAY)
    assert service.current_window(person) is None
    with pytest.raises(ValidationFailed):  # their diary is not mine
        service.start_sleep_window(person, "06:30", START.isoformat(), NO, TODAY)
