"""The sleep window's rules as pure functions (docs/design.md §3.3-3.4, contract): the
baseline and review weeks, pooled sleep efficiency, rounding to the quarter hour, the floor
and ceiling, the weekly step and the hold for daytime sleepiness.

No Flask and no database here: the service feeds in diary nights and stores what comes out.
Dates of nights follow the diary's convention: an entry is dated by the morning it ends on,
so "the night of Mon -> Tue" is the entry dated Tuesday.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import Enum
from fractions import Fraction
from typing import Protocol

# -- sleep window constants (docs/design.md §3, contract) ------------------------------
STEP_MIN = 15
FLOOR_MIN = 330  # 5 h 30: the CBTI-M floor (docs/sources.md 2.2); lower floors hurt adherence
CEILING_MIN = 540
MIN_NIGHTS = 5
WEEK_DAYS = 7
SE_INCREASE_AT = 90  # percent; SE >= 90 -> +15 min
SE_HOLD_AT = 85  # percent; 85 <= SE < 90 -> unchanged; below -> -15 min

MINUTES_PER_DAY = 24 * 60


class Night(Protocol):
    """What the rules need from a diary night (the diary's ``NightMetrics`` fits)."""

    @property
    def date(self) -> date: ...

    @property
    def time_in_bed_min(self) -> float: ...

    @property
    def total_sleep_min(self) -> float: ...


# -- arithmetic -----------------------------------------------------------------------


def round_to_step(minutes: float | Fraction) -> int:
    """Round to the nearest quarter hour, halves up (337.5 -> 345, 322.5 -> 330).

    Works on exact fractions so a mean such as 2362.5 / 7 never lands on the wrong side
    of a half through float error.
    """
    quarters = Fraction(minutes) / STEP_MIN
    return math.floor(quarters + Fraction(1, 2)) * STEP_MIN


def clamp_window(minutes: int) -> int:
    """Keep a window between the floor (330) and the ceiling (540)."""
    return min(max(minutes, FLOOR_MIN), CEILING_MIN)


def bedtime_for(wake: time, window_min: int) -> time:
    """Bedtime as a clock time: wake time minus the window, crossing midnight if needed."""
    wake_min = wake.hour * 60 + wake.minute
    bed_min = (wake_min - window_min) % MINUTES_PER_DAY
    return time(bed_min // 60, bed_min % 60)


# -- which nights count ---------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """An inclusive range of diary dates (mornings)."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


def baseline_period(start: date) -> Period:
    """The 7 nights before the start date: the nights ending on the mornings start-6 ..
    start (the last one is the night before the window's first night)."""
    return Period(start - timedelta(days=WEEK_DAYS - 1), start)


def review_period(window_start: date) -> Period:
    """The 7 nights from a window's start: the first night begins on ``window_start`` and
    ends the next morning, so the diary dates are start+1 .. start+7."""
    return Period(window_start + timedelta(days=1), window_start + timedelta(days=WEEK_DAYS))


def review_due_on(window_start: date) -> date:
    """A review is due once the window's 7 days are over, and the next window starts
    that same day (the day after the 7 days)."""
    return window_start + timedelta(days=WEEK_DAYS)


@dataclass(frozen=True)
class NightTotals:
    """Pooled totals of the nights that fall in a period."""

    period: Period
    nights: int
    total_sleep_min: Fraction
    time_in_bed_min: Fraction

    @property
    def missing(self) -> int:
        """How many more nights are needed to reach the minimum."""
        return max(MIN_NIGHTS - self.nights, 0)

    @property
    def enough(self) -> bool:
        return self.nights >= MIN_NIGHTS

    @property
    def mean_total_sleep_min(self) -> Fraction | None:
        return self.total_sleep_min / self.nights if self.nights else None

    @property
    def efficiency(self) -> Fraction | None:
        """Pooled SE: total TST / total TIB x 100, exact (compared unrounded)."""
        if self.time_in_bed_min <= 0:
            return None
        return self.total_sleep_min / self.time_in_bed_min * 100


def pool_nights(nights: Iterable[Night], period: Period) -> NightTotals:
    """Total the nights dated inside ``period`` (one per date; later duplicates ignored)."""
    seen: set[date] = set()
    tst = Fraction(0)
    tib = Fraction(0)
    for night in nights:
        if night.date not in period or night.date in seen:
            continue
        seen.add(night.date)
        tst += Fraction(night.total_sleep_min)
        tib += Fraction(night.time_in_bed_min)
    return NightTotals(period, len(seen), tst, tib)


def display_efficiency(value: Fraction | None) -> float | None:
    """One decimal, rounded *down*, so a shown 90.0 always means the >= 90 rule fired and
    a true 89.96 shows as 89.9, never as a misleading 90.0."""
    if value is None:
        return None
    return math.floor(value * 10) / 10


def display_minutes(value: Fraction | None) -> float | None:
    if value is None:
        return None
    return round(float(value), 1)


# -- initial window -------------------------------------------------------------------


@dataclass(frozen=True)
class InitialWindow:
    window_min: int
    baseline: NightTotals


@dataclass(frozen=True)
class NotEnoughNights:
    baseline: NightTotals

    @property
    def missing(self) -> int:
        return self.baseline.missing

    @property
    def message(self) -> str:
        p = self.baseline.period
        have = self.baseline.nights
        return (
            f"Needs at least {MIN_NIGHTS} diary nights among the {WEEK_DAYS} before the "
            f"start date ({p.first.isoformat()} to {p.last.isoformat()}); you have {have}, "
            f"{self.missing} more {'night is' if self.missing == 1 else 'nights are'} missing."
        )


def initial_window(nights: Iterable[Night], start: date) -> InitialWindow | NotEnoughNights:
    """Initial window = mean TST of the baseline nights, rounded to 15 min, clamped."""
    baseline = pool_nights(nights, baseline_period(start))
    mean = baseline.mean_total_sleep_min
    if not baseline.enough or mean is None:
        return NotEnoughNights(baseline)
    return InitialWindow(clamp_window(round_to_step(mean)), baseline)


# -- weekly review --------------------------------------------------------------------


class Outcome(Enum):
    INCREASE = "increase"
    UNCHANGED = "unchanged"
    DECREASE = "decrease"
    NOT_ENOUGH_NIGHTS = "not_enough_nights"
    START = "start"
    # Efficiency asked for less time in bed, but the person is sleepy in the day: kept.
    HELD_FOR_SLEEPINESS = "held_for_sleepiness"


@dataclass(frozen=True)
class Review:
    old_window_min: int
    new_window_min: int
    outcome: Outcome
    week: NightTotals
    next_start: date

    @property
    def change_min(self) -> int:
        return self.new_window_min - self.old_window_min


def decide_step(efficiency: Fraction | float) -> Outcome:
    """The contract's thresholds, compared on the unrounded SE."""
    if efficiency >= SE_INCREASE_AT:
        return Outcome.INCREASE
    if efficiency >= SE_HOLD_AT:
        return Outcome.UNCHANGED
    return Outcome.DECREASE


_STEP = {Outcome.INCREASE: STEP_MIN, Outcome.UNCHANGED: 0, Outcome.DECREASE: -STEP_MIN}


def review_window(window_min: int, window_start: date, nights: Iterable[Night]) -> Review:
    """Review the week that began on ``window_start``.

    Too few logged nights keep the window as it is (the next week is another try).
    The floor and ceiling apply after the step, so an out-of-range stored window is
    brought back in range too.
    """
    week = pool_nights(nights, review_period(window_start))
    efficiency = week.efficiency
    nxt = review_due_on(window_start)  # the next window starts on the review day
    if not week.enough or efficiency is None:
        return Review(window_min, window_min, Outcome.NOT_ENOUGH_NIGHTS, week, nxt)
    outcome = decide_step(efficiency)
    new = clamp_window(window_min + _STEP[outcome])
    return Review(window_min, new, outcome, week, nxt)


def is_review_due(window_start: date, today: date) -> bool:
    return today >= review_due_on(window_start)


def hold_for_sleepiness(review: Review, sleepy: object) -> Review:
    """The weekly review asks about daytime sleepiness first: unless the answer is a plain
    no, the window is never narrowed (it keeps its length or widens as the week allows)."""
    if sleepy is False or review.outcome is not Outcome.DECREASE:
        return review
    return Review(
        review.old_window_min,
        review.old_window_min,
        Outcome.HELD_FOR_SLEEPINESS,
        review.week,
        review.next_start,
    )
