"""Adherence and streaks as pure functions (docs/design.md §3.2): ticks over the days a
habit counted, pooled over habits, the current streak and the daily share for the heat-map.
No Flask and no database here.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction


@dataclass(frozen=True)
class Adherence:
    """Ticks (``done``) over the days a habit counted (``possible``; pooled over habits:
    habit-days). ``partial`` says some habit counted fewer days than the span asked for
    (chosen recently), so the percentage rests on few days and must say so."""

    done: int
    possible: int
    partial: bool = field(default=False, compare=False)
    pooled: bool = field(default=False, compare=False)

    @property
    def percent(self) -> int | None:
        """Whole percent, rounded half up; None when there is nothing to count yet."""
        if self.possible == 0:
            return None
        return math.floor(Fraction(self.done * 100, self.possible) + Fraction(1, 2))

    @property
    def summary(self) -> str:
        """Honest wording: '86% of the last 7 days'; for a habit chosen 2 days ago
        '50% (1 of 2 days since you chose it)'; pooled: '60% (6 of 10 possible ticks)'."""
        if self.percent is None:
            return "not counted yet"
        if self.pooled:
            if self.partial:
                return f"{self.percent}% ({self.done} of {self.possible} possible ticks)"
            return f"{self.percent}%"
        if self.partial:
            days = "day" if self.possible == 1 else "days"
            return f"{self.percent}% ({self.done} of {self.possible} {days} since you chose it)"
        return f"{self.percent}% of the last {self.possible} days"

    def __add__(self, other: Adherence) -> Adherence:
        return Adherence(
            self.done + other.done,
            self.possible + other.possible,
            partial=self.partial or other.partial,
            pooled=True,
        )


def active_from(chosen_on: date, ticks: Collection[date]) -> date:
    """The first day a habit counts: the day it was chosen, or an earlier day the person
    ticked (filling in a past day means they were following it then)."""
    return min([chosen_on, *ticks])


def habit_adherence(chosen_on: date, ticks: Collection[date], today: date, days: int) -> Adherence:
    """Ticks over the habit's eligible days among the ``days`` ending today."""
    first = max(today - timedelta(days=days - 1), active_from(chosen_on, ticks))
    if first > today:
        return Adherence(0, 0)
    possible = (today - first).days + 1
    done = sum(1 for d in set(ticks) if first <= d <= today)
    return Adherence(done, possible, partial=possible < days)


def overall_adherence(habits: Iterable[tuple[date, Collection[date]]], today: date, days: int) -> Adherence:
    """Pooled over habits: all ticks / all eligible habit-days."""
    total = Adherence(0, 0, pooled=True)
    for chosen_on, ticks in habits:
        total = total + habit_adherence(chosen_on, ticks, today, days)
    return total


def current_streak(ticks: Collection[date], today: date) -> int:
    """Consecutive ticked days ending today, or ending yesterday while today is still
    open (an unticked today does not break a streak yet)."""
    tick_set = set(ticks)
    day = today if today in tick_set else today - timedelta(days=1)
    streak = 0
    while day in tick_set:
        streak += 1
        day -= timedelta(days=1)
    return streak


def daily_share(habits: Sequence[tuple[date, Collection[date]]], days: Sequence[date]) -> list[Adherence]:
    """For each day: how many of the habits counting that day were ticked (heat-map)."""
    result = []
    for day in days:
        done = possible = 0
        for chosen_on, ticks in habits:
            if day >= active_from(chosen_on, ticks):
                possible += 1
                done += day in ticks
        result.append(Adherence(done, possible))
    return result
