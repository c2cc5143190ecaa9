"""Course services: load a person's progress, apply one of the rules' moves and save it,
and gather what the pages and the API show (the weeks, the baseline nights, the outcomes).
Every query filters by the person; wording lives in presenters.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ...auth.models import User
from ...diary.service import Summary, summaries
from ...errors import Conflict, NotFound
from ...extensions import db
from ..window import rules as window_rules
from ..window.service import baseline_nights, current_window
from . import rules
from .models import CourseProgress


def _row(user: User) -> CourseProgress | None:
    return db.session.scalar(sa.select(CourseProgress).where(CourseProgress.user_id == user.id))


def to_progress(row: CourseProgress) -> rules.Progress:
    return rules.Progress(
        started_on=row.started_on,
        week=row.week,
        week_started_on=row.week_started_on,
        done=frozenset(n for n in range(1, rules.LAST_WEEK + 1) if row.done_weeks & (1 << (n - 1))),
        baseline_end=row.baseline_end,
        paused_on=row.paused_on,
        left_on=row.left_on,
        finished_on=row.finished_on,
    )


def _store(row: CourseProgress, progress: rules.Progress) -> None:
    row.started_on = progress.started_on
    row.week = progress.week
    row.week_started_on = progress.week_started_on
    row.done_weeks = sum(1 << (n - 1) for n in progress.done)
    row.baseline_end = progress.baseline_end
    row.paused_on = progress.paused_on
    row.left_on = progress.left_on
    row.finished_on = progress.finished_on


def progress_of(user: User) -> rules.Progress | None:
    row = _row(user)
    return None if row is None else to_progress(row)


def without_window(user: User) -> bool:
    row = _row(user)
    return bool(row and row.without_window)


def recent_nights(user: User, today: date) -> int:
    """Diary nights among the last 7 mornings (week 1 waits for 5 of them)."""
    return baseline_nights(user, today).nights


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError:  # two starts raced (one row per person)
        db.session.rollback()
        raise Conflict("Your course was just changed elsewhere; reload and try again.") from None


def start(user: User, today: date) -> rules.Progress:
    """Start the course (week 1), or rejoin the week left. Refused while in it."""
    row = _row(user)
    progress = rules.restart(None if row is None else to_progress(row), today)
    if row is None:
        row = CourseProgress(user_id=user.id)
        db.session.add(row)
    elif progress.week == 1 and not progress.done:
        row.without_window = False  # a fresh start asks about the window again
    _store(row, progress)
    _commit()
    return progress


def _move(user: User, move: Callable[[rules.Progress], rules.Progress]) -> rules.Progress:
    row = _row(user)
    if row is None:
        raise NotFound("You have not started the course yet.")
    progress = move(to_progress(row))
    _store(row, progress)
    _commit()
    return progress


def next_week(user: User, today: date) -> rules.Progress:
    nights = recent_nights(user, today)
    return _move(user, lambda p: rules.next_week(p, today, nights))


def repeat(user: User, n: int, today: date) -> rules.Progress:
    return _move(user, lambda p: rules.repeat(p, n, today))


def pause(user: User, today: date) -> rules.Progress:
    return _move(user, lambda p: rules.pause(p, today))


def resume(user: User, today: date) -> rules.Progress:
    return _move(user, lambda p: rules.resume(p, today))


def leave(user: User, today: date) -> rules.Progress:
    return _move(user, lambda p: rules.leave(p, today))


def go_without_window(user: User, value: bool = True) -> None:
    """The person says the safety screen told them to see a doctor first (or takes it back)."""
    row = _row(user)
    if row is None:
        raise NotFound("You have not started the course yet.")
    row.without_window = value
    _commit()


@dataclass(frozen=True)
class WindowState:
    """The sleep window as week 2 on sees it: the course never starts one itself."""

    has_window: bool
    without_window: bool


def window_state(user: User) -> WindowState:
    return WindowState(has_window=current_window(user) is not None, without_window=without_window(user))


# ---------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class Outcomes:
    baseline: Summary
    latest: Summary
    rows: list[rules.OutcomeRow]


def outcomes(user: User, progress: rules.Progress, today: date) -> Outcomes | None:
    """The baseline week (the 7 mornings up to the day week 2 opened) against the last 7
    mornings. None before week 2 opened."""
    if progress.baseline_end is None:
        return None
    baseline = summaries(user, progress.baseline_end, [window_rules.WEEK_DAYS])[window_rules.WEEK_DAYS]
    latest = summaries(user, today, [window_rules.WEEK_DAYS])[window_rules.WEEK_DAYS]
    return Outcomes(baseline, latest, rules.compare_weeks(baseline.mean, latest.mean))
