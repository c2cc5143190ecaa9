"""Habit pages: plain form posts (no JavaScript), ticks by script, field errors, isolation."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from sleepapp.diary.service import today_for
from sleepapp.extensions import db
from sleepapp.program.habits import catalogue, service
from sleepapp.program.habits.models import Habit, HabitTick
from tests.factories import make_user
from tests.program.helpers import text


def test_choose_habits_then_tick_with_plain_posts(client, me) -> None:  # type: ignore[no-untyped-def]
    page = text(client.get("/program/habits"))
    # the five stimulus-control rules are suggested
    for key in catalogue.SUGGESTED_KEYS:
        assert f'value="{key}" id="choose-{key}"\n      aria-describedby="why-{key}" checked' in page
    resp = client.post("/program/habits", data={"habits": ["no_naps", "no_caffeine_after_lunch"]})
    assert resp.status_code == 302
    habits = service.list_habits(me)
    assert [h.builtin_key for h in habits] == ["no_naps", "no_caffeine_after_lunch"]
    page = text(client.get("/program"))
    assert "No napping" in page and "/guide/naps" in page
    assert 'aria-pressed="false"' in page

    today = today_for(me)
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
    service.add_custom_habit(me, "Morning walk", None, today_for(me))
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


def test_tick_a_past_day(client, me) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], today_for(me))
    past = today_for(me) - timedelta(days=3)
    resp = client.post("/program/tick", data={"habit_id": habit.id, "day": past.isoformat(), "done": "1"})
    assert f"day={past.isoformat()}" in resp.headers["Location"]
    page = text(client.get(f"/program?day={past.isoformat()}"))
    assert 'aria-pressed="true"' in page
    assert text(client.get("/program")).count('aria-pressed="true"') == 0


def test_tick_by_script_answers_204(client, me) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], today_for(me))
    data = {"habit_id": habit.id, "day": today_for(me).isoformat(), "done": "1"}
    resp = client.post("/program/tick", data=data, headers={"X-Requested-With": "fetch"})
    assert resp.status_code == 204
    future = {**data, "day": (today_for(me) + timedelta(days=1)).isoformat()}
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
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], today_for(me))
    if data["habit_id"] == "HABIT":  # a real habit with a bad day
        data = {**data, "habit_id": str(habit.id)}
    assert client.post("/program/tick", data=data).status_code == status
    assert (
        client.post("/program/tick", data=data, headers={"X-Requested-With": "fetch"}).status_code == status
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HabitTick)) == 0


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_ticks_on_far_away_years_are_refused_with_a_message(client, me, day) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], today_for(me))
    data = {"habit_id": habit.id, "day": day, "done": "1"}
    resp = client.post("/program/tick", data=data, headers={"X-Requested-With": "fetch"})
    assert resp.status_code == 422 and "tick" in text(resp)
    resp = client.post("/program/tick", data=data, follow_redirects=True)
    assert resp.status_code == 200 and "You can" in text(resp)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HabitTick)) == 0


@pytest.mark.parametrize("habit_id", ["99999999999999999999", str(2**31), str(2**63)])
def test_archive_or_restore_a_huge_id_is_404(client, me, habit_id) -> None:  # type: ignore[no-untyped-def]
    service.choose_builtin_habits(me, ["no_naps"], today_for(me))
    assert client.post(f"/program/habits/{habit_id}/archive").status_code == 404
    assert client.post(f"/program/habits/{habit_id}/restore").status_code == 404
    assert len(service.list_habits(me)) == 1


def test_own_habit_with_a_nul_character_is_a_field_error(client, me) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/program/habits", data={"action": "add", "name": "Walk\x00", "note": ""})
    assert resp.status_code == 422
    assert "The habit contains a character that cannot be stored." in text(resp)
    assert service.list_habits(me) == []


def test_future_tick_is_refused_with_a_message(client, me) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], today_for(me))
    tomorrow = today_for(me) + timedelta(days=1)
    resp = client.post(
        "/program/tick",
        data={"habit_id": habit.id, "day": tomorrow.isoformat(), "done": "1"},
        follow_redirects=True,
    )
    assert "today or a past day" in text(resp)
    assert client.get(f"/program?day={tomorrow.isoformat()}").status_code == 404
    assert client.get("/program?day=nonsense").status_code == 400


def test_tick_without_csrf_is_refused(client, me) -> None:  # type: ignore[no-untyped-def]
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], today_for(me))
    data = {"habit_id": habit.id, "day": today_for(me).isoformat(), "done": "1"}
    assert client.post("/program/tick", data=data, csrf=False).status_code == 400


def test_cannot_tick_or_archive_someone_elses_habit(client, me) -> None:  # type: ignore[no-untyped-def]
    other = make_user(timezone="UTC")
    theirs = service.add_custom_habit(other, "Theirs", None, today_for(other))
    day = today_for(me).isoformat()
    assert (
        client.post("/program/tick", data={"habit_id": theirs.id, "day": day, "done": "1"}).status_code == 404
    )
    assert client.post(f"/program/habits/{theirs.id}/archive").status_code == 404
    assert client.post(f"/program/habits/{theirs.id}/restore").status_code == 404
    assert db.session.get(Habit, theirs.id).archived_at is None


def test_add_archive_restore_own_habit(client, me) -> None:  # type: ignore[no-untyped-def]
    resp = client.post(
        "/program/habits", data={"action": "add", "name": "Morning walk", "note": "10 minutes outside"}
    )
    assert resp.status_code == 302
    (habit,) = service.list_habits(me)
    assert text(client.get("/program")).count("Morning walk") >= 1
    resp = client.post("/program/habits", data={"action": "add", "name": "morning WALK", "note": ""})
    assert resp.status_code == 422 and "You already follow" in text(resp)
    resp = client.post("/program/habits", data={"action": "add", "name": "", "note": "a note alone"})
    assert "Give the habit a name." in text(resp)
    client.post(f"/program/habits/{habit.id}/archive")
    page = text(client.get("/program/habits"))
    assert "Archived" in page and "Restore" in page
    client.post(f"/program/habits/{habit.id}/restore")
    assert service.list_habits(me)[0].id == habit.id
