"""The six-week course as pure rules (docs/design.md "The course"): the weeks, where a person
is, and every move (start, next week, repeat, pause, resume, leave) as a function from one
`Progress` to the next. No Flask and no database here: the service loads and saves rows.

Moving on: week 1 is a baseline diary week, so week 2 opens only once 5 of the last 7
nights are in the diary; every later week opens once the current one has had its 7 days
(days paused do not count). A person may repeat the current week or any week already done,
pause, and leave (every tool stays theirs); starting again after leaving goes back to the
week they left.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

WEEK_DAYS = 7
BASELINE_NEEDED = 5  # of the 7 nights before week 2 opens (as the sleep window's start)
LAST_WEEK = 6
WORRY_TIME_WEEK = 4  # "Thinking skills": worry time begins, and so do its reminders

Status = Literal["done", "current", "locked"]


@dataclass(frozen=True)
class Week:
    n: int
    title: str
    todo: str  # the one or two things to do that week, one line


WEEKS: tuple[Week, ...] = (
    Week(1, "Your baseline week", "Log every night in your diary for a week."),
    Week(
        2,
        "Bed is for sleep, and your sleep window",
        "Start the bed-for-sleep habits; start a sleep window if the safety questions allow.",
    ),
    Week(
        3,
        "Your first weekly review, and sleep habits",
        "Review your window's week; choose a few sleep habits.",
    ),
    Week(4, "Thinking skills", "Try worry time in the evening and one thought record."),
    Week(
        5, "Relaxation and winding down", "Try paced breathing, muscle relaxation or a body scan before bed."
    ),
    Week(6, "Keeping the gains", "Make a plan for setbacks and compare this week with your first."),
)


class CourseRefused(Exception):
    """A move the rules do not allow now; the message says why, for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Progress:
    """One person's place in the course.

    ``week`` is the current week (1-6); ``week_started_on`` the day it opened (moved on by
    the days paused, so 7 days in the week are counted without them); ``done`` the weeks
    finished; ``baseline_end`` the last morning of the baseline week (set when week 2
    opens: the outcomes compare that week with the latest). ``finished_on`` is set when
    week 6 is done, ``left_on`` while the person has left the course.
    """

    started_on: date
    week: int
    week_started_on: date
    done: frozenset[int] = frozenset()
    baseline_end: date | None = None
    paused_on: date | None = None
    left_on: date | None = None
    finished_on: date | None = None

    @property
    def active(self) -> bool:
        return self.left_on is None and self.finished_on is None

    @property
    def current_week(self) -> int | None:
        """The week the person is in: None when not in the course (left, or finished)."""
        return self.week if self.active else None


def start(today: date) -> Progress:
    return Progress(started_on=today, week=1, week_started_on=today)


def week_opens_on(progress: Progress) -> date:
    """The first day the next week may open (week 1 also waits for its nights)."""
    return progress.week_started_on + timedelta(days=WEEK_DAYS)


def statuses(progress: Progress | None) -> list[tuple[Week, Status]]:
    """Each week with its status: done, current (the week a person in the course is in) or
    locked. Not started: all locked; finished: all done."""
    out: list[tuple[Week, Status]] = []
    for week in WEEKS:
        if progress is not None and week.n == progress.current_week:
            out.append((week, "current"))
        elif progress is not None and week.n in progress.done:
            out.append((week, "done"))
        else:
            out.append((week, "locked"))
    return out


def may_open(progress: Progress, n: int) -> bool:
    """Whether a session page may be read: the current week and every week done (a
    finished or left course keeps its done weeks readable)."""
    return n == progress.current_week or n in progress.done


def next_week_refusal(progress: Progress, today: date, baseline_nights: int) -> str | None:
    """Why the next week cannot open today (None: it can). `baseline_nights` is the number
    of diary nights among the last 7 (only week 1 reads it)."""
    if progress.left_on is not None:
        return "You have left the course: start it again to carry on."
    if progress.finished_on is not None:
        return "You have finished the course."
    if progress.paused_on is not None:
        return "The course is paused: resume it first."
    if progress.week == 1 and baseline_nights < BASELINE_NEEDED:
        missing = BASELINE_NEEDED - baseline_nights
        return (
            f"Week 2 opens once {BASELINE_NEEDED} of the last {WEEK_DAYS} nights are in your diary: "
            f"you have {baseline_nights}, so log {missing} more."
        )
    opens = week_opens_on(progress)
    if progress.week > 1 and today < opens:
        return f"Give this week its {WEEK_DAYS} days: the next week opens on {opens.isoformat()}."
    return None


def next_week(progress: Progress, today: date, baseline_nights: int) -> Progress:
    """Mark the current week done and open the next (after week 6: finished)."""
    if (why := next_week_refusal(progress, today, baseline_nights)) is not None:
        raise CourseRefused(why)
    done = progress.done | {progress.week}
    baseline_end = progress.baseline_end
    if progress.week == 1:
        baseline_end = today
    if progress.week == LAST_WEEK:
        return replace(progress, done=done, finished_on=today, baseline_end=baseline_end)
    return replace(
        progress, week=progress.week + 1, week_started_on=today, done=done, baseline_end=baseline_end
    )


def repeat(progress: Progress, n: int, today: date) -> Progress:
    """Go back to week n (the current one, or one done) and give it 7 days again. A
    finished course may repeat any week: the person is in the course again."""
    if progress.left_on is not None:
        raise CourseRefused("You have left the course: start it again to carry on.")
    if not may_open(progress, n):
        raise CourseRefused("Only the current week or a week you have done can be repeated.")
    return replace(progress, week=n, week_started_on=today, paused_on=None, finished_on=None)


def pause(progress: Progress, today: date) -> Progress:
    if not progress.active:
        raise CourseRefused("Only a course you are in can be paused.")
    if progress.paused_on is not None:
        raise CourseRefused("The course is paused already.")
    return replace(progress, paused_on=today)


def resume(progress: Progress, today: date) -> Progress:
    """Carry on; the days paused do not count toward the week's 7 days."""
    if progress.paused_on is None:
        raise CourseRefused("The course is not paused.")
    paused_days = max((today - progress.paused_on).days, 0)
    return replace(
        progress, paused_on=None, week_started_on=progress.week_started_on + timedelta(days=paused_days)
    )


def leave(progress: Progress, today: date) -> Progress:
    if not progress.active:
        raise CourseRefused("You are not in the course.")
    return replace(progress, left_on=today, paused_on=None)


def restart(progress: Progress | None, today: date) -> Progress:
    """Start the course: from week 1 when never started or finished; after leaving, back
    in the week left (given 7 days again). Already in it: refused."""
    if progress is None or progress.finished_on is not None:
        return start(today)
    if progress.left_on is None:
        raise CourseRefused("You are in the course already.")
    return replace(progress, left_on=None, paused_on=None, week_started_on=today)


# ---------------------------------------------------------------- outcomes

OUTCOME_MEASURES: tuple[tuple[str, str, str, bool], ...] = (
    # (summary key, label, unit, higher is better)
    ("sleep_efficiency", "Sleep efficiency", "%", True),
    ("sleep_onset_latency_min", "Time to fall asleep", "min", False),
    ("wake_after_sleep_onset_min", "Awake in the night", "min", False),
    ("total_sleep_min", "Total sleep", "min", True),
    ("quality", "Sleep quality (1-5)", "", True),
)
# Smaller differences than these are "about the same" (diary estimates are rough).
SAME_WITHIN = {"sleep_efficiency": 3.0, "quality": 0.3}
SAME_WITHIN_MIN = 10.0


@dataclass(frozen=True)
class OutcomeRow:
    key: str
    label: str
    unit: str
    before: float | None
    after: float | None
    change: float | None
    verdict: Literal["better", "worse", "same", "unknown"]


def compare_weeks(before: dict[str, float | None], after: dict[str, float | None]) -> list[OutcomeRow]:
    """The baseline week's means against the latest week's, one row per measure, with
    whether it moved the helpful way."""
    rows: list[OutcomeRow] = []
    for key, label, unit, higher_better in OUTCOME_MEASURES:
        b, a = before.get(key), after.get(key)
        if b is None or a is None:
            rows.append(OutcomeRow(key, label, unit, b, a, None, "unknown"))
            continue
        change = round(a - b, 1)
        if abs(change) < SAME_WITHIN.get(key, SAME_WITHIN_MIN):
            verdict: Literal["better", "worse", "same", "unknown"] = "same"
        else:
            verdict = "better" if (change > 0) == higher_better else "worse"
        rows.append(OutcomeRow(key, label, unit, b, a, change, verdict))
    return rows


def reached_worry_time(progress: Progress | None) -> bool:
    """Has the person's course reached worry time (and are they still in it)? Reminders for
    worry time wait for this (docs/design.md §11.1)."""
    if progress is None or progress.left_on is not None:
        return False
    return progress.week >= WORRY_TIME_WEEK or WORRY_TIME_WEEK in progress.done
