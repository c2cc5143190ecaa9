"""Programme pages: plain form posts (no JavaScript), field errors, refusal, isolation."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from sleepapp.extensions import db
from sleepapp.program import rules, service
from sleepapp.program.forms import screen_field_names
from sleepapp.program.models import Habit, HabitTick, SleepWindow
from tests.factories import make_user
from tests.program.helpers import add_nights, span

# Every question part on the page (the apnoea key is asked as two questions).
SCREEN_NO = {name: "no" for q in rules.SCREEN_QUESTIONS for name in screen_field_names(q)}


@pytest.fixture
def me(user):  # type: ignore[no-untyped-def]
    user.timezone = "UTC"  # whole-hour nights, no DST in the test data
    db.session.commit()
    return user


def text(resp) -> str:  # type: ignore[no-untyped-def]
    return resp.get_data(as_text=True)


def test_pages_need_login(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/program", "/program/habits", "/program/window", "/program/window/start"):
        resp = client.get(path)
        assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_empty_programme_page_invites_choosing(client, me) -> None:  # type: ignore[no-untyped-def]
    page = text(client.get("/program"))
    assert "Choose your habits" in page
    assert "Start a sleep window" in page


def test_choose_habits_then_tick_with_plain_posts(client, me) -> None:  # type: ignore[no-untyped-def]
    page = text(client.get("/program/habits"))
    # the five stimulus-control rules are suggested
    for key in rules.SUGGESTED_KEYS:
        assert f'value="{key}" id="choose-{key}"\n      aria-describedby="why-{key}" checked' in page
    resp = client.post("/program/habits", data={"habits": ["no_naps", "no_caffeine_after_lunch"]})
    assert resp.status_code == 302
    habits = service.list_habits(me)
    assert [h.builtin_key for h in habits] == ["no_naps", "no_caffeine_after_lunch"]
    page = text(client.get("/program"))
    assert "No napping" in page and "/guide/naps" in page
    assert 'aria-pressed="false"' in page

    today = service.local_today(me)
    nap = habits[0]
    resp = client.post("/program/tick", data={"habit_id": nap.id, "day": today.isoformat(), "done": "1"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/program#habit-{nap.id}")
    page = text(client.get("/program"))
    assert 'aria-pressed="true"' in page
    assert "habits done, last 7 days" in page and "<svg" in page
    # the same form posted again (a double tap) keeps one tick
    client.post("/program/tick", data={"habit_id": nap.id, "day": today.isoformat(), "done": "1"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HabitTick)) == 1
    # untick
    client.post("/program/tick", data={"habit_id": nap.id, "day": today.isoformat(), "done": "0"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HabitTick)) == 0


def test_suggested_habits_say_they_are_not_saved(client, me) -> None:  # type: ignore[no-untyped-def]
    """QA: pre-ticked suggestions looked saved while /program said none were chosen."""
    page = text(client.get("/program/habits"))
    assert "Nothing is saved yet." in page and "suggested" in page
    assert "You have not chosen any habits yet" in text(client.get("/program"))
    client.post("/program/habits", data={"habits": ["no_naps"]})
    page = text(client.get("/program/habits"))
    assert "Nothing is saved yet." not in page
    assert 'value="no_naps" id="choose-no_naps"\n      aria-describedby="why-no_naps" checked' in page
    assert 'id="choose-bed_when_sleepy"\n      aria-describedby="why-bed_when_sleepy" checked' not in page


def test_adding_an_own_habit_keeps_unsaved_choices(client, me) -> None:  # type: ignore[no-untyped-def]
    """QA: the separate Add habit form dropped ticks that were not saved yet."""
    page = text(client.get("/program/habits"))
    assert page.count('<form method="post" action="/program/habits"') == 1
    assert 'name="action" value="add"' in page and "/program/habits/own" not in page
    data = {"habits": ["no_naps", "dark_quiet_cool"], "name": "Morning walk", "note": "", "action": "add"}
    resp = client.post("/program/habits", data=data)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/program/habits#own-title")
    titles = [h.title for h in service.list_habits(me)]
    assert titles == ["No napping", "Dark, quiet, cool bedroom", "Morning walk"]
    assert "Your habits are saved. Added “<bdi>Morning walk</bdi>”." in text(client.get("/program/habits"))


def test_a_bad_own_habit_saves_nothing_and_keeps_the_ticks(client, me) -> None:  # type: ignore[no-untyped-def]
    service.add_custom_habit(me, "Morning walk", None, service.local_today(me))
    data = {"habits": ["no_naps", "dark_quiet_cool"], "name": "morning WALK", "action": "add"}
    resp = client.post("/program/habits", data=data)
    page = text(resp)
    assert resp.status_code == 422 and "You already follow" in page
    assert 'id="choose-dark_quiet_cool"\n      aria-describedby="why-dark_quiet_cool" checked' in page
    assert 'value="morning WALK"' in page
    assert [h.title for h in service.list_habits(me)] == ["Morning walk"]
    # a name that only repeats a built-in chosen in the same post is refused too
    resp = client.post("/program/habits", data={"habits": ["no_naps"], "name": "No napping"})
    assert resp.status_code == 422 and [h.title for h in service.list_habits(me)] == ["Morning walk"]


def test_new_habit_percentages_name_the_days_counted(client, me) -> None:  # type: ignore[no-untyped-def]
    today = service.local_today(me)
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], today - timedelta(days=1))
    service.set_tick(me, habit.id, today, True, today)
    page = text(client.get("/program"))
    assert (
        "1 of 2 days" in page and "1 of 2 possible ticks, counted from the day each habit was chosen" in page
    )
    assert "50%" in page


def test_tick_a_past_day(client, me) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], service.local_today(me))
    past = service.local_today(me) - timedelta(days=3)
    resp = client.post("/program/tick", data={"habit_id": habit.id, "day": past.isoformat(), "done": "1"})
    assert f"day={past.isoformat()}" in resp.headers["Location"]
    page = text(client.get(f"/program?day={past.isoformat()}"))
    assert 'aria-pressed="true"' in page
    assert text(client.get("/program")).count('aria-pressed="true"') == 0


def test_progress_has_a_hidden_reload_note_for_script_ticks(client, me) -> None:  # type: ignore[no-untyped-def]
    service.choose_builtin_habits(me, ["no_naps"], service.local_today(me))
    page = text(client.get("/program"))
    assert 'id="progress-stale" role="status" hidden>' in page  # program.js unhides it after a tick
    assert "updated when you reload" in page


def test_tick_by_script_answers_204(client, me) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], service.local_today(me))
    data = {"habit_id": habit.id, "day": service.local_today(me).isoformat(), "done": "1"}
    resp = client.post("/program/tick", data=data, headers={"X-Requested-With": "fetch"})
    assert resp.status_code == 204
    future = {**data, "day": (service.local_today(me) + timedelta(days=1)).isoformat()}
    resp = client.post("/program/tick", data=future, headers={"X-Requested-With": "fetch"})
    assert resp.status_code == 422


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"habit_id": "x", "day": "2024-01-01", "done": "1"}, 400),
        ({"habit_id": "1", "day": "yesterday", "done": "1"}, 400),
        ({"habit_id": "99999999999999999999", "day": "2024-01-01", "done": "1"}, 400),
        ({"habit_id": str(2**31), "day": "2024-01-01", "done": "1"}, 400),
        ({"habit_id": "0", "day": "2024-01-01", "done": "1"}, 400),
        ({"habit_id": "-1", "day": "2024-01-01", "done": "1"}, 400),
        ({"habit_id": "١", "day": "2024-01-01", "done": "1"}, 400),
        ({"habit_id": "HABIT", "day": "２０２４-01-01", "done": "1"}, 400),
        ({"habit_id": "HABIT", "day": "2024-W01-1", "done": "1"}, 400),
        ({"habit_id": "HABIT", "day": "0000-01-01", "done": "1"}, 400),
    ],
)
def test_bad_ticks_are_4xx(client, me, data, status) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], service.local_today(me))
    if data["habit_id"] == "HABIT":  # a real habit with a bad day
        data = {**data, "habit_id": str(habit.id)}
    assert client.post("/program/tick", data=data).status_code == status
    assert (
        client.post("/program/tick", data=data, headers={"X-Requested-With": "fetch"}).status_code == status
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HabitTick)) == 0


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_ticks_on_far_away_years_are_refused_with_a_message(client, me, day) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], service.local_today(me))
    data = {"habit_id": habit.id, "day": day, "done": "1"}
    resp = client.post("/program/tick", data=data, headers={"X-Requested-With": "fetch"})
    assert resp.status_code == 422 and "tick" in text(resp)
    resp = client.post("/program/tick", data=data, follow_redirects=True)
    assert resp.status_code == 200 and "You can" in text(resp)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HabitTick)) == 0


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("0001-01-01", 404),
        ("9999-12-31", 404),
        ("0000-01-01", 400),
        ("２０２４-01-01", 400),
        ("20240101", 400),
    ],
)
def test_checklist_day_argument_is_4xx(client, me, day, status) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/program", query_string={"day": day}).status_code == status


@pytest.mark.parametrize("habit_id", ["99999999999999999999", str(2**31), str(2**63)])
def test_archive_or_restore_a_huge_id_is_404(client, me, habit_id) -> None:  # type: ignore[no-untyped-def]
    service.choose_builtin_habits(me, ["no_naps"], service.local_today(me))
    assert client.post(f"/program/habits/{habit_id}/archive").status_code == 404
    assert client.post(f"/program/habits/{habit_id}/restore").status_code == 404
    assert len(service.list_habits(me)) == 1


def test_own_habit_with_a_nul_character_is_a_field_error(client, me) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/program/habits/own", data={"name": "Walk\x00", "note": ""})
    assert resp.status_code == 200
    assert "The habit contains a character that cannot be stored." in text(resp)
    assert service.list_habits(me) == []


def test_future_tick_is_refused_with_a_message(client, me) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], service.local_today(me))
    tomorrow = service.local_today(me) + timedelta(days=1)
    resp = client.post(
        "/program/tick",
        data={"habit_id": habit.id, "day": tomorrow.isoformat(), "done": "1"},
        follow_redirects=True,
    )
    assert "today or a past day" in text(resp)
    assert client.get(f"/program?day={tomorrow.isoformat()}").status_code == 404
    assert client.get("/program?day=nonsense").status_code == 400


def test_tick_without_csrf_is_refused(client, me) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], service.local_today(me))
    data = {"habit_id": habit.id, "day": service.local_today(me).isoformat(), "done": "1"}
    assert client.post("/program/tick", data=data, csrf=False).status_code == 400


def test_cannot_tick_or_archive_someone_elses_habit(client, me) -> None:  # type: ignore[no-untyped-def]
    other = make_user(timezone="UTC")
    theirs = service.add_custom_habit(other, "Theirs", None, service.local_today(other))
    day = service.local_today(me).isoformat()
    assert (
        client.post("/program/tick", data={"habit_id": theirs.id, "day": day, "done": "1"}).status_code == 404
    )
    assert client.post(f"/program/habits/{theirs.id}/archive").status_code == 404
    assert client.post(f"/program/habits/{theirs.id}/restore").status_code == 404
    assert db.session.get(Habit, theirs.id).archived_at is None


def test_add_archive_restore_own_habit(client, me) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/program/habits/own", data={"name": "Morning walk", "note": "10 minutes outside"})
    assert resp.status_code == 302
    (habit,) = service.list_habits(me)
    assert text(client.get("/program")).count("Morning walk") >= 1
    resp = client.post("/program/habits/own", data={"name": "morning WALK", "note": ""})
    assert resp.status_code == 200 and "You already follow" in text(resp)
    resp = client.post("/program/habits/own", data={"name": "", "note": ""})
    assert "Give the habit a name." in text(resp)
    client.post(f"/program/habits/{habit.id}/archive")
    page = text(client.get("/program/habits"))
    assert "Archived" in page and "Restore" in page
    client.post(f"/program/habits/{habit.id}/restore")
    assert service.list_habits(me)[0].id == habit.id


def test_start_window_two_steps(client, me) -> None:  # type: ignore[no-untyped-def]
    today = service.local_today(me)
    add_nights(me, span(today - timedelta(days=6), 6), tst=352, tib=420)
    page = text(client.get("/program/window/start"))
    assert "Step 1 of 2" in page and "never drive" in page.lower()
    # step 1 with a question left out: field error, nothing set
    partial = {k: v for k, v in SCREEN_NO.items() if k != "pregnancy"}
    resp = client.post("/program/window/start", data={"step": "screen", **partial})
    assert resp.status_code == 422 and "Answer yes, no or not sure." in text(resp)
    # step 1 cleared: step 2 asks for the wake time and start date
    page = text(client.post("/program/window/start", data={"step": "screen", **SCREEN_NO}))
    assert "Step 2 of 2" in page and f'value="{today.isoformat()}"' in page
    # a bad wake time is a field error on step 2
    resp = client.post(
        "/program/window/start",
        data={"step": "window", **SCREEN_NO, "wake_time": "half six", "start": today.isoformat()},
    )
    assert resp.status_code == 422 and "HH:MM" in text(resp)
    resp = client.post(
        "/program/window/start",
        data={"step": "window", **SCREEN_NO, "wake_time": "06:30", "start": today.isoformat()},
    )
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/program/window")
    page = text(client.get("/program/window"))
    assert (
        "In bed no earlier than <strong>00:45</strong>, up at\n    <strong>06:30</strong> every day." in page
    )
    assert "Daytime sleepiness is expected at first" in page
    assert "history-chart" in page
    assert "In bed no earlier than <strong>00:45</strong>" in text(client.get("/program"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"wake_time": "²²:00"}, service.WAKE_TIME_MESSAGE),
        ({"wake_time": "0٦:30"}, service.WAKE_TIME_MESSAGE),
        ({"wake_time": "99999999999999999999:00"}, service.WAKE_TIME_MESSAGE),
        ({"start": "２０２４-01-01"}, service.START_MESSAGE),
        ({"start": "0000-01-01"}, service.START_MESSAGE),
        ({"start": "0001-01-01"}, "at most a year back"),
        ({"start": "0001-01-07"}, "at most a year back"),
        ({"start": "9999-12-31"}, "today or a past day"),
    ],
)
def test_bad_wake_time_or_start_is_a_field_error(client, me, change, message) -> None:  # type: ignore[no-untyped-def]
    today = service.local_today(me)
    add_nights(me, span(today - timedelta(days=6), 7))
    data = {"step": "window", **SCREEN_NO, "wake_time": "06:30", "start": today.isoformat(), **change}
    resp = client.post("/program/window/start", data=data)
    assert resp.status_code == 422
    assert message in text(resp) and "invalid literal" not in text(resp)
    assert service.current_window(me) is None


def test_restart_on_a_reviewed_windows_start_adds_a_window(client, me) -> None:  # type: ignore[no-untyped-def]
    today = service.local_today(me)
    start = today - timedelta(days=8)
    add_nights(me, span(today - timedelta(days=16), 16), tst=465, tib=500)  # 93%
    service.start_sleep_window(me, "06:30", start.isoformat(), {k: False for k in rules.SCREEN_KEYS}, today)
    reviewed = service.review_sleep_window(me, today, sleepy=False).window
    assert (reviewed.outcome, reviewed.window_min) == ("increase", 480)
    page = text(client.post("/program/window/start", data=SCREEN_NO))
    assert "stays in it, even if you start again on\n    that date" in page
    assert f'min="{reviewed.start.isoformat()}"' in page
    data = {"step": "window", **SCREEN_NO, "wake_time": "05:00", "start": reviewed.start.isoformat()}
    resp = client.post("/program/window/start", data=data)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/program/window")
    db.session.expire_all()
    rows = [(w.start, w.outcome, w.window_min, w.wake_time) for w in service.window_history(me)]
    assert rows == [
        (start, "start", 465, "06:30"),
        (reviewed.start, "increase", 480, "06:30"),
        (reviewed.start, "start", 465, "05:00"),
    ]
    page = text(client.get("/program/window"))
    assert "up at\n    <strong>05:00</strong>" in page and page.count("history-head") == 3


def test_start_again_works_on_the_review_day(client, me) -> None:  # type: ignore[no-untyped-def]
    """QA: on the day a review's window began, starting again had to wait until tomorrow."""
    today = service.local_today(me)
    add_nights(me, span(today - timedelta(days=14), 14), tst=400, tib=450)  # 88.9%
    no = {k: False for k in rules.SCREEN_KEYS}
    service.start_sleep_window(me, "06:30", (today - timedelta(days=7)).isoformat(), no, today)
    reviewed = service.review_sleep_window(me, today, sleepy=False).window
    assert reviewed.start == today
    page = text(client.get("/program/window"))
    assert "Start again with a new wake time" in page and "possible from" not in page
    page = text(client.get("/program/window/start"))
    assert "Step 1 of 2" in page and "from tomorrow" not in page
    page = text(client.post("/program/window/start", data=SCREEN_NO))
    assert "Step 2 of 2" in page and f'value="{today.isoformat()}"' in page
    assert 'value="06:30"' in page  # the current wake time, to keep or change
    data = {"step": "window", **SCREEN_NO, "wake_time": "07:15", "start": today.isoformat()}
    assert client.post("/program/window/start", data=data).status_code == 302
    db.session.expire_all()
    history = [(w.start, w.outcome, w.wake_time) for w in service.window_history(me)]
    assert history == [
        (today - timedelta(days=7), "start", "06:30"),
        (today, "unchanged", "06:30"),
        (today, "start", "07:15"),
    ]
    assert service.current_window(me).wake_time == "07:15"


def test_start_again_prefills_a_date_that_succeeds(client, me) -> None:  # type: ignore[no-untyped-def]
    today = service.local_today(me)
    add_nights(me, span(today - timedelta(days=15), 15), tst=400, tib=450)
    no = {k: False for k in rules.SCREEN_KEYS}
    service.start_sleep_window(me, "06:30", (today - timedelta(days=8)).isoformat(), no, today)
    reviewed = service.review_sleep_window(me, today, sleepy=False).window
    assert reviewed.start == today - timedelta(days=1)
    assert "Start again with a new wake time" in text(client.get("/program/window"))
    page = text(client.post("/program/window/start", data=SCREEN_NO))
    assert f'value="{today.isoformat()}"' in page and f'min="{reviewed.start.isoformat()}"' in page
    resp = client.post(
        "/program/window/start",
        data={"step": "window", **SCREEN_NO, "wake_time": "07:00", "start": today.isoformat()},
    )
    assert resp.status_code == 302
    db.session.expire_all()
    history = [(w.start, w.outcome) for w in service.window_history(me)]
    assert history == [
        (today - timedelta(days=8), "start"),
        (today - timedelta(days=1), "unchanged"),
        (today, "start"),
    ]


def test_reviewed_window_is_explained_from_its_review(client, me) -> None:  # type: ignore[no-untyped-def]
    today = service.local_today(me)
    add_nights(me, span(today - timedelta(days=15), 8), tst=360, tib=420)
    add_nights(me, span(today - timedelta(days=7), 8), tst=360, tib=450)  # 80%, 7 h 30 in bed
    no = {k: False for k in rules.SCREEN_KEYS}
    service.start_sleep_window(me, "06:30", (today - timedelta(days=8)).isoformat(), no, today)
    reviewed = service.review_sleep_window(me, today, sleepy=False).window
    assert (reviewed.outcome, reviewed.window_min) == ("decrease", 345)
    page = text(client.get("/program/window")).replace("&#39;", "'")
    assert (
        "Last week's sleep efficiency was 80.0% (under 85%), so the window went from 6 h to 5 h 45 min."
        in page
    )
    assert "based on" not in page
    assert "you were in bed for longer than" in page and "kept to" in page


def test_start_page_counts_diary_nights_before_the_questions(client, me) -> None:  # type: ignore[no-untyped-def]
    """QA: seven safety questions came before learning the diary was too short."""
    today = service.local_today(me)
    add_nights(me, span(today - timedelta(days=6), 3))
    add_nights(me, [today - timedelta(days=9)])  # outside the 7 nights: not counted
    page = text(client.get("/program/window/start"))
    assert "You have <strong>3 of the 5 diary nights needed</strong>" in page
    assert "log 2 more first" in page
    assert page.index("log 2 more first") < page.index(
        "Step 1 of 2"
    )  # the screen still comes first in the form
    add_nights(me, span(today - timedelta(days=3), 4))
    page = text(client.get("/program/window/start"))
    assert "7 of the\n      last 7 nights</strong> in your diary: enough to start today" in page


def test_too_few_nights_says_what_is_missing(client, me) -> None:  # type: ignore[no-untyped-def]
    today = service.local_today(me)
    add_nights(me, span(today - timedelta(days=6), 3))
    resp = client.post(
        "/program/window/start",
        data={"step": "window", **SCREEN_NO, "wake_time": "06:30", "start": today.isoformat()},
    )
    assert resp.status_code == 422
    assert "you have 3, 2 more nights are missing" in text(resp)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SleepWindow)) == 0


@pytest.mark.parametrize("answer", ["yes", "unsure"])
@pytest.mark.parametrize("name", list(SCREEN_NO))
def test_screen_yes_or_unsure_refuses_with_the_screen_panel(client, me, name, answer) -> None:  # type: ignore[no-untyped-def]
    today = service.local_today(me)
    add_nights(me, span(today - timedelta(days=6), 7))
    question = next(q for q in rules.SCREEN_QUESTIONS if name in screen_field_names(q))
    # even a forged step-2 post with a yes (or a not sure) is refused
    resp = client.post(
        "/program/window/start",
        data={"step": "window", **SCREEN_NO, name: answer, "wake_time": "06:30", "start": today.isoformat()},
    )
    page = text(resp)
    assert resp.status_code == 200
    assert "not safe to start on your own" in page
    assert question.why in page
    # A panel about the screen that links the doctor report, not the medicine panel.
    assert 'class="screen-referral' in page and 'href="/report"' in page
    assert 'class="doctor-referral"' not in page
    assert ('class="crisis-lines"' in page) is (question.key == "low_mood_or_self_harm")
    assert service.current_window(me) is None


def test_screen_offers_not_sure_and_asks_about_apnoea_one_thing_at_a_time(client, me) -> None:  # type: ignore[no-untyped-def]
    page = text(client.get("/program/window/start"))
    assert page.count('value="unsure"') == len(SCREEN_NO)
    assert "Have you been told you have sleep apnoea that is not being treated?" in page
    assert "snore loudly and stop breathing" in page
    for key in ("daytime_sleepiness", "low_mood_or_self_harm", "under_18", "rotating_or_night_shifts"):
        assert f'name="{key}"' in page


def test_review_from_the_page(client, me) -> None:  # type: ignore[no-untyped-def]
    today = service.local_today(me)
    start = today - timedelta(days=7)
    add_nights(me, span(start - timedelta(days=6), 7), tst=360, tib=420)
    service.start_sleep_window(me, "06:30", start.isoformat(), {k: False for k in rules.SCREEN_KEYS}, today)
    add_nights(me, span(start + timedelta(days=1), 7), tst=370, tib=400)  # 92.5%
    page = text(client.get("/program/window"))
    assert "Review this week" in page and "7 of its 7 nights" in page
    assert "felt very sleepy in the day" in page
    unanswered = text(client.post("/program/window/review", follow_redirects=True))
    assert "Answer the question about daytime sleepiness first" in unanswered
    assert service.current_window(me).start == start  # nothing reviewed yet
    resp = client.post("/program/window/review", data={"sleepy": "no"}, follow_redirects=True)
    page = text(resp)
    assert "90% or more: 15 minutes more" in page
    assert "<strong>00:15</strong>" in page
    # not due again yet
    page = text(client.post("/program/window/review", data={"sleepy": "no"}, follow_redirects=True))
    assert "The next review is due on" in page


@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_a_sleepy_review_never_narrows_the_window(client, me, answer) -> None:  # type: ignore[no-untyped-def]
    today = service.local_today(me)
    start = today - timedelta(days=7)
    add_nights(me, span(start - timedelta(days=6), 7), tst=360, tib=420)
    service.start_sleep_window(me, "06:30", start.isoformat(), {k: False for k in rules.SCREEN_KEYS}, today)
    add_nights(me, span(start + timedelta(days=1), 7), tst=300, tib=420)  # 71%: would shrink
    page = text(client.post("/program/window/review", data={"sleepy": answer}, follow_redirects=True))
    window = service.current_window(me)
    assert window.window_min == 360 and window.outcome == "held_for_sleepiness"
    assert "talk to your doctor" in page


def test_window_page_redirects_to_start_without_window(client, me) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/program/window")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/program/window/start")


def test_pages_have_no_inline_styles_or_scripts(client, me) -> None:  # type: ignore[no-untyped-def]
    service.choose_builtin_habits(me, list(rules.SUGGESTED_KEYS), service.local_today(me))
    for path in ("/program", "/program/habits", "/program/window/start"):
        page = text(client.get(path))
        assert "style=" not in page
        assert "<script>" not in page


def test_programme_page_query_count_does_not_grow_with_habits(client, me) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import count_queries

    today = service.local_today(me)
    add_nights(me, span(today - timedelta(days=27), 28))

    def queries() -> int:
        with count_queries(db.engine) as statements:
            assert client.get("/program").status_code == 200
        return len(statements)

    service.choose_builtin_habits(me, ["no_naps"], today)
    few = queries()
    habits = service.choose_builtin_habits(me, [h.key for h in rules.HABITS], today)
    for habit in habits:
        for offset in range(10):
            service.set_tick(me, habit.id, today - timedelta(days=offset), True, today)
    assert few <= 6, few  # session user, habits, ticks, diary nights, window
    assert queries() == few, few
