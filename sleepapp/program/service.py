"""Programme services: choose, add, archive and tick habits; start and review the sleep
window. Pages and the API call these; they load, validate, save and commit."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import NotFound

from ..auth.models import User
from ..diary.metrics import NightMetrics
from ..errors import Conflict, ValidationFailed
from ..extensions import db
from ..templating import hours_minutes
from . import rules
from .models import NAME_MAX, NOTE_MAX, Habit, HabitTick, SleepWindow, utcnow

# How far back a person may tick a day (a missed week is fine; a year is a typo).
TICK_DAYS_BACK = 90
# How far back a programme may start (a paper diary kept earlier).
START_DAYS_BACK = 365
# Row ids are 32-bit integers on PostgreSQL; a larger number cannot name a row and would
# overflow the query parameter (SQLite stops at 2**63 - 1), so it is simply not found.
ID_MAX = 2**31 - 1
_ID = re.compile(r"[0-9]{1,10}")


def local_today(user: User) -> date:
    return datetime.now(user.zone).date()


def nightly_metrics(user: User, start: date, end: date) -> list[NightMetrics]:
    """Diary nights dated start..end (the diary slice owns the calculation)."""
    from ..diary.service import nightly_metrics as diary_nights

    return list(diary_nights(user, start, end))


# -- habits ---------------------------------------------------------------------------


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
    unknown = [k for k in keys if k not in rules.HABITS_BY_KEY]
    if unknown:
        raise ValidationFailed({"habits": f"Unknown habits: {', '.join(unknown)}."})
    wanted = set(keys)
    for attempt in range(2):
        existing = _builtin_habits(user)
        for key in rules.HABITS_BY_KEY:
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
        chosen_titles = [rules.HABITS_BY_KEY[k].name for k in keys if k in rules.HABITS_BY_KEY]
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
    last7: rules.Adherence
    last28: rules.Adherence
    streak: int
    strip: list[bool | None]  # one per day of ``Progress.days``: None = not followed yet
    done_on_day: bool


@dataclass(frozen=True)
class Progress:
    today: date
    day: date
    days: list[date]  # the 28 days ending today, oldest first
    habits: list[HabitProgress]
    last7: rules.Adherence
    last28: rules.Adherence
    daily: list[rules.Adherence]
    efficiency: list[float | None]  # diary SE per day's morning, aligned with ``days``
    efficiency7: float | None
    efficiency28: float | None
    nights7: int
    nights28: int


def _pooled_se(nights: Sequence[NightMetrics], first: date, last: date) -> tuple[float | None, int]:
    totals = rules.pool_nights(nights, rules.Period(first, last))
    return rules.display_efficiency(totals.efficiency), totals.nights


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
        start = rules.active_from(habit.chosen_on, habit_ticks)
        rows.append(
            HabitProgress(
                habit=habit,
                last7=rules.habit_adherence(habit.chosen_on, habit_ticks, today, 7),
                last28=rules.habit_adherence(habit.chosen_on, habit_ticks, today, 28),
                streak=rules.current_streak(habit_ticks, today),
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
        last7=rules.overall_adherence(pairs, today, 7),
        last28=rules.overall_adherence(pairs, today, 28),
        daily=rules.daily_share(pairs, days),
        efficiency=[by_date[d].sleep_efficiency if d in by_date else None for d in days],
        efficiency7=se7,
        efficiency28=se28,
        nights7=n7,
        nights28=n28,
    )


# -- sleep window ---------------------------------------------------------------------


def current_window(user: User) -> SleepWindow | None:
    return db.session.scalar(
        sa.select(SleepWindow)
        .where(SleepWindow.user_id == user.id)
        .order_by(SleepWindow.start.desc(), SleepWindow.id.desc())
        .limit(1)
    )


def window_history(user: User) -> list[SleepWindow]:
    return list(
        db.session.scalars(
            sa.select(SleepWindow)
            .where(SleepWindow.user_id == user.id)
            .order_by(SleepWindow.start, SleepWindow.id)
        )
    )


WAKE_TIME_MESSAGE = "Enter the wake time as HH:MM (24-hour), for example 06:30."
START_MESSAGE = "Enter the start date as YYYY-MM-DD."


def parse_wake_time(value: object) -> time:
    parsed = rules.parse_clock(value)
    if parsed is None:
        raise ValueError(WAKE_TIME_MESSAGE)
    return parsed


def earliest_restart(current: SleepWindow | None) -> date | None:
    """The first start date a new (or repeated) programme start may use.

    No window yet: any (``None``). Otherwise the current window's start date, so a new
    start follows it. On that date an unreviewed first window is replaced in place; a
    window set by a weekly review is history and stays: the new start is added after it
    (same date, newer row), so starting again works on a review day too.
    """
    return None if current is None else current.start


def parse_start(value: object, today: date) -> date:
    """The first night's date: YYYY-MM-DD, today or up to a year back. The range is
    checked before any arithmetic, so years such as 0001 or 9999 cannot overflow."""
    day = value if isinstance(value, date) else rules.parse_iso_date(value)
    if day is None:
        raise ValueError(START_MESSAGE)
    if day > today:
        raise ValueError("The start date can be today or a past day (a diary you already kept).")
    if day < today - timedelta(days=START_DAYS_BACK):
        raise ValueError("The start date can be at most a year back.")
    return day


def baseline_nights(user: User, start: date) -> rules.NightTotals:
    """The diary nights among the 7 before a start date (the first window's basis)."""
    period = rules.baseline_period(start)
    return rules.pool_nights(nightly_metrics(user, period.first, period.last), period)


def start_sleep_window(
    user: User, wake_time: object, start: object, screen: object, today: date
) -> SleepWindow:
    """Set the first window of a programme (docs/design.md §3).

    The safety screen is checked first: with any yes nothing else matters, no window is
    set. Then the wake time, the start date and the 7 nights before it.
    """
    if not isinstance(screen, Mapping):
        raise ValidationFailed(
            {"screen": "Answer the safety questions (true or false for each)."},
            "The safety screen is missing.",
        )
    result = rules.check_screen(screen)
    if not result.cleared:
        message = (
            "No sleep window was set: talk to your doctor first."
            if result.complete
            else "Answer every safety question first."
        )
        raise ValidationFailed({"screen": result.message}, message)

    errors: dict[str, str] = {}
    wake: time | None = None
    day: date | None = None
    try:
        wake = parse_wake_time(wake_time)
    except ValueError as exc:
        errors["wake_time"] = str(exc)
    try:
        day = parse_start(start, today)
    except ValueError as exc:
        errors["start"] = str(exc)
    if errors or wake is None or day is None:
        raise ValidationFailed(errors, "No sleep window was set.")

    current = current_window(user)
    earliest = earliest_restart(current)
    if current is not None and earliest is not None and day < earliest:
        raise ValidationFailed(
            {
                "start": f"Start on or after {earliest.isoformat()}: your current window "
                f"starts on {current.start.isoformat()}, and a new start follows it."
            },
            "No sleep window was set.",
        )
    period = rules.baseline_period(day)
    outcome = rules.initial_window(nightly_metrics(user, period.first, period.last), day)
    if isinstance(outcome, rules.NotEnoughNights):
        raise ValidationFailed({"start": outcome.message}, "Not enough diary nights yet.")

    # Only an unreviewed first window on the same date is replaced (a reviewed current
    # window would have a newer row after it); a review's window is never overwritten.
    replace = current is not None and current.start == day and current.outcome == rules.Outcome.START.value
    window = current if replace else None
    if window is None:
        window = SleepWindow(user_id=user.id, start=day)
        db.session.add(window)
    window.window_min = outcome.window_min
    window.wake_time = f"{wake:%H:%M}"
    window.outcome = rules.Outcome.START.value
    window.change_min = 0
    window.based_on_nights = outcome.baseline.nights
    window.mean_total_sleep_min = rules.display_minutes(outcome.baseline.mean_total_sleep_min)
    window.mean_efficiency = rules.display_efficiency(outcome.baseline.efficiency)
    _commit_window("Your sleep window was just changed elsewhere; reload and try again.")
    return window


def _commit_window(message: str) -> None:
    try:
        db.session.commit()
    except IntegrityError:  # two reviews of the same week raced (one review per window)
        db.session.rollback()
        raise Conflict(message) from None


@dataclass(frozen=True)
class ReviewResult:
    window: SleepWindow
    review: rules.Review


def review_sleep_window(user: User, today: date, sleepy: object) -> ReviewResult:
    """Review the current window's week (the newest row by start date and id) and start
    the next window (docs/design.md §3). The new row names the window it reviewed, so a
    second review of the same week (a double post) is a conflict, never a second row.
    Daytime sleepiness is asked first: anything but a plain no never narrows the window."""
    current = current_window(user)
    if current is None:
        raise NotFound("No sleep window yet: start one first.")
    due = rules.review_due_on(current.start)
    if today < due:
        raise Conflict(f"The next review is due on {due.isoformat()}, once this window's 7 nights are over.")
    if not (isinstance(sleepy, bool) or sleepy == rules.UNSURE):
        raise ValidationFailed(
            {"sleepy": 'Say whether you were very sleepy in the day this week: true, false or "unsure".'},
            "The review needs one answer first.",
        )
    period = rules.review_period(current.start)
    review = rules.hold_for_sleepiness(
        rules.review_window(
            current.window_min, current.start, nightly_metrics(user, period.first, period.last)
        ),
        sleepy,
    )
    window = SleepWindow(
        user_id=user.id,
        start=review.next_start,
        window_min=review.new_window_min,
        wake_time=current.wake_time,
        outcome=review.outcome.value,
        change_min=review.change_min,
        based_on_nights=review.week.nights,
        mean_total_sleep_min=rules.display_minutes(review.week.mean_total_sleep_min),
        mean_efficiency=rules.display_efficiency(review.week.efficiency),
        reviewed_window_id=current.id,
    )
    db.session.add(window)
    _commit_window("This week was just reviewed; reload to see the new window.")
    return ReviewResult(window, review)


# -- presenting a window ----------------------------------------------------------------


def bedtime(window: SleepWindow) -> str:
    wake = rules.parse_clock(window.wake_time) or time(0, 0)
    return f"{rules.bedtime_for(wake, window.window_min):%H:%M}"


OUTCOME_TEXT = {
    "start": "First window, from your diary's average sleep.",
    "increase": "Sleep efficiency was 90% or more: 15 minutes more time in bed.",
    "unchanged": "Sleep efficiency was between 85% and 90%: the window stays the same.",
    "decrease": "Sleep efficiency was under 85%: 15 minutes less time in bed.",
    "held_for_sleepiness": "Sleep efficiency was under 85%, but you were sleepy in the day, so "
    "the window stays the same. Please talk to your doctor about the sleepiness.",
}


def describe_change(window: SleepWindow) -> str:
    text = OUTCOME_TEXT.get(window.outcome, "")
    if window.outcome == "not_enough_nights":
        short = rules.MIN_NIGHTS - window.based_on_nights
        text = (
            f"Only {window.based_on_nights} of that week's 7 nights were logged ({short} short of the "
            f"{rules.MIN_NIGHTS} needed), so the window stayed the same."
        )
    limit = ""
    if window.outcome == "increase" and window.change_min == 0:
        limit = (
            f" It is already at the most this programme sets ({rules.format_duration(rules.CEILING_MIN)})."
        )
    elif window.outcome == "decrease" and window.change_min == 0:
        limit = f" It is already at the least this programme sets ({rules.format_duration(rules.FLOOR_MIN)})."
    return text + limit


_BANDS = {
    "increase": f"{rules.SE_INCREASE_AT}% or more",
    "unchanged": f"between {rules.SE_HOLD_AT}% and {rules.SE_INCREASE_AT}%",
    "decrease": f"under {rules.SE_HOLD_AT}%",
}


def explain_window(window: SleepWindow) -> str:
    """Where this window's length comes from, in one or two sentences: the first window
    from its baseline nights, a reviewed one from the review that set it."""
    length = rules.format_duration(window.window_min)
    if window.outcome == rules.Outcome.START.value:
        basis = f"That is a window of {length}"
        if window.based_on_nights:
            basis += f", based on {window.based_on_nights} diary nights"
            details = []
            if window.mean_total_sleep_min is not None:
                details.append(f"average sleep {hours_minutes(window.mean_total_sleep_min)}")
            if window.mean_efficiency is not None:
                details.append(f"sleep efficiency {window.mean_efficiency:.1f}%")
            if details:
                basis += f" ({', '.join(details)})"
        return basis + "."
    if window.outcome == rules.Outcome.NOT_ENOUGH_NIGHTS.value:
        return (
            f"Only {window.based_on_nights} of last week's 7 nights were logged ({rules.MIN_NIGHTS} are "
            f"needed for a review), so the window stayed at {length}."
        )
    if window.outcome == rules.Outcome.HELD_FOR_SLEEPINESS.value:
        se = f"{window.mean_efficiency:.1f}%" if window.mean_efficiency is not None else "not known"
        return (
            f"Last week's sleep efficiency was {se} (under {rules.SE_HOLD_AT}%), but you were sleepy in "
            f"the day, so the window stayed at {length} rather than getting shorter. Please tell your "
            "doctor about the sleepiness."
        )
    band = _BANDS.get(window.outcome)
    if band is None:
        return f"That is a window of {length}."
    se = f"{window.mean_efficiency:.1f}%" if window.mean_efficiency is not None else "not known"
    first = f"Last week's sleep efficiency was {se} ({band}), so "
    old = window.window_min - window.change_min
    if window.change_min:
        return first + f"the window went from {rules.format_duration(old)} to {length}."
    if window.outcome == "increase":
        return first + f"the window would grow, but {length} is the most this programme sets."
    if window.outcome == "decrease":
        return first + f"the window would shrink, but {length} is the least this programme sets."
    return first + f"the window stays at {length}."


def nights_outside_window(
    history: Sequence[SleepWindow], nights: Sequence[NightMetrics], first: date, last: date
) -> tuple[int, int]:
    """Of the diary nights dated first..last, how many had more time in bed than the
    window in force that night (in bed before its bedtime, or up after its wake time),
    and how many were compared. The night starting on a window's start date ends the
    next morning, so a night dated D follows the newest window that starts before D."""
    outside = compared = 0
    for night in nights:
        if not first <= night.date <= last:
            continue
        in_force = [w for w in history if w.start < night.date]
        if not in_force:
            continue
        compared += 1
        outside += night.time_in_bed_min > in_force[-1].window_min
    return outside, compared


def window_as_dict(user: User, window: SleepWindow, today: date) -> dict[str, object]:
    """The API's window object (docs/design.md §5, contract names first)."""
    history = window_history(user)
    due = rules.review_due_on(window.start)
    return {
        "window_min": window.window_min,
        "bedtime": bedtime(window),
        "wake_time": window.wake_time,
        "start": window.start.isoformat(),
        "based_on_nights": window.based_on_nights,
        "mean_total_sleep_min": window.mean_total_sleep_min,
        "mean_efficiency": window.mean_efficiency,
        "next_review": due.isoformat(),
        "review_due": today >= due,
        "change": {
            "outcome": window.outcome,
            "change_min": window.change_min,
            "from_min": window.window_min - window.change_min,
            "to_min": window.window_min,
            "message": describe_change(window),
        },
        "history": [
            {
                "start": w.start.isoformat(),
                "window_min": w.window_min,
                "bedtime": bedtime(w),
                "wake_time": w.wake_time,
                "outcome": w.outcome,
                "change_min": w.change_min,
                "based_on_nights": w.based_on_nights,
                "mean_total_sleep_min": w.mean_total_sleep_min,
                "mean_efficiency": w.mean_efficiency,
            }
            for w in history
        ],
    }
