"""Sleep-window services: start a window after the safety screen, review each week, and
read the history (docs/design.md §3.3-3.6). Pages and the API call these; they load,
validate, save and commit, and return rows and rule results (wording: presenters.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ...auth.models import User
from ...clock import clock_or_none
from ...diary.metrics import NightMetrics
from ...diary.service import nightly_metrics
from ...errors import Conflict, NotFound, ValidationFailed
from ...extensions import db
from .. import parsing
from . import rules
from .models import SleepWindow
from .screen import UNSURE, check_screen

# How far back a programme may start (a paper diary kept earlier).
START_DAYS_BACK = 365


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
    parsed = clock_or_none(value)
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
    day = value if isinstance(value, date) else parsing.parse_iso_date(value)
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
    result = check_screen(screen)
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
    replace = current is not None and current.start == day and current.rule_outcome is rules.Outcome.START
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
    if not (isinstance(sleepy, bool) or sleepy == UNSURE):
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
