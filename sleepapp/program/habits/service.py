"""Habit services: choose, add, archive and tick habits, and the checklist's progress.
Pages and the API call these; they load, validate, save and commit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ...auth.models import User
from ...clock import utcnow
from ...diary.metrics import NightMetrics
from ...diary.service import nightly_metrics
from ...errors import Conflict, NotFound, ValidationFailed
from ...extensions import ID_MAX, db
from ..window import rules as window_rules
from . import adherence, catalogue
from .models import NAME_MAX, NOTE_MAX, Habit, HabitTick

# How far back a person may tick a day (a missed week is fine; a year is a typo).
TICK_DAYS_BACK = 90
_ID = re.compile(r"[0-9]{1,10}")


def list_habits(user: User, *, archived: bool | None = False) -> list[Habit]:
    """The person's habits in catalogue order; ``archived=None`` returns all."""
    query = sa.select(Habit).where(Habit.user_id == user.id)
    if archived is True:
        query = query.where(Habit.archived_at.is_not(None))
    elif archived is False:
        query = query.where(Habit.archived_at.is_(None))
    return sorted(db.session.scalars(query), key=lambda h: h.sort_key)


def parse_habit_id(value: object) -> int | None:
    """A habit id sent as text (the tick form): ASCII digits within 1..ID_MAX, else None."""
    if not isinstance(value, str) or _ID.fullmatch(value) is None:
        return None
    number = int(value)
    return number if 1 <= number <= ID_MAX else None


def get_habit(user: User, habit_id: int) -> Habit:
    if not 1 <= habit_id <= ID_MAX:
        raise NotFound("No such habit.")
    habit = db.session.scalar(sa.select(Habit).where(Habit.id == habit_id, Habit.user_id == user.id))
    if habit is None:
        raise NotFound("No such habit.")
    return habit


def _builtin_habits(user: User) -> dict[str | None, Habit]:
    query = sa.select(Habit).where(Habit.user_id == user.id, Habit.builtin_key.is_not(None))
    return {h.builtin_key: h for h in db.session.scalars(query)}


def choose_builtin_habits(user: User, keys: Sequence[str], today: date) -> list[Habit]:
    """Follow exactly these built-in habits: add or bring back the chosen ones, archive
    the rest (own habits are left as they are)."""
    unknown = [k for k in keys if k not in catalogue.HABITS_BY_KEY]
    if unknown:
        raise ValidationFailed({"habits": f"Unknown habits: {', '.join(unknown)}."})
    wanted = set(keys)
    for attempt in range(2):
        existing = _builtin_habits(user)
        for key in catalogue.HABITS_BY_KEY:
            habit = existing.get(key)
            if key in wanted:
                if habit is None:
                    db.session.add(Habit(user_id=user.id, builtin_key=key, chosen_on=today))
                elif habit.archived_at is not None:
                    habit.archived_at = None
                    habit.chosen_on = today
            elif habit is not None and habit.archived_at is None:
                habit.archived_at = utcnow()
        try:
            db.session.commit()
            break
        except IntegrityError:  # the same choice arrived twice at once (a double tap)
            db.session.rollback()
            if attempt:
                raise Conflict("Your habits were just changed elsewhere; reload and try again.") from None
    return list_habits(user)


def _clean_text(value: object, label: str, limit: int, *, required: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError(f"Give the {label} a name.")
        return None
    if not isinstance(value, str):
        raise ValueError(f"The {label} must be text.")
    if "\x00" in value:  # PostgreSQL text cannot hold NUL
        raise ValueError(f"The {label} contains a character that cannot be stored.")
    text = " ".join(value.split())
    if len(text) > limit:
        raise ValueError(f"Keep the {label} to {limit} characters or fewer.")
    return text


def _check_custom_habit(
    user: User, name: object, note: object, also_taken: Sequence[str] = ()
) -> tuple[str, str | None]:
    """Clean an own habit's name and note, or raise ValidationFailed (nothing saved)."""
    errors: dict[str, str] = {}
    clean_name = clean_note = None
    try:
        clean_name = _clean_text(name, "habit", NAME_MAX, required=True)
    except ValueError as exc:
        errors["name"] = str(exc)
    try:
        clean_note = _clean_text(note, "note", NOTE_MAX, required=False)
    except ValueError as exc:
        errors["note"] = str(exc)
    if not errors and clean_name:
        taken = {h.title.casefold() for h in list_habits(user)} | {t.casefold() for t in also_taken}
        if clean_name.casefold() in taken:
            errors["name"] = f"You already follow “{clean_name}”."
    if errors or not clean_name:
        raise ValidationFailed(errors, "The habit was not added.")
    return clean_name, clean_note


def add_custom_habit(user: User, name: object, note: object, today: date) -> Habit:
    clean_name, clean_note = _check_custom_habit(user, name, note)
    habit = Habit(user_id=user.id, name=clean_name, note=clean_note, chosen_on=today)
    db.session.add(habit)
    db.session.commit()
    return habit


def save_habits_page(
    user: User, keys: Sequence[str], name: object, note: object, today: date
) -> tuple[list[Habit], Habit | None]:
    """The habits page's one post: the built-in choices and, when a name is given, an own
    habit. The own habit is checked first, so a bad name saves nothing and the page can
    show the choices exactly as they were ticked."""
    wants_own = any(isinstance(v, str) and v.strip() for v in (name, note))  # a note alone: name it
    if wants_own:
        chosen_titles = [catalogue.HABITS_BY_KEY[k].name for k in keys if k in catalogue.HABITS_BY_KEY]
        _check_custom_habit(user, name, note, chosen_titles)
    habits = choose_builtin_habits(user, keys, today)
    own = add_custom_habit(user, name, note, today) if wants_own else None
    return habits, own


def archive_habit(user: User, habit_id: int) -> Habit:
    habit = get_habit(user, habit_id)
    if habit.archived_at is None:
        habit.archived_at = utcnow()
        db.session.commit()
    return habit


def restore_habit(user: User, habit_id: int, today: date) -> Habit:
    habit = get_habit(user, habit_id)
    if habit.archived_at is not None:
        habit.archived_at = None
        habit.chosen_on = today
        db.session.commit()
    return habit


def check_tick_day(day: date, today: date) -> None:
    if day > today:
        raise ValidationFailed({"day": "You can only tick today or a past day."}, "Nothing was ticked.")
    if day < today - timedelta(days=TICK_DAYS_BACK):
        raise ValidationFailed(
            {"day": f"You can tick days up to {TICK_DAYS_BACK} days back."}, "Nothing was ticked."
        )


def set_tick(user: User, habit_id: int, day: date, done: bool, today: date) -> bool:
    """Mark a habit done or not done on a day. Idempotent: a double tap changes nothing."""
    check_tick_day(day, today)
    habit = get_habit(user, habit_id)
    if habit.archived_at is not None:
        raise ValidationFailed({"habit": "This habit is archived; restore it to tick it."})
    tick = db.session.scalar(
        sa.select(HabitTick).where(
            HabitTick.user_id == user.id, HabitTick.habit_id == habit.id, HabitTick.day == day
        )
    )
    if done and tick is None:
        db.session.add(HabitTick(user_id=user.id, habit_id=habit.id, day=day))
        try:
            db.session.commit()
        except IntegrityError:  # the same tap arrived twice at once: already done
            db.session.rollback()
    elif not done and tick is not None:
        db.session.delete(tick)
        db.session.commit()
    return done


def ticks_by_habit(user: User, first: date, last: date) -> dict[int, set[date]]:
    rows = db.session.execute(
        sa.select(HabitTick.habit_id, HabitTick.day).where(
            HabitTick.user_id == user.id, HabitTick.day >= first, HabitTick.day <= last
        )
    )
    result: dict[int, set[date]] = {}
    for habit_id, day in rows:
        result.setdefault(habit_id, set()).add(day)
    return result


@dataclass(frozen=True)
class HabitProgress:
    habit: Habit
    last7: adherence.Adherence
    last28: adherence.Adherence
    streak: int
    strip: list[bool | None]  # one per day of ``Progress.days``: None = not followed yet
    done_on_day: bool


@dataclass(frozen=True)
class Progress:
    today: date
    day: date
    days: list[date]  # the 28 days ending today, oldest first
    habits: list[HabitProgress]
    last7: adherence.Adherence
    last28: adherence.Adherence
    daily: list[adherence.Adherence]
    efficiency: list[float | None]  # diary SE per day's morning, aligned with ``days``
    efficiency7: float | None
    efficiency28: float | None
    nights7: int
    nights28: int


def _pooled_se(nights: Sequence[NightMetrics], first: date, last: date) -> tuple[float | None, int]:
    totals = window_rules.pool_nights(nights, window_rules.Period(first, last))
    return window_rules.display_efficiency(totals.efficiency), totals.nights


def habit_progress(user: User, today: date, day: date | None = None) -> Progress:
    """Everything the checklist page shows: per-habit and overall adherence (7 and 28
    days), streaks, a 28-day strip per habit, and the diary's SE for the same days."""
    day = day or today
    habits = list_habits(user)
    days = [today - timedelta(days=i) for i in range(27, -1, -1)]
    # Streaks and "active from" need older ticks; a year and a bit is plenty.
    ticks = ticks_by_habit(user, today - timedelta(days=400), today)
    rows = []
    pairs: list[tuple[date, set[date]]] = []
    for habit in habits:
        habit_ticks = ticks.get(habit.id, set())
        pairs.append((habit.chosen_on, habit_ticks))
        start = adherence.active_from(habit.chosen_on, habit_ticks)
        rows.append(
            HabitProgress(
                habit=habit,
                last7=adherence.habit_adherence(habit.chosen_on, habit_ticks, today, 7),
                last28=adherence.habit_adherence(habit.chosen_on, habit_ticks, today, 28),
                streak=adherence.current_streak(habit_ticks, today),
                strip=[(d in habit_ticks) if d >= start else None for d in days],
                done_on_day=day in habit_ticks,
            )
        )
    nights = nightly_metrics(user, days[0], today)
    by_date = {n.date: n for n in nights}
    se7, n7 = _pooled_se(nights, today - timedelta(days=6), today)
    se28, n28 = _pooled_se(nights, days[0], today)
    return Progress(
        today=today,
        day=day,
        days=days,
        habits=rows,
        last7=adherence.overall_adherence(pairs, today, 7),
        last28=adherence.overall_adherence(pairs, today, 28),
        daily=adherence.daily_share(pairs, days),
        efficiency=[by_date[d].sleep_efficiency if d in by_date else None for d in days],
        efficiency7=se7,
        efficiency28=se28,
        nights7=n7,
        nights28=n28,
    )
