"""Habit services against the database: choosing, own habits, ticks and progress."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from sleepapp.errors import NotFound, ValidationFailed
from sleepapp.extensions import db
from sleepapp.program.habits import service
from sleepapp.program.habits.models import Habit, HabitTick
from tests.factories import make_nights, make_user, span

TODAY = date(2024, 6, 20)


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
    make_nights(person, span(TODAY - timedelta(days=6), 7), tst=360, tib=400)  # SE 90%
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
